"""The selection: ranking by the rules of each track (never by time of submission), deferred
acceptance over several choices, unfilled seats moved to domisili, a run reproducible from its
input and seed, resumed after a crash, announced, re-registration and the next in line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.core.errors import DomainError
from balai.education import actions, selection
from balai.education.models import RankEntry, SelectionRun
from balai.education.selection import Applicant
from balai.education.tests.helpers import make_school, register, verify_all
from balai.ledger.models import LedgerEntry

# --- the algorithm alone --------------------------------------------------------------------


def test_domisili_ranks_by_distance_then_older_child_never_by_number_order():
    applicants = [Applicant("A", age_days=4000, choices=((1, 900),)),
                  Applicant("B", age_days=4100, choices=((1, 500),)),
                  Applicant("C", age_days=4300, choices=((1, 900),))]
    result = selection.select("domisili", applicants, {1: 2}, seed="s")
    assert [n for _p, n in result.accepted[1]] == ["B", "C"]  # nearest, then the older of A/C
    assert result.waiting[1] == [(3, "A")]


def test_sd_age_band_comes_before_distance():
    applicants = [Applicant("A", age_days=2300, age_band=1, choices=((1, 100),)),
                  Applicant("B", age_days=2600, age_band=0, choices=((1, 5000),))]
    result = selection.select("domisili", applicants, {1: 1}, seed="s")
    assert result.accepted[1] == [(1, "B")]


def test_prestasi_by_score_and_mutasi_by_letter_date():
    applicants = [Applicant("A", 4000, ((1, 100),), score_hundredths=8000),
                  Applicant("B", 4000, ((1, 9000),), score_hundredths=9250)]
    assert selection.select("prestasi", applicants, {1: 1}, "s").accepted[1] == [(1, "B")]
    applicants = [Applicant("A", 4000, ((1, 100),), transfer_ordinal=739000),
                  Applicant("B", 4000, ((1, 9000),), transfer_ordinal=738900)]
    assert selection.select("mutasi", applicants, {1: 1}, "s").accepted[1] == [(1, "B")]


def test_full_tie_is_broken_by_the_seeded_hash():
    applicants = [Applicant(f"N{i}", 4000, ((1, 700),)) for i in range(6)]
    first = selection.select("afirmasi", applicants, {1: 3}, seed="benih-1")
    again = selection.select("afirmasi", list(reversed(applicants)), {1: 3}, seed="benih-1")
    assert first.accepted == again.accepted  # the input order does not matter
    expected = sorted(applicants, key=lambda a: selection.tie_hash("benih-1", a.number))[:3]
    assert [n for _p, n in first.accepted[1]] == [a.number for a in expected]


def test_deferred_acceptance_is_stable_and_keeps_reserve_lists():
    # School 1 has one seat; A is nearer to it than B. B prefers 1, A prefers 2.
    applicants = [Applicant("A", 4000, ((2, 800), (1, 100))),
                  Applicant("B", 4000, ((1, 300), (2, 200))),
                  Applicant("C", 4000, ((2, 100),))]
    result = selection.select("domisili", applicants, {1: 1, 2: 1}, seed="s")
    # C takes school 2 (nearest); A falls to school 1 and outranks B there; B is left out.
    assert result.accepted == {1: [(1, "A")], 2: [(1, "C")]}
    assert result.placed["A"] == (1, 1)
    assert result.waiting[2] == [(2, "B"), (3, "A")]  # both asked school 2, turned away
    assert result.waiting[1] == [(2, "B")]
    for number, (_school, index) in result.placed.items():  # no blocking pair
        applicant = next(a for a in applicants if a.number == number)
        for better, _d in applicant.choices[:index]:
            assert len(result.accepted[better]) == 1


# --- runs in the database -------------------------------------------------------------------



@pytest.fixture
def crowd(db, kubu_raya, year, smp, smp2):
    """Thirty verified SMP registrations over two schools of 20 seats each (8 domisili,
    5 afirmasi, 1 mutasi, 6 prestasi)."""
    from balai.core.testing import make_citizen

    parents = [make_citizen() for _ in range(3)]
    registrations = []
    tracks = ["domisili"] * 20 + ["afirmasi"] * 3 + ["mutasi"] * 2 + ["prestasi"] * 5
    for i, track in enumerate(tracks):
        registrations.append(register(
            parents[i % 3].user, year, [smp, smp2] if i % 2 else [smp2, smp], track=track,
            child_birth_date=dt.date(2013, 1, 1) + dt.timedelta(days=i * 7),
            home_latitude=-0.08 - i * 0.001, home_longitude=109.36,
            score=Decimal(60 + i) if track == "prestasi" else None))
    verify_all(registrations)
    return registrations


@pytest.mark.django_db
def test_same_input_and_seed_give_the_same_result(crowd, year):
    first = actions.run_selection(year=year, level="smp", seed="2026-seed", actor="uji")
    second = actions.run_selection(year=year, level="smp", seed="2026-seed", actor="uji")
    other = actions.run_selection(year=year, level="smp", seed="lain", actor="uji")
    assert first.status == SelectionRun.Status.DONE
    assert first.input_digest == second.input_digest
    assert first.result_digest == second.result_digest
    assert other.result_digest != first.result_digest or other.input_digest != first.input_digest
    assert LedgerEntry.objects.filter(action="spmb.seleksi_selesai").count() == 3
    assert LedgerEntry.objects.filter(action="spmb.seleksi_jalur_selesai").count() == 12


@pytest.mark.django_db
def test_unfilled_seats_of_other_tracks_go_to_domisili(crowd, year, smp, smp2):
    run = actions.run_selection(year=year, level="smp", seed="s", actor="uji")
    accepted = RankEntry.objects.filter(run=run, status=RankEntry.Status.ACCEPTED)
    # 3 afirmasi for 10 seats, 2 mutasi for 2 seats, 5 prestasi for 12 seats: 14 carried over.
    assert accepted.filter(track="afirmasi").count() == 3
    assert accepted.filter(track="mutasi").count() == 2
    assert accepted.filter(track="prestasi").count() == 5
    assert sum(run.carried_seats.values()) == 7 + 0 + 7
    # 8 + 8 domisili seats and 14 carried: all 20 domisili children get a seat.
    assert accepted.filter(track="domisili").count() == 20
    assert accepted.values("registration").distinct().count() == 30


@pytest.mark.django_db
def test_a_crashed_run_resumes_and_matches_an_uninterrupted_run(crowd, year):
    run = actions.start_selection(year=year, level="smp", seed="benih", actor="uji")
    real = actions._run_track

    def crash_on_domisili(run_arg, track):
        if track == "domisili":
            raise RuntimeError("listrik padam")
        return real(run_arg, track)

    with mock.patch.object(actions, "_run_track", crash_on_domisili), \
            pytest.raises(RuntimeError):
        actions.continue_selection(run)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.RUNNING
    assert run.done_tracks == ["afirmasi", "mutasi", "prestasi"]
    assert not RankEntry.objects.filter(run=run, track="domisili").exists()

    call_command("run_spmb_selection", "--resume", str(run.pk), stdout=StringIO())
    run.refresh_from_db()
    fresh = actions.run_selection(year=year, level="smp", seed="benih", actor="uji")
    assert run.status == SelectionRun.Status.DONE
    assert run.result_digest == fresh.result_digest
    # Each track's step is in the ledger once.
    assert LedgerEntry.objects.filter(action="spmb.seleksi_jalur_selesai",
                                      object_id=str(run.pk)).count() == 4


@pytest.mark.django_db
def test_submission_time_does_not_change_the_ranking(kubu_raya, year, citizen, other_citizen):
    school = make_school(capacity=4)  # one afirmasi seat
    far = register(citizen.user, year, [school], track="afirmasi", home_latitude=-0.2)
    near = register(other_citizen.user, year, [school], track="afirmasi",
                    home_latitude=-0.099)
    verify_all([far, near])
    run = actions.run_selection(year=year, level="smp", seed="s", actor="uji")
    winner = RankEntry.objects.get(run=run, status=RankEntry.Status.ACCEPTED)
    assert winner.registration == near


@pytest.mark.django_db
def test_announcement_reregistration_and_next_in_line(kubu_raya, year):
    from balai.core.testing import make_citizen

    school = make_school(capacity=3)  # afirmasi gets 1 seat (25% of 3 is 0.75)
    parents = [make_citizen() for _ in range(3)]
    regs = [register(p.user, year, [school], track="afirmasi", home_latitude=-0.1 - i * 0.01)
            for i, p in enumerate(parents)]
    verify_all(regs)
    run = actions.run_selection(year=year, level="smp", seed="s", actor="uji")
    with pytest.raises(DomainError):
        actions.confirm_reregistration(entry=RankEntry.objects.get(
            run=run, registration=regs[0]), actor=parents[0].user)  # not yet announced
    now = timezone.now()
    run = actions.publish_selection(run=run, actor="uji", now=now)
    afirmasi = RankEntry.objects.filter(run=run, track="afirmasi").order_by("position")
    assert [e.status for e in afirmasi] == ["diterima", "cadangan", "cadangan"]
    first = afirmasi[0]
    assert first.confirm_by == now + dt.timedelta(days=5)
    with pytest.raises(DomainError):
        actions.confirm_reregistration(entry=first, actor=parents[1].user)

    # The deadline passes without re-registration: the seat goes to the next in line.
    later = now + dt.timedelta(days=6)
    assert actions.expire_reregistrations(now=later) == 1
    statuses = list(RankEntry.objects.filter(run=run, track="afirmasi")
                    .order_by("position").values_list("status", flat=True))
    assert statuses == ["gugur", "diterima", "cadangan"]
    second = RankEntry.objects.get(run=run, registration=regs[1])
    assert second.confirm_by == later + dt.timedelta(days=5)
    actions.confirm_reregistration(entry=second, actor=parents[1].user,
                                   now=later + dt.timedelta(hours=1))
    second.refresh_from_db()
    assert second.status == RankEntry.Status.CONFIRMED
    assert actions.expire_reregistrations(now=later + dt.timedelta(days=30)) == 0
    assert LedgerEntry.objects.filter(action="spmb.kursi_ditawarkan").count() == 1
    assert LedgerEntry.objects.filter(action="spmb.daftar_ulang").count() == 1


@pytest.mark.django_db
def test_a_freed_seat_at_a_better_choice_moves_the_child_up(kubu_raya, year):
    from balai.core.testing import make_citizen

    best, fallback = make_school(capacity=3), make_school(capacity=3)
    a, b = make_citizen(), make_citizen()
    holder = register(a.user, year, [best], track="afirmasi", home_latitude=-0.099)
    mover = register(b.user, year, [best, fallback], track="afirmasi", home_latitude=-0.12)
    verify_all([holder, mover])
    run = actions.publish_selection(
        run=actions.run_selection(year=year, level="smp", seed="s", actor="uji"), actor="uji")
    assert RankEntry.objects.get(run=run, registration=mover, school=fallback).status == \
        "diterima"
    # The mover's seat at `fallback` runs to a later deadline (as an offer made later would).
    RankEntry.objects.filter(run=run, registration=mover, school=fallback).update(
        confirm_by=timezone.now() + dt.timedelta(days=10))
    actions.expire_reregistrations(now=timezone.now() + dt.timedelta(days=6))
    # The holder forfeited its seat at `best`, which is offered to the mover; the mover's
    # seat at its lower choice is released (and offered in turn to that school's reserve).
    assert RankEntry.objects.get(run=run, registration=mover, school=best).status == "diterima"
    assert RankEntry.objects.get(run=run, registration=mover, school=fallback).status == \
        "dilepas"


@pytest.mark.django_db
def test_the_resume_task_finishes_a_run(crowd, year):
    from balai.education.tasks import resume_selection

    run = actions.start_selection(year=year, level="smp", seed="tugas", actor="uji")
    digest = resume_selection.call(run.pk)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.DONE and digest == run.result_digest
