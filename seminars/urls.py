from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.seminar_list, name="list"),
    path("ny/", views.seminar_form, name="new"),
    path("<int:pk>/", views.seminar_public, name="public"),
    path("<int:pk>/tack/", views.seminar_thanks, name="thanks"),
    path("<int:pk>/kalender.ics", views.seminar_calendar, name="ics"),
    path("avboka/<str:token>/", views.registration_cancel_view, name="cancel"),
    path("<int:pk>/redigera/", views.seminar_form, name="edit"),
    path("<int:pk>/anmalningar/", views.registrations, name="registrations"),
    path("<int:pk>/incheckning/", views.check_in, name="check_in"),
    path("<int:pk>/incheckning/<int:registration_pk>/", views.check_in_toggle, name="check_in_toggle"),
]
