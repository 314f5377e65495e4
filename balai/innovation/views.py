"""Pages of the innovation catalogue: the public list (filters and search, no JavaScript) and
an innovation's page with its stage history and evidence, and the officers' pages to add and
edit innovations, move them a stage forward and add evidence. Parse, authorize, call, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import User
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.innovation import actions, forms, queries
from balai.innovation.access import (
    evidence_for_public,
    innovation_for_officer,
    innovation_for_public,
    require_any_office,
)


def public_list(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters = form.filters()
    query_string = urlencode({k: v for k, v in (
        ("q", filters.q), ("tahap", filters.stage), ("perangkat_daerah", filters.office),
        ("bentuk", filters.form), ("jenis", filters.category)) if v})
    page = page_of(queries.public_innovations(filters), request)
    return render(request, "innovation/list.html", {
        "form": form, "page": page, "query_string": query_string, "demo": queries.has_demo(),
        "can_add": bool(queries.officer_office_ids(request.user))},
        status=400 if form.errors else 200)


def detail(request: HttpRequest, innovation_id: int) -> HttpResponse:
    innovation = innovation_for_public(innovation_id)
    can_edit = queries.is_officer_of(request.user, innovation.office_id)
    return render(request, "innovation/detail.html", {
        "innovation": innovation, "can_edit": can_edit,
        "next_stage": actions.next_stage(innovation.stage) if can_edit else None,
        "evidence_form": forms.EvidenceForm() if can_edit else None})


def evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    found = evidence_for_public(evidence_id)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type,
                            filename=f"bukti-inovasi-{found.innovation_id}-{found.pk}."
                                     f"{found.extension}")
    # Checked and cleaned when uploaded; still never sniffed nor given any power of a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- officers -----------------------------------------------------------------------------

@login_required
def create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_any_office(user)
    form = forms.InnovationForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in actions.FIELDS}
        try:
            innovation = actions.create_innovation(actor=user, office=form.cleaned_data["office"],
                                                   evidence=form.evidence(), **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Inovasi tersimpan."))
            return redirect("innovation:detail", innovation_id=innovation.pk)
    return render(request, "innovation/form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def edit(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    innovation = innovation_for_officer(user, innovation_id)
    form = forms.InnovationForm(request.POST or None, instance=innovation, user=user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in actions.FIELDS}
        try:
            actions.update_innovation(actor=user, innovation=innovation, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Perubahan inovasi tersimpan."))
            return redirect("innovation:detail", innovation_id=innovation.pk)
    return render(request, "innovation/form.html", {"form": form, "innovation": innovation},
                  status=400 if form.errors else 200)


@login_required
def advance(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    innovation = innovation_for_officer(user, innovation_id)
    target = actions.next_stage(innovation.stage)
    form = forms.AdvanceForm(request.POST or None,
                             initial={"changed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.advance_stage(actor=user, innovation=innovation,
                                  changed_on=form.cleaned_data["changed_on"],
                                  note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Tahap inovasi diperbarui."))
            return redirect("innovation:detail", innovation_id=innovation.pk)
    return render(request, "innovation/advance.html", {
        "form": form, "innovation": innovation, "target": target},
        status=400 if form.errors else 200)


@login_required
@require_POST
def add_evidence(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    innovation = innovation_for_officer(user, innovation_id)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_evidence(actor=user, innovation=innovation,
                             title=form.cleaned_data["title"], clean=form.cleaned_data["file"])
        messages.success(request, _("Bukti ditambahkan."))
        return redirect("innovation:detail", innovation_id=innovation.pk)
    return render(request, "innovation/evidence_form.html", {
        "form": form, "innovation": innovation}, status=400)
