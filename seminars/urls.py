from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.seminar_list, name="list"),
    path("<int:pk>/", views.seminar_public, name="public"),
]
