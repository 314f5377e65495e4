"""The portal's pages weigh at most 60 KB compressed, measured like every citizen page
(balai/portal/tests/test_page_weight.py), with an app that has keys, usage, an endpoint with
deliveries and received test webhooks."""

from __future__ import annotations

import pytest

from balai.core.testing import sign_in
from balai.developers import actions
from balai.developers.tests.helpers import make_key
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


def test_portal_pages_weigh_at_most_60_kb(client, app, admin_user, settings):
    for url in ("/pengembang/", "/pengembang/mulai/", "/pengembang/versi/",
                "/pengembang/perubahan/"):
        _check_weight(client, url, 200)
    key, _secret = make_key(app)
    actions.count_request(key_id=key.pk, endpoint="GET /api/v1/services", error=False)
    endpoint = actions.add_endpoint(
        app=app, actor=app.owner, mode="test",
        url=f"{settings.BALAI_PUBLIC_URL}/pengembang/penerima-uji/{app.receiver_token}/")
    actions.emit(endpoints=[endpoint], event_type="application.status_changed",
                 data={"number": "UJI-2026-000001", "state": "diajukan"})
    actions.receive_test_webhook(app=app, headers={"webhook-id": "msg_1"},
                                 body='{"type": "application.status_changed"}')
    actions.request_live_access(app=app, actor=app.owner)
    sign_in(client, app.owner)
    for url in ("/pengembang/", "/pengembang/aplikasi/baru/", f"/pengembang/aplikasi/{app.pk}/",
                f"/pengembang/aplikasi/{app.pk}/webhook/{endpoint.pk}/",
                f"/pengembang/aplikasi/{app.pk}/penerima-uji/"):
        _check_weight(client, url, 200)
    sign_in(client, admin_user)
    for url in ("/pengembang/persetujuan/", f"/pengembang/persetujuan/{app.pk}/"):
        _check_weight(client, url, 200)
