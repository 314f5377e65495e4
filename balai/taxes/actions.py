"""Every change to the tax register: loading the tariff table, registering taxpayers, objects
and businesses, the yearly PBB-P2 assessment run, and filing a self-assessed return. Each is
atomic and recorded in the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.accounts.queries import find_citizen_by_nik, get_office
from balai.core.crypto import blind_index
from balai.core.errors import DomainError, PermissionDeniedError
from balai.ledger.actions import record_event
from balai.payments.actions import SpptBill, assign_payer, issue_bill, issue_sppt_bills
from balai.payments.bulk import db_value, insert_rows
from balai.regions.queries import get_village
from balai.taxes import queries
from balai.taxes.models import (
    AssessmentRun,
    Business,
    Sppt,
    TariffTable,
    TaxObject,
    Taxpayer,
    TaxReturn,
)
from balai.taxes.nop import region_of_nop
from balai.taxes.tariffs import read_tariff_file

NIK_PURPOSE = "taxpayer-nik"


class TaxError(DomainError):
    code = "TAX_ERROR"


class TaxOfficeMissing(TaxError):
    code = "TAX_OFFICE_MISSING"
    message = _("Kantor Bapenda belum terdaftar di Balai.")


class ReturnAlreadyFiled(TaxError):
    code = "TAX_RETURN_ALREADY_FILED"
    message = _("SPTPD untuk masa pajak ini sudah dilaporkan.")


class PeriodNotEnded(TaxError):
    code = "TAX_RETURN_PERIOD_NOT_ENDED"
    message = _("Masa pajak ini belum berakhir: SPTPD dilaporkan setelah bulannya selesai.")


def tax_office() -> Office:
    office = get_office(settings.BALAI_TAX_OFFICE)
    if office is None:
        raise TaxOfficeMissing(details={"office": settings.BALAI_TAX_OFFICE})
    return office


@transaction.atomic
def load_tariff(*, actor: Any, path: Path) -> TariffTable:
    """Load (or replace) a regency's tariff table from its YAML file, checked first."""
    tariff, digest = read_tariff_file(path)
    table, created = TariffTable.objects.update_or_create(
        regency_code=tariff.regency_code, valid_from_year=tariff.valid_from_year,
        defaults={"data": tariff.data, "source_sha256": digest})
    record_event(actor=actor, action="pajak.tarif_dimuat", obj=table,
                 payload={"regency": tariff.regency_code, "from": tariff.valid_from_year,
                          "sha256": digest, "created": created})
    return table


@transaction.atomic
def register_taxpayer(*, actor: Any, name: str, nik: str = "", npwpd: str | None = None,
                      address: str = "") -> Taxpayer:
    """Register a taxpayer; with a NIK, linked to that citizen's account if there is one."""
    citizen = find_citizen_by_nik(nik) if nik else None
    taxpayer = Taxpayer.objects.create(
        name=name.strip(), address=address.strip(), npwpd=npwpd or None,
        nik_index=blind_index(nik, purpose=NIK_PURPOSE) if nik else "",
        user=citizen.user if citizen else None)
    record_event(actor=actor, action="pajak.wp_didaftarkan", obj=taxpayer,
                 payload={"npwpd": npwpd or "", "linked": citizen is not None})
    return taxpayer


@transaction.atomic
def link_taxpayers_to_citizen(*, user_id: int, nik: str) -> int:
    """A citizen confirmed an account: the taxpayer records kept under their NIK without an
    account (registered at Bapenda before they signed up) become theirs, and so do the bills
    already issued to them, so "Pajak saya" and "Tagihan saya" show them. Returns how many."""
    taxpayer_ids = list(Taxpayer.objects.filter(
        nik_index=blind_index(nik, purpose=NIK_PURPOSE), user__isnull=True)
        .values_list("pk", flat=True))
    if not taxpayer_ids:
        return 0
    Taxpayer.objects.filter(pk__in=taxpayer_ids).update(user_id=user_id)
    bills = assign_payer(user_id=user_id, taxpayer_ids=taxpayer_ids)
    for pk in taxpayer_ids:
        record_event(actor="sistem:akun_dikonfirmasi", action="pajak.wp_ditautkan",
                     obj=Taxpayer(pk=pk), payload={"user": user_id, "bills": bills})
    return len(taxpayer_ids)


