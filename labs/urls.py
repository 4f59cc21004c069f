from django.urls import path

from . import views, views_labs, views_lessons, views_log, views_review

app_name = "labs"

urlpatterns = [
    path("", views.my_labs, name="mine"),
    path("<int:pk>/", views.lab_detail, name="detail"),
    path("<int:pk>/fas/", views.lab_phase, name="phase"),
    path("<int:pk>/installningar/", views.lab_edit, name="edit"),
    path("nytt/<int:project_pk>/", views_labs.lab_new, name="new"),
    path("<int:pk>/labbledare/bjud-in/", views_labs.lead_invite_view, name="invite_lead"),
    path("<int:pk>/labbledare/<int:user_pk>/ta-bort/", views_labs.lead_remove_view, name="lead_remove"),
    path("<int:lab_pk>/aktiviteter/ny/", views.activity_new, name="activity_new"),
    path("aktiviteter/", views_log.activity_log, name="activity_log"),
    path("aktiviteter/sammanfattning/", views_log.digest, name="digest"),
    path("erfarenhetsbank/", views_log.lessons_bank, name="lessons"),
    path("erfarenhetsbank/ny/", views_lessons.lesson_new, name="lesson_new"),
    path("erfarenhetsbank/<int:pk>/redigera/", views_lessons.lesson_edit, name="lesson_edit"),
    path("erfarenhetsbank/<int:pk>/ta-bort/", views_lessons.lesson_delete_view, name="lesson_delete"),
    path("aktiviteter/<int:pk>/redigera/", views.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/skicka/", views.activity_send, name="activity_submit"),
    path("aktiviteter/<int:pk>/godkann/", views.activity_approve_view, name="activity_approve"),
    path("aktiviteter/<int:pk>/returnera/", views.activity_return_view, name="activity_return"),
    path("granska/", views_review.review, name="review"),
    path("granska/markerade/", views_review.review_bulk, name="review_bulk"),
    path("granska/<int:pk>/godkann/", views_review.review_approve, name="review_approve"),
    path("granska/<int:pk>/skicka-tillbaka/", views_review.review_return, name="review_return"),
    path("metoder/", views.method_list, name="methods"),
    path("metoder/ny/", views.method_edit, name="method_new"),
    path("metoder/<int:pk>/", views.method_edit, name="method_edit"),
    path("bilagor/<int:pk>/", views.attachment_download, name="attachment_download"),
]
