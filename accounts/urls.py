from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisationer/ny/", views.organisation_new, name="organisation_new"),
]
