"""Pages of the developer portal (/pengembang/): apps, keys, usage, webhooks and their
delivery log, the sandbox test receiver, the officers' review of apps, and the documentation."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.models import User
from balai.core.errors import DomainError
from balai.developers import access, actions, outgoing, queries
from balai.developers.forms import AppForm, EndpointForm, KeyForm, ReviewForm, RotateForm
from balai.developers.models import AppKey

EXAMPLES_DIR = Path(settings.BASE_DIR) / "docs" / "developers" / "examples"
MAX_RECEIVED_BODY = 65536


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# --- the portal --------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    apps = queries.apps_of(user) if user.is_authenticated else None
    return render(request, "developers/index.html", {
        "apps": apps, "may_register": user.is_authenticated and queries.may_register_apps(user),
        "may_review": user.is_authenticated and queries.may_review_apps(user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def app_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not queries.may_register_apps(user):
        return render(request, "developers/not_allowed.html", status=403)
    form = AppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        app = actions.register_app(owner=user, name=form.cleaned_data["name"],
                                   description=form.cleaned_data["description"],
                                   contact_email=form.cleaned_data["contact_email"],
                                   callback_urls=form.cleaned_data["callback_urls"])
        messages.success(request, _("Aplikasi \"%(name)s\" terdaftar. Buat kunci uji untuk "
                                    "mulai mencoba sandbox.") % {"name": app.name})
        return redirect("developers:app", app_id=app.pk)
    return render(request, "developers/app_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _app_page(request: HttpRequest, app_id: int, *, key_form: KeyForm | None = None,
              endpoint_form: EndpointForm | None = None, created: AppKey | None = None,
              secret: str = "", status: int = 200) -> HttpResponse:
    app = access.app_for_owner(_user(request), app_id)
    response = render(request, "developers/app.html", {
        "app": app, "keys": queries.keys_of(app).select_related("replaced_by"),
        "usage": queries.usage_of(app), "endpoints": queries.endpoints_of(app),
        "sandbox": queries.sandbox_applications_of(app)[:10],
        "key_form": key_form or KeyForm(), "endpoint_form": endpoint_form or EndpointForm(),
        "rotate_form": RotateForm(), "created": created, "secret": secret,
        "receiver_url": settings.BALAI_PUBLIC_URL + reverse(
            "developers:receiver", kwargs={"token": app.receiver_token})}, status=status)
    return _no_store(response)


@login_required
@require_http_methods(["GET", "HEAD"])
def app_detail(request: HttpRequest, app_id: int) -> HttpResponse:
    return _app_page(request, app_id)


@login_required
@require_POST
def key_create(request: HttpRequest, app_id: int) -> HttpResponse:
    app = access.app_for_owner(_user(request), app_id)
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _app_page(request, app_id, key_form=form, status=400)
    key, secret = actions.create_key(app=app, actor=_user(request), **form.cleaned_data)
    return _app_page(request, app_id, created=key, secret=secret)


@login_required
@require_POST
def key_rotate(request: HttpRequest, app_id: int, key_id: int) -> HttpResponse:
    key = access.key_for_owner(_user(request), app_id, key_id)
    form = RotateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih masa peralihan yang tersedia."))
        return redirect("developers:app", app_id=app_id)
    try:
        new, secret = actions.rotate_key(
            key=key, actor=_user(request), overlap=actions.ROTATION_OVERLAPS[
                form.cleaned_data["overlap"]])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("developers:app", app_id=app_id)
    return _app_page(request, app_id, created=new, secret=secret)


@login_required
@require_POST
def key_revoke(request: HttpRequest, app_id: int, key_id: int) -> HttpResponse:
    key = access.key_for_owner(_user(request), app_id, key_id)
    actions.revoke_key(key=key, actor=_user(request))
    messages.success(request, _("Kunci \"%(name)s\" sudah dicabut.") % {"name": key.name})
    return redirect("developers:app", app_id=app_id)


@login_required
@require_POST
def live_request(request: HttpRequest, app_id: int) -> HttpResponse:
    app = access.app_for_owner(_user(request), app_id)
    actions.request_live_access(app=app, actor=_user(request))
    messages.success(request, _("Permintaan akses langsung terkirim ke pemerintah kabupaten."))
    return redirect("developers:app", app_id=app_id)


@login_required
@require_POST
def endpoint_create(request: HttpRequest, app_id: int) -> HttpResponse:
    app = access.app_for_owner(_user(request), app_id)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = actions.add_endpoint(app=app, actor=_user(request),
                                            url=form.cleaned_data["url"],
                                            mode=form.cleaned_data["mode"])
        except DomainError as exc:
            form.add_error("url", exc.message)
        else:
            return redirect("developers:endpoint", app_id=app.pk, endpoint_id=endpoint.pk)
    return _app_page(request, app_id, endpoint_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD"])
def endpoint_detail(request: HttpRequest, app_id: int, endpoint_id: int) -> HttpResponse:
    endpoint = access.endpoint_for_owner(_user(request), app_id, endpoint_id)
    page = Paginator(queries.deliveries_of(endpoint), 20).get_page(request.GET.get("page"))
    deliveries = list(page.object_list)
    attempts = queries.attempts_of(deliveries)
    return _no_store(render(request, "developers/endpoint.html", {
        "app": endpoint.app, "endpoint": endpoint, "page": page,
        "rows": [(d, attempts[d.pk]) for d in deliveries]}))


@login_required
@require_POST
def endpoint_rotate(request: HttpRequest, app_id: int, endpoint_id: int) -> HttpResponse:
    endpoint = access.endpoint_for_owner(_user(request), app_id, endpoint_id)
    actions.rotate_endpoint_secret(endpoint=endpoint, actor=_user(request))
    messages.success(request, _("Rahasia baru dibuat. Rahasia lama tetap ikut menandatangani "
                                "selama 24 jam."))
    return redirect("developers:endpoint", app_id=app_id, endpoint_id=endpoint_id)


@login_required
@require_POST
def endpoint_enable(request: HttpRequest, app_id: int, endpoint_id: int) -> HttpResponse:
    endpoint = access.endpoint_for_owner(_user(request), app_id, endpoint_id)
    actions.enable_endpoint(endpoint=endpoint, actor=_user(request))
    messages.success(request, _("Endpoint diaktifkan kembali."))
    return redirect("developers:endpoint", app_id=app_id, endpoint_id=endpoint_id)


@login_required
@require_POST
def delivery_replay(request: HttpRequest, app_id: int, endpoint_id: int,
                    delivery_id: int) -> HttpResponse:
    delivery = access.delivery_for_owner(_user(request), app_id, endpoint_id, delivery_id)
    try:
        actions.replay_delivery(delivery=delivery, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pesan %(id)s dikirim ulang.") % {"id": delivery.message_id})
    return redirect("developers:endpoint", app_id=app_id, endpoint_id=endpoint_id)


@login_required
@require_http_methods(["GET", "HEAD"])
def received(request: HttpRequest, app_id: int) -> HttpResponse:
    app = access.app_for_owner(_user(request), app_id)
    page = Paginator(queries.received_of(app), 10).get_page(request.GET.get("page"))
    rows = []
    for item in page.object_list:
        try:
            pretty = json.dumps(json.loads(item.body), indent=2, ensure_ascii=False)
        except ValueError:
            pretty = item.body
        rows.append((item, pretty))
    return _no_store(render(request, "developers/received.html", {
        "app": app, "page": page, "rows": rows,
        "receiver_url": settings.BALAI_PUBLIC_URL + reverse(
            "developers:receiver", kwargs={"token": app.receiver_token})}))


@csrf_exempt  # called by Balai's own webhook sender, never by a browser with a session
@require_POST
def receiver(request: HttpRequest, token: str) -> HttpResponse:
    """The sandbox test receiver: accepts a webhook (any body up to 64 KB) and keeps it."""
    app = queries.app_by_receiver_token(token)
    if app is None:
        raise Http404
    body = request.body[:MAX_RECEIVED_BODY].decode("utf-8", errors="replace")
    headers = {name.lower(): value for name, value in request.headers.items()
               if name.lower().startswith("webhook-") or name.lower() in
               ("content-type", "user-agent")}
    actions.receive_test_webhook(app=app, headers=headers, body=body)
    return JsonResponse({"received": True})


# --- officers: reviewing apps --------------------------------------------------------------

@login_required
@require_http_methods(["GET", "HEAD"])
def review_list(request: HttpRequest) -> HttpResponse:
    if not queries.may_review_apps(_user(request)):
        return render(request, "developers/not_allowed.html", status=403)
    page = Paginator(queries.apps_to_review(), 20).get_page(request.GET.get("page"))
    return render(request, "developers/review_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, app_id: int) -> HttpResponse:
    user = _user(request)
    app = access.app_for_reviewer(user, app_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_app(app=app, reviewer=user,
                               approve=form.cleaned_data["decision"] == "approve",
                               note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Keputusan atas %(name)s tersimpan.") % {"name": app.name})
        return redirect("developers:review_list")
    return render(request, "developers/review.html", {"app": app, "form": form},
                  status=400 if form.errors else 200)


# --- documentation -----------------------------------------------------------------------

def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.*"))


@require_http_methods(["GET", "HEAD"])
def guide(request: HttpRequest) -> HttpResponse:
    examples = {f"{path.stem.split('-', 1)[1]}_{path.suffix[1:]}".replace("-", "_"):
                path.read_text() for path in example_files()}
    return render(request, "developers/guide.html", {
        "examples": examples, "base_url": settings.BALAI_PUBLIC_URL,
        "receiver_prefix": outgoing.receiver_prefix()})


@require_http_methods(["GET", "HEAD"])
def versioning(request: HttpRequest) -> HttpResponse:
    return render(request, "developers/versioning.html")


@require_http_methods(["GET", "HEAD"])
def changelog(request: HttpRequest) -> HttpResponse:
    return render(request, "developers/changelog.html")
