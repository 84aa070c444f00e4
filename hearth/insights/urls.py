from django.urls import path

from . import report_views, views

app_name = "insights"

urlpatterns = [
    path("", views.heatmap, name="heatmap"),
    path("refresh/", views.refresh, name="refresh"),
    path("units/<slug:code>/", views.unit_page, name="unit"),
    path("units/<slug:code>/indicators/<slug:key>/", views.indicator_page, name="indicator"),
    path("services/<int:area_id>/", views.service, name="service"),
    path("authority/", views.authority, name="authority"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("thresholds/<slug:key>/", views.threshold, name="threshold"),
    path("thresholds/<slug:key>/check/", views.threshold_check, name="threshold-check"),
    # --- report ---
    path("report/", report_views.report, name="report"),
    path("report.pdf", report_views.report_pdf_download, name="report-pdf"),
    # --- end report ---
]
