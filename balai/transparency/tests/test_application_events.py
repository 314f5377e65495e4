"""The applications app sends case_opened/case_closed; the dashboard follows them, and the
incrementally kept aggregates equal those rebuilt from the tables."""

import io

import pytest
from django.core.management import call_command

from balai.applications.tests.helpers import act, make_submitted
from balai.transparency.models import CaseCounter, DurationBucket, Survey


def _snapshot():
    counters = sorted(CaseCounter.objects.filter(kind="application").values_list(
        "office_id", "topic", "month", "opened", "closed", "completed", "on_time",
        "working_days_total"))
    buckets = sorted(DurationBucket.objects.filter(kind="application").values_list(
        "office_id", "topic", "year", "days", "count"))
    return counters, buckets


@pytest.mark.django_db
def test_submission_and_final_states_feed_the_dashboard(citizen, other_citizen, akta,
                                                        verifikator, pejabat):
    done = make_submitted(citizen.user, akta)
    rejected = make_submitted(other_citizen.user, akta)
    make_submitted(citizen.user, akta)  # still open
    act(done, "verifikasi", verifikator)
    act(done, "setujui", verifikator)
    act(done, "tandatangani", pejabat)
    act(rejected, "tolak", verifikator, note="Berkas bukan milik pemohon.")
    counter = CaseCounter.objects.get(kind="application")
    assert (counter.opened, counter.closed, counter.completed, counter.on_time) == (3, 2, 1, 2)
    # Only the completed application invites its applicant to the survey.
    survey = Survey.objects.get()
    assert (survey.case_id, survey.user_id) == (done.pk, citizen.user.pk)
    incremental = _snapshot()
    call_command("rebuild_dashboard", stdout=io.StringIO())
    assert _snapshot() == incremental
