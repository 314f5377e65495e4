import io

from balai.accounts import demo as accounts_demo
from balai.applications import demo as applications_demo
from balai.catalogue import demo as catalogue_demo
from balai.notifications.models import Message
from balai.portal.models import FaqEntry
from balai.sms import demo, gsm7
from balai.sms.models import BulkSms, InboundSms, OptOut
from balai.taxes import demo as taxes_demo


def test_demo_is_alive_and_idempotent(kubu_raya, settings, tmp_path):
    settings.BALAI_DEV_PKI_DIR = str(tmp_path / "pki")
    accounts_demo.load(io.StringIO())
    catalogue_demo.load(io.StringIO())
    applications_demo.load(io.StringIO())
    taxes_demo.load(io.StringIO())
    for _ in range(2):
        demo.load(io.StringIO())

    outcomes = dict(InboundSms.objects.values_list("gateway_id", "outcome"))
    assert outcomes == {"demo-sms-1": "answered", "demo-sms-2": "answered",
                        "demo-sms-3": "answered", "demo-sms-4": "opted_out"}
    assert OptOut.objects.count() == 1
    run = BulkSms.objects.get()
    assert run.recipients >= 1 and run.cost == run.recipients * run.price_per_segment
    assert Message.objects.filter(body=demo.BULK_BODY).count() == run.recipients
    for inbound in InboundSms.objects.select_related("reply"):
        assert gsm7.is_single_sms(inbound.reply.body)
    assert FaqEntry.objects.filter(slug="perintah-sms", is_published=True).count() == 1
