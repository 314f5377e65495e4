"""The public ledger page (signed checkpoints, the public key, the last verification) and the
auditors' view of the whole ledger."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.ledger import actions, queries, signing
from balai.ledger.access import require_ledger_auditor
from balai.ledger.forms import LedgerFilterForm

PAGE_SIZE = 50


def public(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.checkpoints(), 20).get_page(request.GET.get("page"))
    latest = queries.latest_checkpoint()
    return render(request, "ledger/public.html", {
        "page_obj": page, "latest": latest, "verification": queries.last_verification(),
        "public_key": latest.public_key if latest else signing.public_key_hex(),
        "signed_message": signing.checkpoint_message(
            sequence=latest.sequence, head_hash=latest.head_hash,
            signed_at_iso=latest.signed_at.astimezone(dt.UTC).isoformat(),
        ).decode() if latest else "",
    })


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    require_ledger_auditor(request.user)
    form = LedgerFilterForm(request.GET or None)
    filters: dict = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    entries = queries.filtered_entries(**filters) if not form.errors else queries.filtered_entries()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/audit.html", {
        "form": form, "page_obj": page, "query_string": query.urlencode(),
        "runs": queries.verification_runs()[:5], "latest": queries.latest_checkpoint(),
    })


@login_required
@require_POST
def run_verification(request: HttpRequest) -> HttpResponse:
    require_ledger_auditor(request.user)
    run = actions.run_verification(actor=request.user)
    if run.ok:
        messages.success(request, _("Buku besar utuh: %(n)d entri terverifikasi.")
                         % {"n": run.checked})
    else:
        messages.error(request, _("Buku besar RUSAK pada entri #%(seq)s: %(reason)s.")
                       % {"seq": run.broken_sequence, "reason": run.reason})
    return redirect("ledger:audit")
