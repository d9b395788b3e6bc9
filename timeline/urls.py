from django.urls import path

from timeline import views

app_name = "timeline"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("timeline/", views.timeline, name="timeline"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("leaders/<str:slug>/", views.leader_detail, name="leader"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.jsonl", views.export_jsonl, name="export_jsonl"),
]
