"""The gateway's inbound webhook (JSON in, JSON out) and the officers' bulk SMS page."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from balai.accounts.models import User
from balai.core.pagination import page_of
from balai.sms import access, actions, queries, signature
from balai.sms.forms import BulkSmsForm, ConfirmForm, MalformedDelivery, parse_delivery

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


@csrf_exempt
def inbound(request: HttpRequest) -> JsonResponse:
    """One SMS from the gateway: 200 once handled (or already handled), 401 for a bad
    signature, 400 for a body that is not a delivery."""
    if request.method != "POST":
        response = _error(405, "SMS_METHOD_NOT_ALLOWED", "Use POST.")
        response["Allow"] = "POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _error(413, "SMS_BODY_TOO_LARGE", f"The body exceeds {MAX_BODY_BYTES} bytes.")
    body = request.body
    if not signature.is_valid(secret=settings.SMS_INBOUND_SECRET,
                              timestamp=request.headers.get(signature.TIMESTAMP_HEADER, ""),
                              signature=request.headers.get(signature.SIGNATURE_HEADER, ""),
                              body=body, max_skew=settings.SMS_INBOUND_MAX_SKEW):
        logger.warning("inbound SMS refused: bad or missing signature")
        return _error(401, "SMS_SIGNATURE_INVALID",
                      "Missing or invalid X-Balai-Signature, or X-Balai-Timestamp out of range.")
    try:
        delivery = parse_delivery(body, request.content_type or "")
    except MalformedDelivery as exc:
        return _error(400, "SMS_BODY_INVALID", str(exc))
    received = actions.receive_sms(gateway_id=delivery.gateway_id, phone=delivery.phone,
                                   text=delivery.text)
    if received is None:
        return JsonResponse({"status": "duplicate", "id": delivery.gateway_id})
    return JsonResponse({"status": "accepted", "id": delivery.gateway_id,
                         "command": received.command, "replied": received.reply_id is not None})


@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Compose a bulk SMS, see its cost, confirm, send."""
    user: User = request.user  # type: ignore[assignment]
    access.require_broadcaster(user)
    form = BulkSmsForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        kecamatan = queries.get_kecamatan(form.cleaned_data["kecamatan"])
        body = form.cleaned_data["body"]
        if kecamatan is None:
            form.add_error("kecamatan", _("Kecamatan tidak dikenal."))
        else:
            confirm = ConfirmForm(request.POST)
            if request.POST.get("konfirmasi") == "1" and confirm.is_valid():
                try:
                    run = actions.send_bulk_sms(
                        actor=user, kecamatan=kecamatan, body=body,
                        confirmed_recipients=confirm.cleaned_data["recipients"])
                except actions.BulkSmsError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _(
                        "SMS massal dikirim ke antrean untuk %(n)s penerima.")
                        % {"n": run.recipients})
                    return redirect("sms:bulk")
            quote = actions.quote_bulk_sms(kecamatan=kecamatan, body=body)
            context.update({"quote": quote, "kecamatan": kecamatan, "body": body,
                            "confirm": ConfirmForm(initial={"recipients": quote.recipients})})
    context["page"] = page_of(queries.bulk_runs(), request, per_page=queries.BULK_PAGE_SIZE)
    return render(request, "sms/bulk.html", context)
