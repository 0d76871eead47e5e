from django.urls import path

from disposition.reporting import open_data, views

app_name = "disposition"

urlpatterns = [
    path("dasbor/", views.dashboard_view, name="dashboard"),
    path("dasbor/unit/<int:unit_id>/", views.unit_view, name="unit"),
    path("dasbor/ekspor/laporan.<str:fmt>", views.export_complaints, name="export_complaints"),
    path("dasbor/ekspor/unit.<str:fmt>", views.export_units, name="export_units"),
    path("dasbor/bulanan/", views.monthly_report, name="monthly"),
    path("dasbor/bulanan.pdf", views.monthly_report_pdf_view, name="monthly_pdf"),
    path("statistik/", views.statistics, name="statistics"),
    path("data/laporan.csv", open_data.reports_csv, name="open_data_csv"),
    path("data/laporan.geojson", open_data.reports_geojson, name="open_data_geojson"),
]
