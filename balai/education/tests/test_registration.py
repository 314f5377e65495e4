"""Registration by a parent: the rules checked at the door (window, choices, KK date, SD age,
documents, one registration per child), the idempotency key, distances and zones, the child's
NIK encrypted at rest, the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from balai.core.errors import DomainError
from balai.education.models import Registration
from balai.education.tests.helpers import make_school, open_year, register
from balai.ledger.models import LedgerEntry
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


def test_registration_stores_distances_zones_and_the_ledger(citizen, year, smp, smp2):
    registration = register(citizen.user, year, [smp, smp2])
    choices = list(registration.choices.order_by("rank"))
    assert [c.school for c in choices] == [smp, smp2]
    assert 1000 < choices[0].distance_m < 2000  # about 1.5 km to SMP 1
    assert all(c.in_zone for c in choices)  # no zone: the whole regency
    assert registration.documents.count() == 2
    assert registration.number.startswith("SPMB26-")
    assert LedgerEntry.objects.filter(action="spmb.pendaftaran_diajukan").count() == 1


def test_child_nik_and_birth_date_are_encrypted_at_rest(citizen, year, smp):
    registration = register(citizen.user, year, [smp])
    with connection.cursor() as cursor:
        cursor.execute("SELECT child_nik, child_birth_date, child_name FROM "
                       "education_registration WHERE id = %s", [registration.pk])
        nik, birth, name = cursor.fetchone()
    assert registration.child_nik not in nik and "2013" not in birth and "Putra" not in name


def test_the_same_idempotency_key_registers_once(citizen, year, smp):
    first = register(citizen.user, year, [smp], idempotency_key="kunci-sama-0001")
    again = register(citizen.user, year, [smp], idempotency_key="kunci-sama-0001")
    assert again.pk == first.pk
    assert Registration.objects.count() == 1


def test_a_child_registers_once_a_year(citizen, other_citizen, year, smp):
    registration = register(citizen.user, year, [smp])
    with pytest.raises(DomainError, match="sudah terdaftar"):
        register(other_citizen.user, year, [smp], child_nik=registration.child_nik)


def test_out_of_zone_choice_is_marked(citizen, year, kubu_raya):
    zoned = make_school(zone=(Region.objects.get(code="61.12.01.2003"),))
    registration = register(citizen.user, year, [zoned])
    assert registration.choices.get().in_zone is False


def test_kk_issued_less_than_a_year_ago_is_refused_for_domisili(citizen, year, smp):
    recent = timezone.localdate() - dt.timedelta(days=200)
    with pytest.raises(DomainError) as error:
        register(citizen.user, year, [smp], kk_issued_on=recent)
    assert error.value.code == "SPMB_KK_TOO_RECENT"
    # Other tracks have no such rule.
    register(citizen.user, year, [smp], kk_issued_on=recent, track="afirmasi")
    assert not Registration.objects.filter(track="domisili").exists()


@pytest.mark.parametrize(("birth_date", "extra", "band"), [
    (dt.date(2019, 3, 1), (), 0),  # seven on 1 July 2026
    (dt.date(2020, 3, 1), (), 1),  # six
    (dt.date(2020, 12, 1), ("rekomendasi",), 2),  # five and a half, with the letter
])
def test_sd_age_rule(citizen, year, sd, birth_date, extra, band):
    registration = register(citizen.user, year, [sd], child_birth_date=birth_date,
                            extra_documents=extra)
    assert registration.age_band == band


@pytest.mark.parametrize(("birth_date", "extra"), [
    (dt.date(2020, 12, 1), ()),  # five and a half without a letter
    (dt.date(2021, 3, 1), ("rekomendasi",)),  # five and a quarter
])
def test_sd_too_young_is_refused(citizen, year, sd, birth_date, extra):
    with pytest.raises(DomainError) as error:
        register(citizen.user, year, [sd], child_birth_date=birth_date, extra_documents=extra)
    assert error.value.code == "SPMB_SD_TOO_YOUNG"


def test_choices_beyond_the_limit_or_of_another_level_are_refused(citizen, year, smp, smp2,
                                                                 sd):
    third, fourth = make_school(), make_school()
    with pytest.raises(DomainError, match="1 sampai 3"):
        register(citizen.user, year, [smp, smp2, third, fourth])
    with pytest.raises(DomainError, match="sejenjang"):
        register(citizen.user, year, [smp, sd], level="smp")
    with pytest.raises(DomainError, match="lebih dari sekali"):
        register(citizen.user, year, [smp, smp])


def test_prestasi_is_not_open_for_sd(citizen, year, sd):
    with pytest.raises(DomainError) as error:
        register(citizen.user, year, [sd], track="prestasi", child_birth_date=dt.date(2019, 1, 1))
    assert error.value.code == "SPMB_TRACK_CLOSED"


def test_track_documents_are_required(citizen, year, smp):
    from balai.education.tests.helpers import documents_for

    with pytest.raises(DomainError, match="Surat penugasan"):
        register(citizen.user, year, [smp], track="mutasi", documents=documents_for("domisili"))


def test_registration_outside_the_window_is_refused(citizen, kubu_raya, smp):
    year = open_year(opens_at="2026-01-01T08:00:00+07:00", closes_at="2026-01-10T08:00:00+07:00")
    with pytest.raises(DomainError) as error:
        register(citizen.user, year, [smp])
    assert error.value.code == "SPMB_CLOSED"
