"""The Token API page (/akun/token-api/): create, list and revoke personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.models import User
from balai.api import actions, queries
from balai.api.forms import TokenForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    secret = ""
    created = None
    if request.method == "POST" and form.is_valid():
        created, secret = actions.create_token(user=user, name=form.cleaned_data["name"],
                                               scopes=form.cleaned_data["scopes"])
        form = TokenForm()
    response = render(request, "api/tokens.html", {
        "form": form, "tokens": queries.tokens_of(user), "created": created, "secret": secret,
    }, status=400 if form.errors else 200)
    # The secret is on this page only: never cached, never shown again.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = queries.token_of(user, token_id)
    if token is None:
        raise Http404
    actions.revoke_token(token=token, actor=user)
    messages.success(request, _("Token \"%(name)s\" sudah dicabut.") % {"name": token.name})
    return redirect("api_tokens:index")
