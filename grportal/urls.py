from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

# One login for everyone: the admin's own form would skip allauth's rate limits and two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("mitt-konto/", views.my_account, name="my_account"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("halsa/", views.health, name="health"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("konto/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("projekt/", include("projects.urls")),
    path("labb/", include("labs.urls")),
    path("budget/", include("budgets.urls")),
    path("seminarier/", include("seminars.urls")),
    path("rapporter/", include("reports.urls")),
    path("oversikt/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "grportal.views.permission_denied"
handler404 = "grportal.views.page_not_found"
handler500 = "grportal.views.server_error"
