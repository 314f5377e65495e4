"""Registration, confirmation, sign-in and out, password reset and the citizen's profile."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import actions, forms
from balai.accounts.models import User
from balai.accounts.queries import find_user_by_identifier, is_unconfirmed_citizen, roles_of
from balai.regions.forms import initial_from, picker_requested

# The account waiting for its confirmation code, kept in the session between pages.
PENDING_SESSION_KEY = "akun_menunggu_konfirmasi"
PASSWORD_FIELDS = ("password1", "password2")
BACKEND = "balai.accounts.backends.IdentifierBackend"


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_SESSION_KEY)
    if not user_id:
        return None
    user = User.objects.select_related("citizen").filter(pk=user_id).first()
    return user if user is not None and is_unconfirmed_citizen(user) else None


def _mask_address(user: User) -> str:
    phone = user.citizen.phone
    if phone:
        return _("SMS ke nomor HP berakhiran %(last4)s") % {"last4": phone[-4:]}
    local, _sep, domain = user.email.partition("@")
    return _("email %(address)s") % {"address": f"{local[:2]}***@{domain}"}


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form: forms.RegistrationForm
    if request.method == "POST" and picker_requested(request.POST):
        form = forms.RegistrationForm(initial=initial_from(request.POST, exclude=PASSWORD_FIELDS))
    elif request.method == "POST":
        form = forms.RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                citizen = actions.register_citizen(
                    nik=data["nik"], full_name=data["full_name"], birth_date=data["birth_date"],
                    password=data["password1"], phone=data["phone"], email=data["email"],
                    address=data["address"], village=data["village"],
                )
            except actions.NikAlreadyRegistered as exc:
                form.add_error("nik", exc.message)
            except actions.EmailAlreadyUsed as exc:
                form.add_error("email", exc.message)
            else:
                request.session[PENDING_SESSION_KEY] = citizen.user_id
                return redirect("accounts:confirm")
    else:
        form = forms.RegistrationForm()
    return render(request, "accounts/register.html", {"form": form})


def confirm(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Tidak ada pendaftaran yang menunggu konfirmasi. Silakan masuk."))
        return redirect("accounts:login")
    form = forms.ConfirmCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.confirm_registration(user=user, code=form.cleaned_data["code"])
        except actions.CodeError as exc:
            form.add_error("code", exc.message)
        else:
            del request.session[PENDING_SESSION_KEY]
            user.refresh_from_db()
            auth_login(request, user, backend=BACKEND)
            messages.success(request, _("Akun Anda sudah aktif. Selamat datang di Balai."))
            return redirect("accounts:profile")
    return render(request, "accounts/confirm.html",
                  {"form": form, "sent_to": _mask_address(user)})


@require_POST
def resend_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    try:
        actions.send_registration_code(user=user)
    except actions.CodeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kode baru sudah dikirim."))
    return redirect("accounts:confirm")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: forms.LoginForm) -> HttpResponse:  # type: ignore[override]
        # A citizen who registered but never confirmed goes on to the confirmation page, but
        # only with the right password: otherwise the page would reveal that the NIK exists.
        identifier = form.data.get("username", "")
        password = form.data.get("password", "")
        user = find_user_by_identifier(identifier) if identifier and password else None
        if user is not None and is_unconfirmed_citizen(user) and user.check_password(password):
            self.request.session[PENDING_SESSION_KEY] = user.pk
            # A CodeError means a recent code is still on its way; the page offers a resend.
            with contextlib.suppress(actions.CodeError):
                actions.send_registration_code(user=user)
            messages.info(self.request, _("Akun Anda belum dikonfirmasi. Masukkan kode yang "
                                          "kami kirim."))
            return HttpResponseRedirect(reverse_lazy("accounts:confirm"))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out, by POST only (Django refuses GET with 405)."""


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    citizen = getattr(user, "citizen", None)
    form = None
    if citizen is not None:
        initial = {"phone": citizen.phone, "email": user.email, "address": citizen.address,
                   **forms.ContactDetailsForm.initial_for_village(citizen.village)}
        if citizen.phone.startswith("62"):
            initial["phone"] = "0" + citizen.phone[2:]
        if request.method == "POST" and picker_requested(request.POST):
            form = forms.ContactDetailsForm(user=user, initial=initial_from(request.POST))
        elif request.method == "POST":
            form = forms.ContactDetailsForm(request.POST, user=user)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    changed = actions.update_contact_details(
                        citizen=citizen, actor=user, phone=data["phone"], email=data["email"],
                        address=data["address"], village=data["village"])
                except actions.EmailAlreadyUsed as exc:
                    form.add_error("email", exc.message)
                else:
                    if changed:
                        messages.success(request, _("Data kontak Anda sudah diperbarui."))
                    else:
                        messages.info(request, _("Tidak ada perubahan."))
                    return redirect("accounts:profile")
        else:
            form = forms.ContactDetailsForm(user=user, initial=initial)
    context: dict[str, Any] = {"citizen": citizen, "form": form,
                               "roles": list(roles_of(user))}
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.OutboxPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordByResetForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
