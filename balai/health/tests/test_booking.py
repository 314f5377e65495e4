"""Booking a polyclinic slot: quotas, the walk-in share, estimates, BPJS numbers, cancellation,
the stages of a visit, calling the next patient, no-shows and the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_citizen, make_officer
from balai.health import actions, queries
from balai.health.models import Task, Visit, VisitTask
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _book(polyclinic, *, date=TOMORROW, patient=None, **kwargs):
    patient = patient or make_citizen().user
    return actions.book_visit(polyclinic=polyclinic, date=date, channel=Visit.Channel.ONLINE,
                              actor=patient, patient=patient, **kwargs)


def test_a_booking_gets_the_next_number_and_an_estimate_from_the_people_ahead(polyclinic):
    first = _book(polyclinic)
    second = _book(polyclinic)

    assert (first.number, second.number) == (1, 2)
    assert first.ticket == "UMUM-001"
    opens = timezone.make_aware(dt.datetime.combine(TOMORROW, dt.time(0, 0)))
    assert first.estimated_at == opens
    assert second.estimated_at == opens + dt.timedelta(minutes=10)
    assert first.booking_code == f"{TOMORROW:%Y%m%d}-UJI-UMUM-001"
    assert LedgerEntry.objects.filter(action="kesehatan.antrean_diambil").count() == 2
    assert Message.objects.filter(recipient=first.patient, channel="in_app").exists()


def test_booking_twice_returns_the_same_visit(polyclinic):
    patient = make_citizen().user
    assert _book(polyclinic, patient=patient) == _book(polyclinic, patient=patient)
    assert Visit.objects.count() == 1


def test_advance_bookings_stop_at_the_walk_in_share_and_walk_ins_take_the_rest(
        polyclinic, desk_officer):
    today = timezone.localdate()
    for _ in range(7):
        _book(polyclinic, date=today)
    with pytest.raises(actions.QueueFullError):
        _book(polyclinic, date=today)
    for n in range(3):
        actions.book_visit(polyclinic=polyclinic, date=today, channel=Visit.Channel.DESK,
                           actor=desk_officer, patient_name=f"Pasien {n}", walk_in=True)
    with pytest.raises(actions.QueueFullError):
        actions.book_visit(polyclinic=polyclinic, date=today, channel=Visit.Channel.DESK,
                           actor=desk_officer, patient_name="Satu lagi", walk_in=True)
    assert Visit.objects.filter(polyclinic=polyclinic, date=today).count() == 10
    assert Visit.objects.filter(walk_in=True, status=Visit.Status.ARRIVED).count() == 3


def test_cancelling_frees_the_slot_and_the_number_is_never_reused(polyclinic):
    visits = [_book(polyclinic) for _ in range(7)]
    with pytest.raises(actions.QueueFullError):
        _book(polyclinic)
    cancelled = actions.cancel_visit(visit=visits[0], actor=visits[0].patient)
    assert cancelled.status == Visit.Status.CANCELLED
    assert VisitTask.objects.get(visit=cancelled).task == Task.NO_SHOW
    again = _book(polyclinic)
    assert again.number == 8


def test_another_citizen_cannot_cancel(polyclinic):
    visit = _book(polyclinic)
    with pytest.raises(PermissionDeniedError):
        actions.cancel_visit(visit=visit, actor=make_citizen().user)


@pytest.mark.parametrize("number", ["12345", "00012345678901", "12345678901ab"])
def test_a_bpjs_number_must_have_13_digits(polyclinic, number):
    with pytest.raises(actions.InvalidBpjsNumber):
        _book(polyclinic, bpjs_number=number)
    assert not Visit.objects.exists()


def test_the_bpjs_number_is_kept_encrypted(polyclinic):
    from django.db import connection

    visit = _book(polyclinic, bpjs_number="0001234567890")
    with connection.cursor() as cursor:
        cursor.execute("SELECT bpjs_number FROM health_visit WHERE id = %s", [visit.pk])
        stored = cursor.fetchone()[0]
    assert "0001234567890" not in stored
    assert Visit.objects.get(pk=visit.pk).bpjs_number == "0001234567890"


def test_no_booking_on_a_day_without_a_doctor_or_beyond_two_weeks(polyclinic):
    polyclinic.schedules.filter(weekday=TOMORROW.weekday()).delete()
    with pytest.raises(actions.QueueClosedError):
        _book(polyclinic)
    with pytest.raises(actions.DomainError):
        _book(polyclinic, date=timezone.localdate() + dt.timedelta(days=15))


def test_only_the_facility_desk_books_for_others(polyclinic, officer):
    with pytest.raises(PermissionDeniedError):
        actions.book_visit(polyclinic=polyclinic, date=TOMORROW, channel=Visit.Channel.PHONE,
                           actor=officer, patient_name="Budi")


def test_a_phone_booking_is_confirmed_by_sms(polyclinic, desk_officer):
    visit = actions.book_visit(polyclinic=polyclinic, date=TOMORROW,
                               channel=Visit.Channel.PHONE, actor=desk_officer,
                               patient_name="Budi", phone="0812 3333 4444")
    message = Message.objects.get(channel="sms")
    assert message.address == "6281233334444"
    assert visit.ticket in message.body


def test_the_visit_goes_through_the_bpjs_stages_and_is_called_in_order(polyclinic,
                                                                        desk_officer):
    today = timezone.localdate()
    first, second = _book(polyclinic, date=today), _book(polyclinic, date=today)
    for task in (Task.WAIT_ADMISSION, Task.ADMISSION, Task.WAIT_POLI):
        actions.record_stage(visit=second, actor=desk_officer, task=task)
        actions.record_stage(visit=first, actor=desk_officer, task=task)
    called = actions.call_next(polyclinic=polyclinic, actor=desk_officer)
    assert called == first and called.ticket == "UMUM-001"
    called.refresh_from_db()
    assert called.status == Visit.Status.CALLED and called.waited_seconds is not None
    assert actions.call_next(polyclinic=polyclinic, actor=desk_officer) == second
    assert actions.call_next(polyclinic=polyclinic, actor=desk_officer) is None

    done = actions.record_stage(visit=first, actor=desk_officer, task=Task.WAIT_PHARMACY,
                                pharmacy=False)
    assert done.status == Visit.Status.DONE
    actions.record_stage(visit=second, actor=desk_officer, task=Task.WAIT_PHARMACY)
    actions.record_stage(visit=second, actor=desk_officer, task=Task.PHARMACY)
    finished = actions.record_stage(visit=second, actor=desk_officer, task=Task.DONE_PHARMACY)
    assert finished.status == Visit.Status.DONE
    assert list(VisitTask.objects.filter(visit=second).order_by("task")
                .values_list("task", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_a_stage_out_of_order_is_refused(polyclinic, desk_officer):
    visit = _book(polyclinic, date=timezone.localdate())
    with pytest.raises(actions.StageError):
        actions.record_stage(visit=visit, actor=desk_officer, task=Task.POLI)
    with pytest.raises(actions.StageError):
        actions.record_stage(visit=_book(polyclinic), actor=desk_officer,
                             task=Task.WAIT_ADMISSION)  # tomorrow's visit cannot arrive today


def test_a_no_show_is_skipped_with_task_99(polyclinic, desk_officer):
    visit = _book(polyclinic, date=timezone.localdate())
    skipped = actions.skip_visit(visit=visit, actor=desk_officer)
    assert skipped.status == Visit.Status.NO_SHOW
    assert VisitTask.objects.get(visit=visit).task == 99
    with pytest.raises(PermissionDeniedError):
        actions.skip_visit(visit=_book(polyclinic, date=timezone.localdate()),
                           actor=make_officer())


def test_patients_booked_for_tomorrow_are_reminded_once(polyclinic):
    citizen = make_citizen(phone="081255556666")
    visit = _book(polyclinic, patient=citizen.user)
    _book(polyclinic, date=timezone.localdate())  # today: no reminder
    assert actions.send_reminders(today=timezone.localdate()) == 1
    assert actions.send_reminders(today=timezone.localdate()) == 0
    sms = Message.objects.get(channel="sms")
    assert sms.address == "6281255556666" and visit.booking_code in sms.body
    assert Message.objects.filter(channel="in_app", subject__startswith="Pengingat").count() == 1


def test_the_reminder_task_is_scheduled(settings):
    assert ("balai.health.tasks.remind_tomorrow", {"daily_at": "16:00"}) in \
        settings.BALAI_PERIODIC_TASKS


def test_statistics_count_waits_and_no_shows_of_past_days(polyclinic, desk_officer):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    served = _book(polyclinic, date=timezone.localdate())
    missed = _book(polyclinic, date=timezone.localdate())
    Visit.objects.filter(pk=served.pk).update(date=yesterday, called_at=timezone.now(),
                                              waited_seconds=600, status="selesai")
    Visit.objects.filter(pk=missed.pk).update(date=yesterday, status="tidak_hadir")
    [row] = queries.statistics(polyclinic.facility, today=timezone.localdate())
    assert (row.visits, row.served, row.no_shows, row.average_wait_minutes) == (2, 1, 1, 10)
    assert row.no_show_percent == 50