@transaction.atomic
def register_tax_object(*, actor: Any, nop: str, taxpayer: Taxpayer, address: str,
                        land_area: int, building_area: int, land_njop_per_m2: int,
                        building_njop_per_m2: int,
                        land_use: str = TaxObject.LandUse.GENERAL) -> TaxObject:
    """Register a PBB-P2 object under a checked NOP whose region parts are the regency's."""
    tariff = queries.tariff_for_year(timezone.localdate().year)
    kecamatan_code, desa_code = region_of_nop(nop, tariff)
    # The NOP keeps the last three digits of the Kemendagri code, which are unique within a
    # kecamatan whether the village is a desa (2xxx) or a kelurahan (1xxx).
    desa = get_village(desa_code) or get_village(f"{kecamatan_code}.1{desa_code[-3:]}")
    if desa is None or desa.parent_id != kecamatan_code:
        raise TaxError(_("Kode desa pada NOP tidak dikenal di kecamatan ini."),
                       code="TAX_NOP_UNKNOWN_DESA", details={"nop": nop})
    if queries.get_object_by_nop(nop) is not None:
        raise TaxError(_("NOP ini sudah terdaftar."), code="TAX_NOP_TAKEN",
                       details={"nop": nop})
    tax_object = TaxObject.objects.create(
        nop=nop, taxpayer=taxpayer, kecamatan_id=kecamatan_code, desa=desa,
        address=address.strip(), land_area=land_area, building_area=building_area,
        land_njop_per_m2=land_njop_per_m2, building_njop_per_m2=building_njop_per_m2,
        land_use=land_use)
    record_event(actor=actor, action="pajak.objek_didaftarkan", obj=tax_object,
                 payload={"nop": nop, "njop": tax_object.njop})
    return tax_object


@transaction.atomic
def register_object_with_taxpayer(*, actor: User, nop: str, taxpayer_name: str, nik: str,
                                  **fields: Any) -> TaxObject:
    """A Bapenda officer registers a new object and its taxpayer at once (one transaction:
    a refused NOP leaves no taxpayer behind)."""
    from balai.taxes.access import is_tax_officer

    if not is_tax_officer(actor):
        raise PermissionDeniedError()
    taxpayer = register_taxpayer(actor=actor, name=taxpayer_name, nik=nik)
    return register_tax_object(actor=actor, nop=nop, taxpayer=taxpayer, **fields)


@transaction.atomic
def register_business(*, actor: Any, taxpayer: Taxpayer, name: str, kind: str,
                      address: str = "", desa_code: str = "") -> Business:
    business = Business.objects.create(
        taxpayer=taxpayer, name=name.strip(), kind=kind, address=address.strip(),
        desa=get_village(desa_code) if desa_code else None)
    record_event(actor=actor, action="pajak.usaha_didaftarkan", obj=business,
                 payload={"kind": kind})
    return business


# --- PBB-P2 assessment ----------------------------------------------------------------------

ProgressCallback = Callable[[AssessmentRun], None]
SPPT_COLUMNS = ["tax_object_id", "year", "run_id", "njop_land", "njop_building", "njoptkp",
                "njkp", "rate_ppm", "amount", "due_date", "issued_at"]


def run_assessment(*, actor: Any, year: int, batch_size: int = 2000,
                   progress: ProgressCallback | None = None,
                   max_batches: int | None = None) -> AssessmentRun:
    """Assess PBB-P2 for `year`: an SPPT and a bill for every active object, in batches.

    Each batch is one transaction (objects read by ascending id after the run's cursor, SPPTs
    and bills written with one bulk insert each, COPY on PostgreSQL, the cursor moved), so a
    stopped run continues where it stopped and memory does not grow with the number of
    objects. The run row is locked per
    batch, so two runners of the same year take turns; the unique (object, year) constraint
    makes a second SPPT impossible whatever happens. `max_batches` stops early (tests).
    """
    tariff = queries.tariff_for_year(year)
    office = tax_office()
    with transaction.atomic():
        run, created = AssessmentRun.objects.get_or_create(
            year=year, defaults={"due_date": tariff.due_date(year)})
        if created:
            record_event(actor=actor, action="pbb.penetapan_dimulai", obj=run,
                         payload={"year": year})
    if run.status == AssessmentRun.Status.DONE:
        return run
    AssessmentRun.objects.filter(pk=run.pk).update(
        total=TaxObject.objects.filter(is_active=True).count())
    batches = 0
    while max_batches is None or batches < max_batches:
        done, run = _assess_batch(run_id=run.pk, year=year, tariff=tariff, office=office,
                                  batch_size=batch_size, actor=actor)
        batches += 1
        if progress is not None:
            progress(run)
        if done:
            break
    return run


