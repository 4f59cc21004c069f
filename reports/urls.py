from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("projekt/<int:project_pk>/skapa/", views.report_generate, name="generate"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/ladda-ner/", views.report_download, name="download"),
]
