"""Access rules of the developer portal (docs/howto/access-control.md).

The portal's front page and the documentation are public. Anyone signed in who is a confirmed
citizen or holds an office role may register an app; an app, its keys, endpoints, delivery log
and received test webhooks are its owner's (citizen A) alone: everyone else is told the page
does not exist. Reviewing apps for live keys is for admins (Diskominfo). The sandbox test
receiver is a secret address that accepts a POST from anyone who knows it.
"""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

OWNER_READS = expect(404, citizen_a=200, anonymous=LOGIN)
OWNER_ACTS = expect(404, citizen_a=REDIRECT, anonymous=LOGIN)
POST_ONLY = expect(405, anonymous=LOGIN)
SIGNED_IN_ACTS = expect(REDIRECT, anonymous=LOGIN)


def build(world):
    from balai.developers import actions
    from balai.developers.tests.helpers import make_app, make_key

    world.dev_app = make_app(world.citizen_a)
    world.dev_key_rotate, _secret = make_key(world.dev_app)
    world.dev_key_revoke, _secret = make_key(world.dev_app)
    world.dev_endpoint = actions.add_endpoint(app=world.dev_app, actor=world.citizen_a,
                                              url=_receiver(world), mode="test")
    actions.emit(endpoints=[world.dev_endpoint], event_type="application.status_changed",
                 data={"number": "UJI-2026-000001"})
    world.dev_delivery = world.dev_endpoint.deliveries.get()


def _receiver(world):
    from django.conf import settings

    return (f"{settings.BALAI_PUBLIC_URL}/pengembang/penerima-uji/"
            f"{world.dev_app.receiver_token}/")


def _app(w):
    return {"app_id": w.dev_app.pk}


def _endpoint(w):
    return {"app_id": w.dev_app.pk, "endpoint_id": w.dev_endpoint.pk}


RULES = [
    Rule("developers:index", read=PUBLIC),
    Rule("developers:guide", read=PUBLIC),
    Rule("developers:versioning", read=PUBLIC),
    Rule("developers:changelog", read=PUBLIC),
    Rule("developers:app_new", read=SIGNED_IN, act=SIGNED_IN_ACTS,
         data={"name": "Aplikasi", "description": "Uji.", "contact_email": "a@contoh.id",
               "callback_urls": ""}),
    Rule("developers:app", kwargs=_app, read=OWNER_READS),
    Rule("developers:key_create", kwargs=_app, read=POST_ONLY,
         act=expect(404, citizen_a=200, anonymous=LOGIN),
         data={"name": "k", "kind": "test", "scopes": "read", "rate_per_minute": "60"}),
    Rule("developers:key_rotate",
         kwargs=lambda w: {"app_id": w.dev_app.pk, "key_id": w.dev_key_rotate.pk},
         read=POST_ONLY, act=expect(404, citizen_a=200, anonymous=LOGIN),
         data={"overlap": "24"}),
    Rule("developers:key_revoke",
         kwargs=lambda w: {"app_id": w.dev_app.pk, "key_id": w.dev_key_revoke.pk},
         read=POST_ONLY, act=OWNER_ACTS),
    Rule("developers:live_request", kwargs=_app, read=POST_ONLY, act=OWNER_ACTS),
    Rule("developers:endpoint_create", kwargs=_app, read=POST_ONLY, act=OWNER_ACTS,
         data=lambda w: {"url": _receiver(w), "mode": "test"}),
    Rule("developers:endpoint", kwargs=_endpoint, read=OWNER_READS),
    Rule("developers:endpoint_rotate", kwargs=_endpoint, read=POST_ONLY, act=OWNER_ACTS),
    Rule("developers:endpoint_enable", kwargs=_endpoint, read=POST_ONLY, act=OWNER_ACTS),
    Rule("developers:delivery_replay",
         kwargs=lambda w: {**_endpoint(w), "delivery_id": w.dev_delivery.pk},
         read=POST_ONLY, act=OWNER_ACTS),
    Rule("developers:received", kwargs=_app, read=OWNER_READS),
    Rule("developers:receiver", kwargs=lambda w: {"token": w.dev_app.receiver_token},
         read=expect(405), act=expect(200), data={"type": "uji"}),
    Rule("developers:review_list", read=expect(403, admin=200, anonymous=LOGIN)),
    Rule("developers:review", kwargs=_app, read=expect(403, admin=200, anonymous=LOGIN),
         act=expect(403, admin=REDIRECT, anonymous=LOGIN),
         data={"decision": "approve", "note": ""}),
    Rule("POST /api/v1/sandbox/applications/{ref}/simulate",
         kwargs={"ref": "UJI-2026-000001"}, data={"action": "verifikasi"},
         act=expect(403, anonymous=401)),
]
