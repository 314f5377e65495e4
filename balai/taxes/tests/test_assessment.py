import pytest

from balai.core.testing import ACTOR
from balai.ledger.models import LedgerEntry
from balai.payments.codes import is_valid_code
from balai.payments.models import Bill
from balai.taxes.actions import run_assessment
from balai.taxes.models import AssessmentRun, Sppt
from balai.taxes.testing import make_tax_object


@pytest.fixture
def three_objects(tax_object, taxpayer):
    small = make_tax_object(taxpayer=taxpayer, serial=2, land_area=10, land_njop_per_m2=100_000,
                            building_area=0)  # NJOP 1 juta: below NJOPTKP, nothing to pay
    big = make_tax_object(taxpayer=taxpayer, serial=3, land_area=5000,
                          land_njop_per_m2=1_000_000, building_area=0)
    return tax_object, small, big


def test_assessment_creates_an_sppt_and_a_bill_per_object(three_objects):
    normal, small, big = three_objects
    run = run_assessment(actor=ACTOR, year=2026)
    assert run.status == AssessmentRun.Status.DONE and run.created == 3
    sppt = Sppt.objects.get(tax_object=normal, year=2026)
    # NJOP 100 juta + 60 juta = 160 juta; minus NJOPTKP 10 juta; 0,1% band.
    assert sppt.njop_total == 160_000_000 and sppt.njkp == 150_000_000
    assert sppt.rate_ppm == 1000 and sppt.amount == 150_000
    assert Sppt.objects.get(tax_object=small).amount == 0
    # NJOP 5 miliar falls in the 0,15% band: (5.000.000.000 - 10.000.000) x 0,15%.
    assert Sppt.objects.get(tax_object=big).amount == 7_485_000
    bills = Bill.objects.filter(kind=Bill.Kind.PBB_P2)
    assert bills.count() == 2  # nothing owed on the small object, so no bill
    bill = bills.get(sppt=sppt)
    assert is_valid_code(bill.payment_code) and bill.nop == normal.nop
    assert bill.payer == normal.taxpayer.user and bill.principal == 150_000
    assert str(bill.due_date) == "2026-08-31"
    assert LedgerEntry.objects.filter(action="pbb.penetapan_selesai").count() == 1


def test_assessment_rerun_never_duplicates(three_objects):
    run_assessment(actor=ACTOR, year=2026)
    again = run_assessment(actor=ACTOR, year=2026)
    assert again.created == 3
    assert Sppt.objects.count() == 3 and Bill.objects.count() == 2


def test_assessment_resumes_from_its_cursor(three_objects):
    seen = []
    run = run_assessment(actor=ACTOR, year=2026, batch_size=1, max_batches=1,
                         progress=lambda r: seen.append(r.processed))
    assert run.status == AssessmentRun.Status.RUNNING and Sppt.objects.count() == 1
    assert seen == [1]
    run = run_assessment(actor=ACTOR, year=2026, batch_size=1,
                         progress=lambda r: seen.append(r.processed))
    assert run.status == AssessmentRun.Status.DONE
    assert Sppt.objects.count() == 3 and seen[-1] == 3


def test_run_assessment_command_shows_progress(three_objects, capsys):
    from django.core.management import call_command

    call_command("run_assessment", "2026", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "3/3" in out and "100%" in out
    assert Sppt.objects.count() == 3
