"""Data saya: what Balai holds on the signed-in person, its downloads, consents, correction
and erasure requests, and who opened it; the privacy notice; admins answering requests."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.core.errors import DomainError
from balai.privacy import actions, forms, queries
from balai.privacy.access import is_privacy_officer, request_for_privacy_officer
from balai.privacy.models import Purpose
from balai.privacy.retention import KEPT_BY_LAW, RETENTION


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def notice(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/notice.html", {
        "version": actions.NOTICE_VERSION, "kept": KEPT_BY_LAW,
        "access_log_years": RETENTION["access_log"].days // 365})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    data = queries.personal_data(user)  # type: ignore[arg-type]
    consents = queries.current_consents(user)  # type: ignore[arg-type]
    accesses = Paginator(queries.access_log(user), queries.ACCESS_LOG_PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page"))
    return _private(render(request, "privacy/index.html", {
        "sections": queries.for_display(data), "page_obj": accesses,
        "consents": [(purpose, Purpose(purpose).label, consents[purpose])
                     for purpose in actions.OPTIONAL_PURPOSES],
        "notice_acknowledged": consents[Purpose.PEMBERITAHUAN],
        "requests": queries.data_requests(user)[:10],  # type: ignore[arg-type]
        "kept": KEPT_BY_LAW,
    }))


@login_required
def download_json(request: HttpRequest) -> HttpResponse:
    data = queries.personal_data(request.user)  # type: ignore[arg-type]
    body = json.dumps({"balai_data_saya": 1, "dibuat": timezone.now(), "data": data},
                      cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="data-saya.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@login_required
def download_pdf(request: HttpRequest) -> HttpResponse:
    from balai.documents.rendering import render_pdf

    pdf = render_pdf("privacy/export_pdf.html", {
        "sections": queries.for_display(queries.personal_data(request.user)),  # type: ignore[arg-type]
        "generated_at": timezone.now(),
        "person": request.user})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="data-saya.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@login_required
@require_POST
def change_consent(request: HttpRequest) -> HttpResponse:
    form = forms.ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilihan persetujuan tidak dikenal."))
        return redirect("privacy:index")
    actions.change_consent(actor=request.user, purpose=form.cleaned_data["purpose"],  # type: ignore[arg-type]
                           granted=form.cleaned_data["granted"])
    messages.success(request, _("Pilihan persetujuan Anda disimpan dan berlaku sekarang."))
    return redirect("privacy:index")


@login_required
def correction(request: HttpRequest) -> HttpResponse:
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_correction(actor=request.user,  # type: ignore[arg-type]
                                   details=form.cleaned_data["details"])
        messages.success(request, _("Permintaan perbaikan terkirim. Kami menjawab paling lambat "
                                    "3 × 24 jam."))
        return redirect("privacy:index")
    return render(request, "privacy/correction.html", {"form": form})


@login_required
def erasure(request: HttpRequest) -> HttpResponse:
    form = forms.ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_erasure(actor=request.user,  # type: ignore[arg-type]
                                    details=form.cleaned_data["details"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Permintaan penghapusan terkirim. Kami menjawab paling "
                                        "lambat 3 × 24 jam."))
            return redirect("privacy:index")
    return render(request, "privacy/erasure.html", {"form": form, "kept": KEPT_BY_LAW})


# --- admins answering requests -------------------------------------------------------------

@login_required
def requests_queue(request: HttpRequest) -> HttpResponse:
    if not is_privacy_officer(request.user):
        raise Http404
    page = Paginator(queries.open_requests(), 25).get_page(request.GET.get("page"))
    return render(request, "privacy/requests.html", {"page_obj": page, "now": timezone.now()})


@login_required
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    data_request = request_for_privacy_officer(request.user, request_id)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_request(actor=request.user, data_request=data_request,  # type: ignore[arg-type]
                                   accept=form.cleaned_data["decision"] == "terima",
                                   response=form.cleaned_data["response"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Jawaban terkirim kepada warga."))
            return redirect("privacy:requests")
    return render(request, "privacy/answer.html", {"data_request": data_request, "form": form})
