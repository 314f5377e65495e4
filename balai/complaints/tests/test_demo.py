"""The demo data loads, shows complaints in every state, and loads again without change."""

from __future__ import annotations

from balai.accounts import demo as accounts_demo
from balai.complaints import demo
from balai.complaints.models import Complaint
from balai.participation import demo as participation_demo
from balai.participation.models import Consultation, Idea, Poll


def test_demo_loads_twice_without_duplicates(kubu_raya):
    accounts_demo.load()
    demo.load()
    participation_demo.load()
    count = Complaint.objects.count()
    assert count >= 30
    assert {"baru", "diproses", "selesai", "dikonfirmasi", "ditolak", "digabung"} <= set(
        Complaint.objects.values_list("status", flat=True))
    assert Complaint.objects.filter(is_anonymous=True).exists()
    assert Complaint.objects.values("kecamatan").distinct().count() >= 5
    demo.load()
    participation_demo.load()
    assert Complaint.objects.count() == count
    assert Idea.objects.count() == 4 and Consultation.objects.count() == 1
    assert Poll.objects.count() == 1
