from django.urls import path

from complaints import map_views, support_views, views
from complaints.conversations import views as channel_views
from complaints.open311 import views as open311

app_name = "complaints"

urlpatterns = [
    path("kanal/whatsapp/webhook", channel_views.whatsapp_webhook, name="whatsapp_webhook"),
    path("kanal/sms/webhook", channel_views.sms_webhook, name="sms_webhook"),
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/services/<str:code>.<str:fmt>", open311.service_definition,
         name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.service_requests, name="open311_requests"),
    path("open311/v2/requests/<str:code>.<str:fmt>", open311.service_request,
         name="open311_request"),
    path("lapor/", views.file_complaint, name="file"),
    path("lapor/serupa/", support_views.similar_reports, name="similar"),
    path("lapor/tanda-terima/<str:secret_key>/", views.receipt, name="receipt"),
    path("lacak/", views.track, name="track"),
    path("lacak/k/<str:secret_key>/", views.private, name="private"),
    path("lacak/k/<str:secret_key>/<str:action>/", views.reporter_action, name="reporter_action"),
    path("lacak/<str:tracking_code>/", views.track_detail, name="track_detail"),
    path("laporan/", views.public_list, name="public_list"),
    path("laporan/peta/", map_views.public_map, name="public_map"),
    path("laporan/peta/data/", map_views.public_map_data, name="public_map_data"),
    path("laporan/<str:tracking_code>/", views.public_detail, name="public_detail"),
    path("laporan/<str:tracking_code>/dukung/", support_views.support, name="support"),
    path("lampiran/<uuid:pk>/", views.attachment, name="attachment"),
    path("lampiran/<uuid:pk>/kecil/", views.attachment, {"thumbnail": True}, name="thumbnail"),
    path("akun/laporan/", views.my_reports, name="my_reports"),
    path("akun/data-saya/", views.my_data, name="my_data"),
    path("akun/data-saya.<str:fmt>", views.my_data_download, name="my_data_download"),
]
