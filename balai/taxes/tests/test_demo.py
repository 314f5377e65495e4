import io

from balai.accounts import demo as accounts_demo
from balai.accounts.queries import find_citizen_by_nik
from balai.payments import demo as payments_demo
from balai.payments.models import BankClient, Bill
from balai.taxes import demo
from balai.taxes.models import Business, Sppt, TaxObject


def test_demo_is_alive_and_idempotent(kubu_raya, settings, tmp_path):
    settings.BALAI_DEV_PKI_DIR = str(tmp_path / "pki")
    accounts_demo.load(io.StringIO())
    for _ in range(2):
        demo.load(io.StringIO())
        payments_demo.load(io.StringIO())
    assert TaxObject.objects.count() == demo.OBJECTS
    assert Sppt.objects.count() == demo.OBJECTS
    citizen = find_citizen_by_nik(accounts_demo.CITIZEN["nik"])
    own = Bill.objects.get(payer=citizen.user, kind=Bill.Kind.PBB_P2)
    assert own.status == Bill.Status.UNPAID and own.nop == "611201000100100010"
    assert Business.objects.filter(taxpayer__user=citizen.user).exists()
    assert BankClient.objects.filter(is_sandbox=True).count() == 1
