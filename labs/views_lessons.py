"""Standalone lessons learned (labs.Lesson): record, change and delete one outside any activity."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.rules import require
from grportal.form_restore import keeps_typing, restore
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit, last_saved_by

from .forms import LessonForm
from .models import Lab, Lesson
from .permissions import can_edit_lesson
from .services_lessons import lesson_create, lesson_delete, lesson_update

LAB_PARAM = "labb"  # ?labb=<pk>: "Ny lärdom" from a lab page starts with that lab chosen


def get_lesson_for_user(request, pk) -> Lesson:
    """The lesson if the person may see it (404 otherwise, so its existence does not leak)."""
    lesson = get_object_or_404(Lesson.objects.select_related("project", "lab"), pk=pk)
    require(request.user, "labs.view_lesson", lesson, hide=True)
    return lesson


def _preset_lab(request) -> Lab | None:
    """The lab named by ?labb=, when the person may record a lesson for it; otherwise none is chosen."""
    try:
        pk = int(request.GET.get(LAB_PARAM, ""))
    except ValueError:
        return None
    lab = Lab.objects.select_related("project").filter(pk=pk).first()
    if lab is None:
        return None
    return lab if can_edit_lesson(request.user, Lesson(project=lab.project, lab=lab)) else None


def _status(form) -> int:
    if form.conflict:
        return 409
    return 400 if form.errors else 200


def _bank():
    return redirect("labs:lessons")


@keeps_typing
@require_http_methods(["GET", "POST"])
def lesson_new(request):
    require(request.user, "labs.add_lesson")
    lab = _preset_lab(request)
    form = LessonForm(request.POST or None, user=request.user, lab=lab)
    restore(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = lesson_create(created_by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The lesson “%(title)s” is in the lessons bank.") % {"title": lesson.title})
            return _bank()
    cancel = reverse("labs:detail", args=[lab.pk]) if lab else reverse("labs:lessons")
    return render(request, "labs/lesson_form.html", {"form": form, "cancel_url": cancel}, status=_status(form))


@keeps_typing
@require_http_methods(["GET", "POST"])
def lesson_edit(request, pk):
    lesson = get_lesson_for_user(request, pk)
    require(request.user, "labs.edit_lesson", lesson)
    form = LessonForm(request.POST or None, instance=lesson, user=request.user)
    restore(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            saved = lesson_update(lesson=lesson, expected_version=form.expected_version, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("Your changes to “%(title)s” are saved.") % {"title": saved.title})
            return _bank()
    return render(request, "labs/lesson_form.html", {"form": form, "lesson": lesson,
                                                     "cancel_url": reverse("labs:lessons")}, status=_status(form))


def _posted_version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def lesson_delete_view(request, pk):
    """Asks first; the deletion carries the version the page showed, so a lesson changed meanwhile is not deleted
    unseen."""
    lesson = get_lesson_for_user(request, pk)
    require(request.user, "labs.edit_lesson", lesson)
    changed = None
    if request.method == "POST":
        seen = _posted_version(request)
        if seen is None:
            changed = {"incomplete": True}
        else:
            try:
                lesson_delete(lesson=lesson, expected_version=seen)
            except StaleEdit as stale:
                if stale.current is None:
                    messages.info(request, _("The lesson had already been deleted."))
                    return _bank()
                lesson = stale.current
                by, at = last_saved_by(lesson)
                changed = {"saved_by": by, "saved_at": at}
            else:
                messages.success(request, _("The lesson “%(title)s” is deleted.") % {"title": lesson.title})
                return _bank()
    return render(request, "labs/lesson_delete.html", {"lesson": lesson, "changed": changed},
                  status=409 if changed else 200)
