"""Citizens' bills and proofs of payment, and the sandbox bank page: parse, authorize, call,
render. Everything works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balai.core.errors import DomainError
from balai.payments import actions, queries, sandbox
from balai.payments.access import bill_for_payer
from balai.payments.forms import PaymentCodeForm


@login_required
@require_http_methods(["GET", "HEAD"])
def my_bills(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.bills_of(request.user), queries.PAGE_SIZE  # type: ignore[arg-type]
                     ).get_page(request.GET.get("page"))
    bills = list(page)
    payments = queries.credited_payments_by_bill(bills)
    today = timezone.localdate()
    rows = [{"bill": bill, "payment": payments.get(bill.pk),
             "total": sum(actions.amount_due(bill, today)) if not bill.is_paid else None}
            for bill in bills]
    return render(request, "payments/my_bills.html", {"page_obj": page, "rows": rows})


@login_required
@require_http_methods(["GET", "HEAD"])
def bill_detail(request: HttpRequest, code: str) -> HttpResponse:
    bill = bill_for_payer(request.user, code)  # type: ignore[arg-type]
    principal, interest = actions.amount_due(bill, timezone.localdate())
    return render(request, "payments/bill_detail.html", {
        "bill": bill, "principal": principal, "interest": interest, "total": principal + interest,
        "payment": queries.credited_payment(bill), "sandbox": _sandbox_on()})


@login_required
@require_http_methods(["GET", "HEAD"])
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The proof of payment of a paid bill as PDF, issued on first request."""
    bill = bill_for_payer(request.user, code)  # type: ignore[arg-type]
    payment = queries.credited_payment(bill)
    if payment is None:
        messages.error(request, _("Tagihan ini belum lunas; bukti bayar belum ada."))
        return redirect("payments:bill", code=bill.payment_code)
    try:
        document = actions.issue_receipt(payment=payment, actor=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:bill", code=bill.payment_code)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=f"bukti-bayar-{bill.payment_code}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _sandbox_on() -> bool:
    from django.conf import settings

    return bool(settings.BALAI_BANK_SANDBOX) and queries.sandbox_client() is not None


@require_http_methods(["GET", "HEAD", "POST"])
def sandbox_bank(request: HttpRequest) -> HttpResponse:
    """SANDBOX: a pretend bank teller. It asks the host-to-host API for the bill (inquiry) and
    pays it (payment) with the sandbox bank's real keys and signatures."""
    sandbox.sandbox_session()  # 404 when the sandbox is off
    data = request.POST if request.method == "POST" else (
        request.GET if "kode" in request.GET else None)
    form = PaymentCodeForm(data)
    answer = None
    if form.is_valid():
        code = form.cleaned_data["kode"]
        status, answer = sandbox.inquiry(code)
        if request.method == "POST" and status == 200:
            total = int(answer["virtualAccountData"]["totalAmount"]["value"][:-3])
            status, answer = sandbox.pay(code, total)
            if status == 200:
                messages.success(request, _("SANDBOX: pembayaran berhasil dibukukan."))
                return redirect(reverse("payments:sandbox_done") + f"?kode={code}")
    return render(request, "payments/sandbox.html", {"form": form, "answer": answer})


@require_http_methods(["GET", "HEAD"])
def sandbox_done(request: HttpRequest) -> HttpResponse:
    sandbox.sandbox_session()
    form = PaymentCodeForm(request.GET)
    bill = queries.get_bill_by_code(form.cleaned_data["kode"]) if form.is_valid() else None
    return render(request, "payments/sandbox_done.html", {"bill": bill})
