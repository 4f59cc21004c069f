import logging

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from labs.models import Lab
from projects.models import Project

from .celery import app as celery_app
from .email_settings import EmailSettingsForm
from .start_page import panels_for
from .tasks import last_worker_heartbeat
from .todo import todo_for

log = logging.getLogger(__name__)


def home(request):
    """Start page: what this person works on, and what to do next."""
    user = request.user
    return render(request, "home.html", {
        "projects": Project.objects.visible_to(user).for_list()[:10],
        "labs": Lab.objects.led_by(user).for_list(),
        "todo": todo_for(user),
        "panels": panels_for(request),  # other apps' parts (grportal/start_page.py), e.g. the steering group's
    })


@require_http_methods(["GET", "POST"])
def my_account(request):
    """Where a person manages their own login (password, two-factor authentication) and the emails they get."""
    form = EmailSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email settings are saved."))
        return redirect("my_account")
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "account_overview.html", {"has_totp": has_totp, "email_form": form},
                  status=400 if form.errors else 200)


@login_not_required
def accessibility_statement(request):
    return render(request, "accessibility.html")


@login_not_required
@never_cache
def health(request):
    """Each part's state for an operator; 503 only when the database does not answer (pages need nothing else)."""
    parts = {"database": _database_state(), "redis": _redis_state()}
    parts["worker"], last_seen = _worker_state(parts["redis"])
    if parts["database"] != "ok":
        status = "down"
    elif "down" in parts.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **parts, "worker_last_seen": last_seen},
                        status=503 if status == "down" else 200)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        log.warning("Health check: the database does not answer", exc_info=True)
        return "down"
    return "ok"


def _redis_state() -> str:
    """The Redis at REDIS_URL, the cache's and the task queue's; "not_used" in the embedded set-up."""
    ping = getattr(caches["default"], "ping", None)
    if ping is None:
        return "not_used"
    return "ok" if ping() else "down"


def _worker_state(redis: str) -> tuple[str, str | None]:
    if celery_app.conf.task_always_eager or redis != "ok":
        return "unknown", None  # tasks run in-process, or the heartbeat cannot be read
    last_seen = last_worker_heartbeat()
    return ("ok" if last_seen else "down"), last_seen


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
