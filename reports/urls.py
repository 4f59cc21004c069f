from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("projekt/<int:project_pk>/", views.project_reports, name="project"),
    path("projekt/<int:project_pk>/skapa/", views.report_generate, name="generate"),
    path("projekt/<int:project_pk>/utkast/", views.draft_start, name="draft_start"),
    path("utkast/<int:pk>/", views.draft_edit, name="draft"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/starta-om/", views.report_restart_view, name="restart"),
    path("<int:pk>/publicera/", views.report_publish_view, name="publish"),
    path("<int:pk>/ladda-ner/", views.report_download, name="download"),
    path("delad/<str:token>/", views.shared_download, name="shared"),
]
