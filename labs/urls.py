from django.urls import path

from . import views

app_name = "labs"

urlpatterns = [
    path("", views.my_labs, name="mine"),
    path("<int:pk>/", views.lab_detail, name="detail"),
    path("<int:lab_pk>/aktiviteter/ny/", views.activity_new, name="activity_new"),
    path("aktiviteter/<int:pk>/redigera/", views.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/skicka/", views.activity_send, name="activity_submit"),
]
