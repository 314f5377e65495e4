from django.urls import path

from balai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("konfirmasi/", views.confirm, name="confirm"),
    path("konfirmasi/kirim-ulang/", views.resend_code, name="resend_code"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("dua-langkah/aktifkan/", views.two_factor_enroll, name="two_factor_enroll"),
    path("dua-langkah/verifikasi/", views.two_factor_verify, name="two_factor_verify"),
    path("dua-langkah/kode-pemulihan/", views.two_factor_recovery, name="two_factor_recovery"),
    path("dua-langkah/kode-pemulihan/baru/", views.two_factor_new_recovery_codes,
         name="two_factor_new_recovery_codes"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/baru/", views.calendar_reset, name="calendar_reset"),
    path("kalender/hentikan/", views.calendar_revoke, name="calendar_revoke"),
    path("profil/kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("lupa-sandi/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("lupa-sandi/selesai/", views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
