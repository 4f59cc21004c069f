"""Across labs: the filterable activity log with its exports, and the bank of lessons learned."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import has, require

from .exports import as_csv, as_xlsx
from .filters import ActivityFilter, filter_lessons
from .models import Activity, DigestSubscription, Lesson, Theme
from .notifications import digest_subscribe
from .selectors import lesson_keys, lesson_records

PAGE_SIZE = 50


def activity_log(request):
    activities = Activity.objects.visible_to(request.user).for_log()
    filterset = ActivityFilter(request.GET or None, queryset=activities, request=request)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else activities
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        filename = f"aktiviteter-{timezone.localdate().isoformat()}.{export}"
        return as_csv(filtered, filename=filename) if export == "csv" else as_xlsx(filtered, filename=filename)
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    may_subscribe = has(request.user, "labs.subscribe_digest")
    return render(request, "labs/activity_log.html", {
        "filter": filterset, "page": page, "activities": page.object_list, "query": query.urlencode(),
        "may_subscribe": may_subscribe,
        "subscribed": may_subscribe and DigestSubscription.objects.filter(user=request.user).exists(),
    })


@require_POST
def digest(request):
    """Opt in to (or out of) the weekly digest of what the labs logged."""
    require(request.user, "labs.subscribe_digest")
    subscribe = request.POST.get("subscribe") == "1"
    digest_subscribe(user=request.user, subscribe=subscribe)
    messages.success(request, _("You will get the weekly digest by e-mail.") if subscribe
                     else _("You will no longer get the weekly digest."))
    return redirect("labs:activity_log")


def lessons_bank(request):
    """Erfarenhetsbanken: lessons from every lab the person sees, and approved lessons from every lab
    for people who work in labs or coordinate them, so that what was learned is kept and shared; with them the
    lessons recorded on their own (labs.Lesson, with their effect and contact person), in one list, newest first.
    The page's rows are found by their keys (one UNION query, labs.selectors.lesson_keys) and then fetched, so the
    number of queries does not grow with the rows."""
    activities = Activity.objects.lessons_visible_to(request.user).exclude(lessons="")
    lessons = Lesson.objects.visible_to(request.user)
    filterset, activities, lessons = filter_lessons(request.GET, activities=activities, lessons=lessons,
                                                    request=request)
    page = Paginator(lesson_keys(activities, lessons), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "labs/lessons_bank.html", {
        "filter": filterset, "page": page, "lessons": lesson_records(page.object_list), "query": query.urlencode(),
        "themes": Theme, "may_add": has(request.user, "labs.add_lesson"),
    })
