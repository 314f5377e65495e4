"""Tax pages: the public NOP look-up, a citizen's objects and businesses with the SPPT PDF and
the monthly return, and Bapenda officers' register. Parse, authorize, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balai.core.errors import DomainError
from balai.core.ratelimit import throttle
from balai.documents.masking import mask_name
from balai.documents.rendering import render_pdf
from balai.payments.actions import amount_due
from balai.payments.queries import bills_for_nop
from balai.taxes import actions, queries
from balai.taxes.access import (
    business_for_owner,
    is_tax_officer,
    object_for_officer,
    require_tax_officer,
    sppt_for_user,
)
from balai.taxes.forms import NopLookupForm, TaxObjectForm, TaxReturnForm
from balai.taxes.models import format_nop


def _bill_rows(nop: str) -> tuple[list[dict[str, object]], int]:
    today = timezone.localdate()
    rows, arrears = [], 0
    for bill in bills_for_nop(nop)[:30]:
        principal, interest = amount_due(bill, today)
        owed = 0 if bill.is_paid else principal + interest
        arrears += owed if bill.due_date < today else 0
        rows.append({"bill": bill, "principal": principal, "interest": 0 if bill.is_paid
                     else interest, "owed": owed, "overdue": not bill.is_paid
                     and bill.due_date < today})
    return rows, arrears


@throttle("tax_lookup", methods=("GET",))
@require_http_methods(["GET", "HEAD"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Anyone may look up a NOP: the object's location, the taxpayer's masked name, and its
    bills and arrears, as Indonesian PBB portals show them."""
    form = NopLookupForm(request.GET if "nop" in request.GET else None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        tax_object = queries.get_object_by_nop(form.cleaned_data["nop"])
        context["searched"] = True
        if tax_object is not None:
            rows, arrears = _bill_rows(tax_object.nop)
            context.update({"tax_object": tax_object, "nop": format_nop(tax_object.nop),
                            "taxpayer_masked": mask_name(tax_object.taxpayer.name),
                            "rows": rows, "arrears": arrears})
    status = 404 if context.get("searched") and "tax_object" not in context else 200
    return render(request, "taxes/lookup.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def mine(request: HttpRequest) -> HttpResponse:
    objects = Paginator(queries.objects_of(request.user), queries.PAGE_SIZE  # type: ignore[arg-type]
                        ).get_page(request.GET.get("page"))
    return render(request, "taxes/mine.html", {
        "page_obj": objects,
        "businesses": list(queries.businesses_of(request.user)[:50]),  # type: ignore[arg-type]
        "year": timezone.localdate().year})


@login_required
@require_http_methods(["GET", "HEAD"])
def sppt_pdf(request: HttpRequest, nop: str, year: int) -> HttpResponse:
    """The SPPT of an object for a year as PDF, rendered when asked."""
    sppt = sppt_for_user(request.user, nop, year)  # type: ignore[arg-type]
    bill = getattr(sppt, "bill", None)
    pdf = render_pdf("taxes/sppt_pdf.html", {
        "sppt": sppt, "tax_object": sppt.tax_object, "bill": bill,
        "nop": format_nop(sppt.tax_object.nop), "taxpayer_name": sppt.tax_object.taxpayer.name,
        "document": {"title": "Surat Pemberitahuan Pajak Terutang PBB-P2",
                     "number": f"{format_nop(sppt.tax_object.nop)} / {sppt.year}"}})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="SPPT-{nop}-{year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def file_return(request: HttpRequest, business_id: int) -> HttpResponse:
    business = business_for_owner(request.user, business_id)  # type: ignore[arg-type]
    form = TaxReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tax_return = actions.file_return(actor=request.user, business=business,  # type: ignore[arg-type]
                                             **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("SPTPD diterima.") if not tax_return.filed_late else
                             _("SPTPD diterima, tetapi terlambat dilaporkan: bunga dihitung "
                               "dari tanggal jatuh tempo semula."))
            bill = getattr(tax_return, "bill", None)
            if bill is not None:
                return redirect("payments:bill", code=bill.payment_code)
            return redirect("taxes:mine")
    return render(request, "taxes/file_return.html", {
        "form": form, "business": business,
        "returns": list(queries.returns_of(business)[:24])})


@login_required
@require_http_methods(["GET", "HEAD"])
def officer_objects(request: HttpRequest) -> HttpResponse:
    require_tax_officer(request.user)  # type: ignore[arg-type]
    term = request.GET.get("q", "")[:60]
    page = Paginator(queries.search_objects(term), queries.PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "taxes/officer_objects.html", {
        "page_obj": page, "q": term, "runs": list(queries.assessment_runs()[:5])})


@login_required
@require_http_methods(["GET", "HEAD"])
def officer_object(request: HttpRequest, nop: str) -> HttpResponse:
    tax_object = object_for_officer(request.user, nop)  # type: ignore[arg-type]
    rows, arrears = _bill_rows(tax_object.nop)
    return render(request, "taxes/officer_object.html", {
        "tax_object": tax_object, "nop": format_nop(tax_object.nop), "rows": rows,
        "arrears": arrears, "sppts": list(queries.sppts_of_object(tax_object)[:20]),
        "is_officer": is_tax_officer(request.user)})  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def officer_register(request: HttpRequest) -> HttpResponse:
    """A Bapenda officer registers a PBB-P2 object and its taxpayer."""
    require_tax_officer(request.user)  # type: ignore[arg-type]
    form = TaxObjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tax_object = actions.register_object_with_taxpayer(
                actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Objek pajak terdaftar."))
            return redirect("taxes:officer_object", nop=tax_object.nop)
    return render(request, "taxes/officer_register.html", {"form": form})
