"""Registration, confirmation, sign-in and out, password reset and the citizen's profile."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from balai.accounts import actions, forms, twofactor
from balai.accounts.models import User
from balai.accounts.queries import (
    active_calendar_feed,
    find_user_by_identifier,
    is_unconfirmed_citizen,
    nik_index,
    roles_of,
)
from balai.core.ratelimit import throttle
from balai.privacy.actions import record_consents
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


def _pending_account(request: HttpRequest) -> str | None:
    user_id = request.session.get(PENDING_SESSION_KEY)
    return f"user:{user_id}" if user_id else None


def _registering_nik(request: HttpRequest) -> str | None:
    nik = "".join(str(request.POST.get("nik", "")).split())
    return f"nik:{nik_index(nik)}" if nik else None


def _reset_email(request: HttpRequest) -> str | None:
    email = str(request.POST.get("email", "")).strip().lower()
    return f"email:{email}" if email else None


def _user_account(request: HttpRequest) -> str | None:
    return f"user:{request.user.pk}" if request.user.is_authenticated else None


@throttle("register", account=_registering_nik)
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
                with transaction.atomic():  # the account and its consents, or neither
                    citizen = actions.register_citizen(
                        nik=data["nik"], full_name=data["full_name"],
                        birth_date=data["birth_date"], password=data["password1"],
                        phone=data["phone"], email=data["email"], address=data["address"],
                        village=data["village"],
                    )
                    record_consents(actor=citizen.user, user=citizen.user,
                                    choices=form.consent_choices(), channel="pendaftaran")
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


@throttle("confirm_code", account=_pending_account)
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
@throttle("resend_code", account=_pending_account)
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

    def form_valid(self, form: forms.LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user: User = form.get_user()
        if twofactor.requires_two_factor(user):
            return _two_factor_redirect(user, self.get_success_url())
        return response


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
    if twofactor.requires_two_factor(user) and twofactor.confirmed_totp(user) is not None:
        context["two_factor"] = {"recovery_left": twofactor.recovery_codes_left(user)}
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return response


@method_decorator(throttle("password_reset", account=_reset_email), name="dispatch")
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


# --- two-factor for officers --------------------------------------------------------------

RECOVERY_SESSION_KEY = "kode_pemulihan_baru"


def _safe_next(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default or str(reverse_lazy("accounts:profile"))


def _two_factor_redirect(user: User, next_url: str) -> HttpResponse:
    name = ("accounts:two_factor_verify" if twofactor.confirmed_totp(user) is not None
            else "accounts:two_factor_enroll")
    from urllib.parse import urlencode

    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


def _qr_data_uri(device: Any) -> tuple[str, int]:
    import segno

    qr = segno.make(device.config_url, error="m")
    scale = 4
    width = qr.symbol_size(scale=scale)[0]
    return qr.svg_data_uri(scale=scale, border=4), width


@login_required
@throttle("two_factor", account=_user_account)
def two_factor_enroll(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request)
    if not twofactor.requires_two_factor(user):
        return redirect("accounts:profile")  # citizens sign in with a password
    try:
        device = twofactor.start_totp_enrollment(actor=user)
    except twofactor.TwoFactorAlreadyActive as exc:
        if not user.is_verified():  # type: ignore[attr-defined]
            return _two_factor_redirect(user, next_url)
        messages.info(request, exc.message)
        return redirect("accounts:profile")
    form = forms.AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_totp_enrollment(actor=user, device=device,
                                                      code=form.cleaned_data["code"])
        except twofactor.TwoFactorError as exc:
            form.add_error("code", exc.message)
        else:
            otp_login(request, device)
            request.session[RECOVERY_SESSION_KEY] = codes
            from urllib.parse import urlencode

            return HttpResponseRedirect(
                f"{reverse('accounts:two_factor_recovery')}?{urlencode({'next': next_url})}")
    qr, size = _qr_data_uri(device)
    return render(request, "accounts/two_factor_enroll.html", {
        "form": form, "qr_data_uri": qr, "qr_size": size,
        "secret": twofactor.secret_of(device), "next": next_url})


@login_required
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:profile")
    response = render(request, "accounts/two_factor_recovery.html",
                      {"codes": codes, "next": _safe_next(request)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def two_factor_new_recovery_codes(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        codes = twofactor.regenerate_recovery_codes(actor=user)
    except twofactor.TwoFactorError:
        return redirect("accounts:two_factor_enroll")
    request.session[RECOVERY_SESSION_KEY] = codes
    return redirect("accounts:two_factor_recovery")


@login_required
@throttle("two_factor", account=_user_account)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request)
    if user.is_verified() or not twofactor.requires_two_factor(user):  # type: ignore[attr-defined]
        return HttpResponseRedirect(next_url)
    if twofactor.confirmed_totp(user) is None:
        return _two_factor_redirect(user, next_url)
    form = forms.TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_sign_in_code(user=user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", twofactor.TwoFactorError.message)
        else:
            otp_login(request, device)
            if not isinstance(device, twofactor.TOTPDevice):
                left = twofactor.recovery_codes_left(user)
                messages.warning(request, _("Anda masuk dengan kode pemulihan. Sisa kode "
                                            "pemulihan: %(left)s.") % {"left": left})
            return HttpResponseRedirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


# --- the calendar address -------------------------------------------------------------------

@login_required
@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    feed = active_calendar_feed(user)
    address = webcal = ""
    if feed is not None:
        address = settings.BALAI_PUBLIC_URL + reverse("information:calendar_feed",
                                                      args=[feed.secret])
        webcal = "webcal://" + address.split("://", 1)[1]
    response = render(request, "accounts/calendar.html", {
        "feed": feed, "address": address, "webcal": webcal})
    # The page shows a secret address: never kept by a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    had_one = active_calendar_feed(user) is not None
    actions.reset_calendar_feed(user=user)
    messages.success(request, _("Alamat kalender baru sudah dibuat. Alamat lama tidak berlaku "
                                "lagi.") if had_one else _("Alamat kalender Anda sudah dibuat."))
    return redirect("accounts:calendar")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if actions.revoke_calendar_feed(user=user):
        messages.success(request, _("Alamat kalender sudah dihentikan."))
    return redirect("accounts:calendar")
