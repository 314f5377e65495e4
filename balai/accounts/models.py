"""People and offices: users, citizens (warga), offices (OPD units) and officers' roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedDateField, EncryptedTextField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a citizen, an officer, or both.

    Citizens sign in with their NIK, email or phone; officers with their username. The
    username of a citizen is generated and never shown.
    """

    username = models.CharField(_("nama pengguna"), max_length=150, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    is_staff = models.BooleanField(_("akses admin"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    date_joined = models.DateTimeField(_("terdaftar sejak"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~models.Q(email=""),
                                    name="user_unique_email"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username


class Citizen(models.Model):
    """A citizen's identity. Personal fields are encrypted at rest; NIK and phone have blind
    indexes for exact look-ups."""

    class Gender(models.TextChoices):
        LAKI_LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True,
                                related_name="citizen", verbose_name=_("pengguna"))
    nik = EncryptedTextField(_("NIK"))
    nik_index = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = EncryptedDateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    phone = EncryptedTextField(_("nomor HP"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = EncryptedTextField(_("alamat"), blank=True)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("desa/kelurahan"))
    verified_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warga")
        verbose_name_plural = _("warga")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def masked_nik(self) -> str:
        return f"{self.nik[:6]}******{self.nik[-4:]}" if self.nik else ""


class Office(models.Model):
    """A unit of the regency's government (OPD, kecamatan, desa) in a hierarchy."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat daerah")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        KECAMATAN = "kecamatan", _("Kantor kecamatan")
        DESA = "desa", _("Kantor desa")
        MPP = "mpp", _("Mal pelayanan publik")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("kantor induk"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="offices", verbose_name=_("wilayah"))
    head = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="headed_offices", verbose_name=_("kepala kantor"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")
        ordering = ["name"]
        indexes = [models.Index(fields=["parent", "name"], name="office_parent_idx")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    PETUGAS = "petugas", _("Petugas")
    VERIFIKATOR = "verifikator", _("Verifikator")
    PEJABAT_PENANDATANGAN = "pejabat_penandatangan", _("Pejabat penandatangan")
    OPERATOR_LAYANAN = "operator_layanan", _("Operator layanan")
    ADMIN = "admin", _("Admin")
    AUDITOR = "auditor", _("Auditor")
    # Public information (UU KIP): the PPID answers requests; the superior decides objections.
    PPID = "ppid", _("PPID")
    ATASAN_PPID = "atasan_ppid", _("Atasan PPID")
    # Participation: moderates the aspirations forum under the community guidelines.
    MODERATOR = "moderator", _("Moderator")


class OfficeRole(models.Model):
    """An officer holds a role in one office; privileges never reach beyond that office."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="office_roles",
                             verbose_name=_("pengguna"))
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="roles",
                               verbose_name=_("kantor"))
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("diberikan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran di kantor")
        verbose_name_plural = _("peran di kantor")
        constraints = [models.UniqueConstraint(fields=["user", "office", "role"],
                                               name="officerole_unique")]
        indexes = [models.Index(fields=["office", "role"], name="officerole_office_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} {self.office}"


class OneTimeCode(models.Model):
    """A short code sent to confirm a phone or email. Only its hash is stored."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Pendaftaran")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kode sekali pakai")
        verbose_name_plural = _("kode sekali pakai")
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="otp_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.user_id}"


class CalendarFeed(models.Model):
    """A person's secret address of their deadlines for a calendar app, which cannot sign in.

    The secret is kept encrypted, to be shown again on the account page, and as a SHA-256
    digest to look it up. Resetting revokes the old address: at most one is active.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds",
                             verbose_name=_("pengguna"))
    secret = EncryptedTextField(_("rahasia"))
    digest = models.CharField(_("sidik SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("alamat kalender")
        verbose_name_plural = _("alamat kalender")
        constraints = [models.UniqueConstraint(
            fields=["user"], condition=models.Q(revoked_at__isnull=True),
            name="calendarfeed_one_active")]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
