from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.portfolio_dashboard, name="portfolio"),
    path("projekt/<int:pk>/", views.project_dashboard_view, name="project"),
    path("projekt/<int:pk>/dagordning/", views.agenda_add, name="agenda_add"),
    path("moten/", views.meeting_list, name="meetings"),
    path("moten/nytt/", views.meeting_new, name="meeting_new"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:meeting_pk>/beslut/nytt/", views.decision_new, name="decision_new"),
    path("beslut/<int:pk>/redigera/", views.decision_edit, name="decision_edit"),
    path("referens/", views.trivial, name="trivial"),
]
