"""The in-app inbox of the signed-in person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.notifications import access, actions, queries

PAGE_SIZE = 20


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.inbox_messages(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page_obj": page,
        "unread_count": queries.unread_count(user=request.user),
    })


@require_POST
@login_required
def mark_read(request: HttpRequest, message_id: int) -> HttpResponse:
    message = access.message_for_recipient(request.user, message_id)
    if actions.mark_read(message=message, actor=request.user):
        messages.success(request, _("Notifikasi ditandai sudah dibaca."))
    url = reverse("notifications:inbox")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return HttpResponseRedirect(f"{url}#pesan-{message.pk}")
