"""The public ledger page (signed checkpoints, the public key, the last verification), the
inclusion proof of one entry, a person's own entries, and the auditors' view of the ledger."""

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
from balai.ledger.forms import LedgerFilterForm, ProofLookupForm

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
        "proof_form": ProofLookupForm(), "latest_batch": queries.latest_batch(),
        "pending": queries.pending_count(),
    })


def proof(request: HttpRequest) -> HttpResponse:
    """The inclusion proof of the entry with a given hash: no content of the entry, only what
    is needed to check that its hash is a leaf of a signed batch root."""
    form = ProofLookupForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = queries.inclusion_proof(form.cleaned_data["hash"])
    status = 404 if form.is_bound and form.is_valid() and found is None else 200
    return render(request, "ledger/proof.html", {
        "form": form, "proof": found, "public_key": signing.public_key_hex(),
        "verified": found is not None and queries.proof_holds(found),
    }, status=status)


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    """What the signed-in person did, as the ledger recorded it, with each entry's status
    (waiting for the sequencer, or its sequence and a link to its inclusion proof)."""
    page = Paginator(queries.entries_of_actor(request.user.pk), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "ledger/mine.html", {"page_obj": page})


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
