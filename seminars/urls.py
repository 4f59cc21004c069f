from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.seminar_list, name="list"),
    path("ny/", views.seminar_form, name="new"),
    path("serier/ny/", views.series_new, name="series_new"),
    # Public: the seminar's page and registration, the calendar file, and the signed links from emails.
    path("<int:pk>/", views.seminar_public, name="public"),
    path("<int:pk>/tack/", views.seminar_thanks, name="thanks"),
    path("<int:pk>/kalender.ics", views.seminar_calendar, name="ics"),
    path("avboka/<str:token>/", views.registration_cancel_view, name="cancel"),
    path("aterkoppling/<str:token>/", views.feedback_form, name="feedback"),
    path("dokument/<int:doc_pk>/", views.document_download, name="document_download"),
    # Organisers.
    path("<int:pk>/redigera/", views.seminar_form, name="edit"),
    path("<int:pk>/anmalningar/", views.registrations, name="registrations"),
    path("<int:pk>/incheckning/", views.check_in, name="check_in"),
    path("<int:pk>/incheckning/<int:registration_pk>/", views.check_in_toggle, name="check_in_toggle"),
    path("<int:pk>/servering/", views.catering, name="catering"),
    path("<int:pk>/program/", views.programme, name="programme"),
    path("<int:pk>/program/<int:item_pk>/", views.programme_item_edit, name="programme_item"),
    path("<int:pk>/program/<int:item_pk>/flytta/", views.programme_item_move_view, name="programme_item_move"),
    path("<int:pk>/program/<int:item_pk>/ta-bort/", views.programme_item_delete_view, name="programme_item_delete"),
    path("<int:pk>/dokumentation/", views.documentation, name="documentation"),
    path("dokument/<int:doc_pk>/publicera/", views.document_publish, name="document_publish"),
    path("dokument/<int:doc_pk>/ta-bort/", views.document_delete, name="document_delete"),
    path("<int:pk>/aterkoppling/", views.feedback_overview, name="feedback_overview"),
]