@transaction.atomic
def _assess_batch(*, run_id: int, year: int, tariff: Any, office: Office, batch_size: int,
                  actor: Any) -> tuple[bool, AssessmentRun]:
    run = AssessmentRun.objects.select_for_update().get(pk=run_id)
    if run.status == AssessmentRun.Status.DONE:
        return True, run
    rows = list(TaxObject.objects.filter(is_active=True, id__gt=run.cursor).order_by("id")
                .values_list("id", "nop", "land_area", "land_njop_per_m2", "building_area",
                             "building_njop_per_m2", "land_use", "taxpayer__user_id")
                [:batch_size])
    now = timezone.now()
    if not rows:
        run.status = AssessmentRun.Status.DONE
        run.finished_at = now
        run.processed = run.total
        run.save(update_fields=["status", "finished_at", "processed", "updated_at"])
        record_event(actor=actor, action="pbb.penetapan_selesai", obj=run,
                     payload={"year": year, "sppt": run.created})
        return True, run
    assessed = set(Sppt.objects.filter(year=year, tax_object_id__gte=rows[0][0],
                                       tax_object_id__lte=rows[-1][0])
                   .values_list("tax_object_id", flat=True))
    food = TaxObject.LandUse.FOOD
    issued_at, due_date = db_value(now), db_value(run.due_date)
    sppts, payers = [], {}
    for object_id, nop, land, land_rate, building, building_rate, use, user_id in rows:
        if object_id in assessed:
            continue
        njop_land, njop_building = land * land_rate, building * building_rate
        njkp, rate, amount = tariff.assess_pbb(njop_land=njop_land, njop_building=njop_building,
                                               food_land=use == food)
        sppts.append((object_id, year, run.pk, njop_land, njop_building, tariff.njoptkp, njkp,
                      rate, amount, due_date, issued_at))
        payers[object_id] = (nop, user_id, amount)
    insert_rows(Sppt._meta.db_table, SPPT_COLUMNS, sppts)
    new_ids = (Sppt.objects.filter(year=year, tax_object_id__in=payers.keys())
               .values_list("id", "tax_object_id"))
    issue_sppt_bills(office=office, interest_bp=tariff.interest_bp,
                     interest_max_months=tariff.interest_max_months, rows=[
                         SpptBill(sppt_id=sppt_id, object_id=object_id,
                                  nop=payers[object_id][0], payer_id=payers[object_id][1],
                                  year=year, amount=payers[object_id][2],
                                  due_date=run.due_date) for sppt_id, object_id in new_ids])
    run.cursor = rows[-1][0]
    run.processed = min(run.total, run.processed + len(rows)) if run.total else len(rows)
    run.created += len(sppts)
    run.save(update_fields=["cursor", "processed", "created", "updated_at"])
    return False, run


# --- self-assessed returns ----------------------------------------------------------------

def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def file_return(*, actor: User, business: Business, period: dt.date, base_amount: int,
                today: dt.date | None = None) -> TaxReturn:
    """File the monthly SPTPD of a business: the tax is the base times the tariff table's rate
    and a bill is issued, due on the table's payment day of the following month.

    Filed after the filing deadline, the return is marked late and its bill keeps the original
    due date, so interest (1% per started month, UU 1/2022 STPD) runs from that date.
    """
    if business.taxpayer.user_id != actor.pk:
        raise PermissionDeniedError()
    today = today or timezone.localdate()
    period = _first_of_month(period)
    if period >= _first_of_month(today):
        raise PeriodNotEnded(details={"period": period.isoformat()})
    if TaxReturn.objects.filter(business=business, period=period).exists():
        raise ReturnAlreadyFiled(details={"period": period.isoformat()})
    tariff = queries.tariff_for_year(period.year)
    rate = tariff.self_assessed_rate_bp(business.kind)
    filing_deadline, due_date = tariff.return_deadlines(period)
    tax_return = TaxReturn.objects.create(
        business=business, period=period, base_amount=base_amount, rate_bp=rate,
        tax_amount=base_amount * rate // 10_000, filing_deadline=filing_deadline,
        due_date=due_date, filed_late=today > filing_deadline, filed_by=actor)
    record_event(actor=actor, action="pajak.sptpd_dilaporkan", obj=tax_return,
                 payload={"period": period.isoformat(), "tax": tax_return.tax_amount,
                          "late": tax_return.filed_late})
    if tax_return.tax_amount > 0:
        issue_bill(actor=actor, kind=business.revenue_kind, office=tax_office(),
                   principal=tax_return.tax_amount, due_date=due_date,
                   description=f"{business.get_kind_display()} masa {period:%m/%Y}, "
                               f"{business.name}",
                   payer=actor, interest_bp=tariff.interest_bp,
                   interest_max_months=tariff.interest_max_months, tax_return=tax_return)
    return tax_return
