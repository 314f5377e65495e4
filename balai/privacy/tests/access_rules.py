"""Access rules of Data saya: everyone signed in sees only their own data; only admins answer
requests (docs/howto/access-control.md)."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

ADMINS = expect(404, admin=200, anonymous=LOGIN)


def build(world):
    from balai.privacy import actions

    world.data_request_a = actions.request_correction(actor=world.citizen_a,
                                                      details="Alamat saya sudah pindah.")


RULES = [
    Rule("privacy:notice", read=PUBLIC),
    Rule("privacy:index", read=SIGNED_IN),
    Rule("privacy:download_json", read=SIGNED_IN),
    Rule("privacy:download_pdf", read=SIGNED_IN),
    Rule("privacy:consent", read=expect(405, anonymous=LOGIN),
         data={"purpose": "survei_kepuasan", "granted": "1"},
         act=expect(REDIRECT, anonymous=LOGIN)),
    Rule("privacy:correction", read=SIGNED_IN, act=SIGNED_IN),  # empty form: errors shown
    Rule("privacy:erasure", read=SIGNED_IN, act=SIGNED_IN),
    Rule("privacy:requests", read=ADMINS),
    Rule("privacy:answer", kwargs=lambda w: {"request_id": w.data_request_a.pk},
         read=ADMINS, act=ADMINS),  # an empty answer is shown again with its errors
]
