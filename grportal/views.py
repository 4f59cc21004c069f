from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.http import HttpResponseServerError
from django.template.loader import get_template

from labs.models import Lab
from projects.models import Project

from .todo import todo_for


def home(request):
    """Start page: what this person works on, and what to do next."""
    user = request.user
    return render(request, "home.html", {
        "projects": Project.objects.visible_to(user).for_list()[:10],
        "labs": Lab.objects.led_by(user).for_list(),
        "todo": todo_for(user),
    })


def my_account(request):
    """Where a person manages their own login: password, two-factor authentication, language."""
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "account_overview.html", {"has_totp": has_totp})


@login_not_required
def accessibility_statement(request):
    return render(request, "accessibility.html")


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@login_not_required
def server_error(request):
    # No request context: the failure may be in a context processor or the database.
    return HttpResponseServerError(get_template("errors/500.html").render({}))
