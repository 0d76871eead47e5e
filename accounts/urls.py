from django.urls import path

from accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("konfirmasi/<str:uidb64>/<str:token>/", views.confirm, name="confirm"),
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("sandi/", views.password_reset, name="password_reset"),
    path("sandi/terkirim/", views.password_reset_sent, name="password_reset_sent"),
    path("sandi/<str:uidb64>/<str:token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
    path("2fa/", two_factor_views.setup, name="two_factor_setup"),
    path("2fa/verifikasi/", two_factor_views.verify, name="two_factor_verify"),
]
