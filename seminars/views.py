import csv

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.rules import require

from .forms import RegistrationFilterForm, RegistrationForm, SeminarForm
from .ics import seminar_ics
from .models import Registration, Seminar
from .permissions import can_create_seminar
from .selectors import catering_counts, seminar_counts
from .services import registration_cancel, registration_check_in, registration_create, seminar_save
from .tokens import CANCEL_SALT, read_token

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def get_seminar_for_organiser(request, pk) -> Seminar:
    """The seminar if the person organises it; 404 otherwise."""
    seminar = get_object_or_404(Seminar.objects.for_list(), pk=pk)
    require(request.user, "seminars.organise_seminar", seminar, hide=True)
    return seminar


def seminar_list(request):
    seminars = Seminar.objects.for_list()
    return render(request, "seminars/seminar_list.html",
                  {"seminars": seminars, "can_create": can_create_seminar(request.user)})


def seminar_form(request, pk=None):
    if pk is None:
        require(request.user, "seminars.create_seminar")
        seminar = Seminar()
    else:
        seminar = get_seminar_for_organiser(request, pk)
    form = SeminarForm(request.POST or None, instance=seminar, user=request.user)
    if request.method == "POST" and form.is_valid():
        seminar = seminar_save(seminar=form.save(commit=False))
        return redirect("seminars:registrations", seminar.pk)
    return render(request, "seminars/seminar_form.html", {"form": form, "seminar": seminar})


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    key = f"seminars:register:{_client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.SEMINARS_REGISTRATION_RATE_LIMIT


@login_not_required
def seminar_public(request, pk):
    """The public page of a seminar with its registration form."""
    seminar = get_object_or_404(Seminar.objects.for_list().prefetch_related("programme"), pk=pk)
    form = RegistrationForm(request.POST or None, seminar=seminar)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "seminars/seminar_public.html",
                          {"seminar": seminar, "form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            if not form.is_bot:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                registration_create(seminar_id=seminar.pk, **data)
            return redirect("seminars:thanks", seminar.pk)
        status = 400
    full = seminar.registrations.seated().count() >= seminar.capacity
    return render(request, "seminars/seminar_public.html",
                  {"seminar": seminar, "form": form, "full": full,
                   "retention_days": settings.GRPORTAL_RETENTION_REGISTRATIONS_DAYS}, status=status)


@login_not_required
def seminar_thanks(request, pk):
    seminar = get_object_or_404(Seminar, pk=pk)
    return render(request, "seminars/thanks.html", {"seminar": seminar})


@login_not_required
def seminar_calendar(request, pk):
    seminar = get_object_or_404(Seminar.objects.for_list(), pk=pk)
    response = HttpResponse(seminar_ics(seminar, request.build_absolute_uri(seminar_public_url(seminar))),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="seminarium.ics"'
    return response


def seminar_public_url(seminar):
    from django.urls import reverse

    return reverse("seminars:public", args=[seminar.pk])


@login_not_required
def registration_cancel_view(request, token):
    pk = read_token(token, CANCEL_SALT)
    registration = get_object_or_404(Registration.objects.select_related("seminar"), pk=pk) if pk else None
    if registration is None:
        raise Http404
    if request.method == "POST":
        registration_cancel(registration_id=registration.pk)
        registration.refresh_from_db()
    return render(request, "seminars/cancel.html", {"registration": registration, "seminar": registration.seminar})


def _filtered(seminar, form):
    rows = seminar.registrations.all()
    if form.is_valid():
        q, status, attended = (form.cleaned_data[k] for k in ("q", "status", "attended"))
        if q:
            rows = rows.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__icontains=q))
        if status:
            rows = rows.filter(status=status)
        if attended == "yes":
            rows = rows.filter(attended_at__isnull=False)
        elif attended == "no":
            rows = rows.filter(attended_at__isnull=True)
    return rows


def safe_cell(value):
    """Spreadsheet programs run cells that begin with = + - @ as formulas: prefix them with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


EXPORT_FIELDS = ["name", "email", "organisation", "sector", "gender", "status", "attended_at",
                 "dietary_needs", "accessibility_needs"]


def registrations(request, pk):
    seminar = get_seminar_for_organiser(request, pk)
    form = RegistrationFilterForm(request.GET or None)
    rows = _filtered(seminar, form)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = [[safe_cell(getattr(r, f"get_{f}_display")() if f in ("sector", "gender", "status")
                            else getattr(r, f)) for f in EXPORT_FIELDS] for r in rows]
        header = [str(Registration._meta.get_field(f).verbose_name) for f in EXPORT_FIELDS]
        if export == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="anmalningar.csv"'
            response.write("\ufeff")
            writer = csv.writer(response, delimiter=";")
            writer.writerow(header)
            writer.writerows(table)
            return response
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for line in table:
            sheet.append(line)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="anmalningar.xlsx"'
        workbook.save(response)
        return response
    return render(request, "seminars/registrations.html", {
        "seminar": seminar, "form": form, "rows": rows, "counts": seminar_counts(seminar),
        "catering": catering_counts(seminar),
    })


def check_in(request, pk):
    """At the door, on a phone: search by name, one tap. HTMX swaps the list."""
    seminar = get_seminar_for_organiser(request, pk)
    q = request.GET.get("q", "").strip()
    rows = seminar.registrations.seated()
    if q:
        rows = rows.filter(name__icontains=q)
    context = {"seminar": seminar, "rows": rows[:50], "q": q}
    if request.htmx:
        return render(request, "seminars/check_in.html#results", context)
    return render(request, "seminars/check_in.html", context)


@require_POST
def check_in_toggle(request, pk, registration_pk):
    seminar = get_seminar_for_organiser(request, pk)
    registration = get_object_or_404(seminar.registrations.seated(), pk=registration_pk)
    registration_check_in(registration=registration, attended=registration.attended_at is None)
    if request.htmx:
        return render(request, "seminars/check_in.html#row", {"seminar": seminar, "r": registration})
    return redirect("seminars:check_in", seminar.pk)
