"""Access rules of signing up, signing in and the profile (docs/howto/access-control.md)."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

RULES = [
    # Signing up and in is for visitors; someone already signed in is sent on.
    Rule("accounts:register", read=expect(REDIRECT, anonymous=200),
         act=expect(REDIRECT, anonymous=200)),
    # Confirming needs a registration in progress in the session; without one, sign in.
    Rule("accounts:confirm", read=expect(LOGIN), act=expect(LOGIN)),
    Rule("accounts:resend_code", read=expect(405), act=expect(LOGIN)),
    Rule("accounts:login", read=expect(REDIRECT, anonymous=200),
         act=expect(REDIRECT, anonymous=200)),
    Rule("accounts:logout", read=expect(405), act=expect(REDIRECT)),
    Rule("accounts:profile", read=SIGNED_IN, act=SIGNED_IN),
    Rule("accounts:password_change", read=SIGNED_IN, act=SIGNED_IN),
    # Everyone's own calendar address: shown, made anew or stopped by its owner only.
    Rule("accounts:calendar", read=SIGNED_IN, act=expect(405, anonymous=LOGIN)),
    Rule("accounts:calendar_reset", read=expect(405, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
    Rule("accounts:calendar_revoke", read=expect(405, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
    Rule("accounts:password_reset", read=PUBLIC, act=PUBLIC),
    Rule("accounts:password_reset_done", read=PUBLIC),
    Rule("accounts:password_reset_confirm",
         kwargs={"uidb64": "MQ", "token": "token-palsu"}, read=PUBLIC, act=PUBLIC),
    Rule("accounts:password_reset_complete", read=PUBLIC),
    # Two-factor: officers signed in by sign_in are verified already and move on; citizens
    # have no second factor and are sent to their profile.
    Rule("accounts:two_factor_enroll", read=expect(REDIRECT, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
    Rule("accounts:two_factor_verify", read=expect(REDIRECT, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
    # Recovery codes are shown once, right after they are made; otherwise nothing to show.
    Rule("accounts:two_factor_recovery", read=expect(REDIRECT, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
    Rule("accounts:two_factor_new_recovery_codes", read=expect(405, anonymous=LOGIN),
         act=expect(REDIRECT, anonymous=LOGIN)),
]
