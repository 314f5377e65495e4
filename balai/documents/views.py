"""Public verification of issued documents, and the download of a document's file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from balai.documents import queries
from balai.documents.access import document_for_user
from balai.documents.forms import CompareFileForm, VerifyCodeForm


@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest) -> HttpResponse:
    """The form to type a verification code; without JavaScript it is a plain GET form."""
    form = VerifyCodeForm(request.GET if "kode" in request.GET else None)
    if form.is_valid():
        return redirect("documents:detail", code=form.cleaned_data["kode"])
    return render(request, "documents/verify.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """What was issued, for whom, by whom, and whether it is still valid; and the check of an
    uploaded copy against the issued file."""
    document = queries.get_document_by_code(code)
    if document is None:
        return render(request, "documents/verify_not_found.html", {"code": code}, status=404)
    if queries.normalize_code(code) != code:
        return redirect("documents:detail", code=document.code)
    matches: bool | None = None
    if request.method == "POST":
        form = CompareFileForm(request.POST, request.FILES)
        if form.is_valid():
            matches = form.sha256() == document.sha256
    else:
        form = CompareFileForm()
    return render(request, "documents/verify_detail.html", {
        "document": document,
        "form": form,
        "matches": matches,
    })


@login_required
@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, code: str) -> FileResponse:
    document = document_for_user(request.user, code)
    if document is None:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=f"{document.number}.pdf", content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
