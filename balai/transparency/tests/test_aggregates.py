import datetime as dt

import pytest
from django.utils import timezone

from balai.core import events
from balai.notifications.models import Message
from balai.transparency.models import CaseCounter, PaymentCounter, Survey
from balai.transparency.queries import dashboard, percentile


class Complaint:
    """Stands in for the complaints app's model: receivers only read `pk` and `number`."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.number = f"ADU-{pk}"


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, 10, 0, tzinfo=timezone.get_current_timezone())


def _close(office, pk, *, days, on_time, outcome="resolved", user_id=None, day=20):
    events.case_closed.send(sender=Complaint, kind="complaint", obj=Complaint(pk),
                            office_id=office.pk, topic="jalan-rusak", kecamatan_code="",
                            opened_at=_at(2), closed_at=_at(day), outcome=outcome,
                            on_time=on_time, working_days=days, user_id=user_id)


def test_percentile_is_nearest_rank():
    histogram = {1: 5, 3: 3, 10: 2}
    assert percentile(histogram, 0.5) == 1
    assert percentile(histogram, 0.9) == 10
    assert percentile({}, 0.5) is None


@pytest.mark.django_db
def test_complaint_events_update_counters_and_dashboard(office_a):
    for pk in range(1, 5):
        events.case_opened.send(sender=Complaint, kind="complaint", obj=Complaint(pk),
                                office_id=office_a.pk, topic="jalan-rusak", kecamatan_code="",
                                opened_at=_at(2))
    _close(office_a, 1, days=2, on_time=True)
    _close(office_a, 2, days=4, on_time=True)
    _close(office_a, 3, days=9, on_time=False, outcome="rejected")
    counter = CaseCounter.objects.get(kind="complaint")
    assert (counter.opened, counter.closed, counter.completed, counter.on_time) == (4, 3, 2, 2)
    board = dashboard(year=2026)
    row = board.complaints[0]
    assert (row.received, row.closed, row.completed) == (4, 3, 2)
    assert row.median_days == 4
    assert row.p90_days == 9
    assert str(row.on_time_rate) == "66.7"
    assert board.months[2].complaints == 4


@pytest.mark.django_db
def test_closed_complaint_with_user_invites_to_survey_once(office_a, citizen):
    _close(office_a, 7, days=1, on_time=True, user_id=citizen.user.pk)
    survey = Survey.objects.get(case_kind="complaint", case_id=7)
    assert survey.user_id == citizen.user.pk
    assert Message.objects.filter(recipient=citizen.user,
                                  body__contains=f"/transparansi/survei/{survey.pk}/").exists()
    # An anonymous complaint (no user) is counted but invites nobody.
    _close(office_a, 8, days=1, on_time=True, user_id=None)
    assert Survey.objects.count() == 1


@pytest.mark.django_db
def test_payments_credited_and_reversed_net_per_month(office_a):
    class Payment:
        pk = 1

    for amount in (150_000, 250_000):
        events.payment_credited.send(sender=Payment, obj=Payment(), office_id=office_a.pk,
                                     revenue_kind="pbb_p2", amount=amount, paid_at=_at(5))
    events.payment_reversed.send(sender=Payment, obj=Payment(), office_id=office_a.pk,
                                 revenue_kind="pbb_p2", amount=150_000, paid_at=_at(5))
    counter = PaymentCounter.objects.get()
    assert (counter.payments, counter.amount) == (1, 250_000)
    assert dashboard(year=2026).months[2].amount == 250_000
