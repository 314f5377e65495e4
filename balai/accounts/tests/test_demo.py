from io import StringIO

import pytest

from balai.accounts import demo
from balai.accounts.models import Office, OfficeRole, Role, User
from balai.accounts.queries import find_user_by_identifier, has_role
from balai.ledger.models import LedgerEntry
from balai.ledger.queries import verify_chain

pytestmark = pytest.mark.django_db


def test_demo_creates_offices_officers_and_a_confirmed_citizen(kubu_raya):
    accounts = demo.load(StringIO())
    logins = {a.login for a in accounts}
    assert {"6112015708900003", "admin", "petugas.dukcapil", "verifikator.dukcapil",
            "pejabat.dukcapil", "operator.sungairaya", "auditor"} <= logins
    assert all(a.password == demo.DEMO_PASSWORD for a in accounts)
    codes = set(Office.objects.values_list("code", flat=True))
    assert {"setda", "disdukcapil", "dpmptsp", "bapenda", "dinkes", "disdik", "diskominfo",
            "inspektorat", "kec-sungai-raya", "kec-sungai-kakap", "desa-sungai-raya"} <= codes
    assert Office.objects.filter(kind=Office.Kind.KECAMATAN, region__isnull=False).count() == 9
    assert Office.objects.get(code="disdukcapil").parent.code == "setda"
    citizen = find_user_by_identifier("6112015708900003").citizen
    assert citizen.user.full_name == "Siti Aminah" and citizen.gender == "P"
    assert citizen.village_id == "61.12.01.2001" and citizen.verified_at is not None
    assert citizen.user.check_password(demo.DEMO_PASSWORD)
    assert find_user_by_identifier("081234567890") == citizen.user
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert has_role(admin, Role.ADMIN, Office.objects.get(code="diskominfo"))
    assert has_role(User.objects.get(username="operator.sungairaya"), Role.OPERATOR_LAYANAN,
                    Office.objects.get(code="kec-sungai-raya"))


def test_demo_twice_changes_nothing(kubu_raya):
    demo.load(StringIO())
    counts = (User.objects.count(), Office.objects.count(), OfficeRole.objects.count(),
              LedgerEntry.objects.count())
    demo.load(StringIO())
    assert counts == (User.objects.count(), Office.objects.count(), OfficeRole.objects.count(),
                      LedgerEntry.objects.count())
    assert verify_chain().ok


def test_demo_citizen_signs_in_with_the_printed_password(client, kubu_raya):
    demo.load(StringIO())
    response = client.post("/akun/masuk/", {"username": "6112015708900003",
                                            "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
