from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import has, require
from grportal import ratelimit
from grportal.exports import csv_response, xlsx_response, xlsx_table
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit

from .feedback_requests import feedback_recipients
from .forms import (
    DocumentationForm,
    FeedbackForm,
    ProgrammeItemForm,
    RegistrationFilterForm,
    RegistrationForm,
    SeminarForm,
    SeriesForm,
)
from .ics import seminar_ics
from .models import Documentation, ProgrammeItem, Registration, Seminar
from .permissions import can_create_seminar
from .selectors import catering_counts, feedback_summary, seminar_counts
from .services import (
    documentation_add,
    documentation_delete,
    documentation_set_public,
    feedback_give,
    feedback_request,
    programme_item_delete,
    programme_item_move,
    programme_item_save,
    registration_cancel,
    registration_check_in,
    registration_create,
    seminar_save,
    series_create,
)
from .tokens import CANCEL_SALT, FEEDBACK_MAX_AGE, FEEDBACK_SALT, read_token

CHECK_IN_ROWS = 50  # a name search narrows it; a phone screen needs no more


def get_seminar_for_organiser(request, pk) -> Seminar:
    """The seminar if the person organises it; 404 otherwise."""
    seminar = get_object_or_404(Seminar.objects.for_list(), pk=pk)
    require(request.user, "seminars.organise_seminar", seminar, hide=True)
    return seminar


def seminar_list(request):
    seminars = list(Seminar.objects.for_list())
    organised = set(Seminar.objects.organised_by(request.user).values_list("pk", flat=True))
    for seminar in seminars:
        seminar.organised = seminar.pk in organised
    return render(request, "seminars/seminar_list.html",
                  {"seminars": seminars, "can_create": can_create_seminar(request.user), "organiser": bool(organised)})


def series_new(request):
    """A new series (e.g. "På spaning efter ett socialt hållbart samhälle"); its seminars are then numbered in it."""
    require(request.user, "seminars.create_seminar")
    form = SeriesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        series = series_create(title=form.cleaned_data["title"], description=form.cleaned_data["description"])
        messages.success(request, _("The series “%(title)s” is created. Choose it when you add a seminar.")
                         % {"title": series.title})
        return redirect("seminars:new")
    return render(request, "seminars/series_form.html", {"form": form}, status=400 if form.errors else 200)


def _form_status(form) -> int:
    """409 for a save refused because someone else saved first (grportal.locking), 400 for errors."""
    if form.conflict:
        return 409
    return 400 if form.errors else 200


def seminar_form(request, pk=None):
    if pk is None:
        require(request.user, "seminars.create_seminar")
        seminar = Seminar()
    else:
        seminar = get_seminar_for_organiser(request, pk)
    form = SeminarForm(request.POST or None, instance=seminar, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            seminar = seminar_save(seminar=form.save(commit=False), expected_version=form.expected_version)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("The seminar is saved."))
            return redirect("seminars:registrations", seminar.pk)
    return render(request, "seminars/seminar_form.html", {"form": form, "seminar": seminar},
                  status=_form_status(form))


def _rate_limited(request) -> bool:
    """Public registration posts per client and hour, counted by the portal's one limiter (the one login uses)."""
    rate = f"{settings.SEMINARS_REGISTRATION_RATE_LIMIT}/h/ip"
    return not ratelimit.consume(request, action="seminar_register", rate=rate)


@login_not_required
def seminar_public(request, pk):
    """The public page of a seminar with its registration form."""
    seminar = get_object_or_404(Seminar.objects.for_list().prefetch_related("programme"), pk=pk)
    form = RegistrationForm(request.POST or None, seminar=seminar)
    context = {"seminar": seminar, "form": form,
               "retention_days": settings.GRPORTAL_RETENTION_REGISTRATIONS_DAYS,
               "documents": seminar.documentation.filter(is_public=True),
               "organiser": has(request.user, "seminars.organise_seminar", seminar)}
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "seminars/seminar_public.html", {**context, "rate_limited": True}, status=429)
        if form.is_valid():
            try:
                if not form.is_bot:
                    data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                    registration_create(seminar_id=seminar.pk, **data)
            except ValidationError as error:  # the deadline passed while the form was being filled in
                apply_validation_error(form, error)
            else:
                return redirect("seminars:thanks", seminar.pk)
        status = 400
    context["full"] = seminar.registrations.seated().count() >= seminar.capacity
    return render(request, "seminars/seminar_public.html", context, status=status)


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
    return render(request, "seminars/cancel.html", {"registration": registration, "seminar": registration.seminar,
                                                    "started": registration.seminar.starts_at <= timezone.now()})


def _filtered(seminar, form):
    rows = seminar.registrations.all()
    if form.is_valid():
        q, status, attended, invitations = (form.cleaned_data[k] for k in ("q", "status", "attended", "invitations"))
        if q:
            rows = rows.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__icontains=q))
        if status:
            rows = rows.filter(status=status)
        if attended == "yes":
            rows = rows.filter(attended_at__isnull=False)
        elif attended == "no":
            rows = rows.filter(attended_at__isnull=True)
        if invitations:
            rows = rows.filter(consents_to_invitations=invitations == "yes")
    return rows


EXPORT_FIELDS = ["name", "email", "organisation", "sector", "gender", "status", "attended_at",
                 "dietary_needs", "accessibility_needs", "consents_to_invitations"]


def _export_cell(registration, field: str):
    """One cell of the export: choices as their labels, the check-in time as a time (grportal.exports writes it
    in Swedish local time and neutralises text a spreadsheet would run)."""
    if field in ("sector", "gender", "status"):
        return getattr(registration, f"get_{field}_display")()
    if field == "consents_to_invitations":
        return _("Yes") if registration.consents_to_invitations else _("No")
    return getattr(registration, field)


def registrations(request, pk):
    seminar = get_seminar_for_organiser(request, pk)
    form = RegistrationFilterForm(request.GET or None)
    rows = _filtered(seminar, form)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = [[_export_cell(r, f) for f in EXPORT_FIELDS] for r in rows]
        header = [_("Wants invitations") if f == "consents_to_invitations"
                  else str(Registration._meta.get_field(f).verbose_name) for f in EXPORT_FIELDS]
        if export == "csv":
            return csv_response([header, *table], filename="anmalningar.csv")
        return xlsx_response(xlsx_table(_("Registrations"), header, table), filename="anmalningar.xlsx")
    return render(request, "seminars/registrations.html", {
        "seminar": seminar, "form": form, "rows": rows, "counts": seminar_counts(seminar),
    })


def _check_in_counts(seminar) -> dict:
    """How many with a seat are checked in so far, in one query."""
    return seminar.registrations.seated().aggregate(
        seated=Count("pk"), here=Count("pk", filter=Q(attended_at__isnull=False)))


def check_in(request, pk):
    """At the door, on a phone: search by name, one tap. HTMX swaps the list."""
    seminar = get_seminar_for_organiser(request, pk)
    # A NUL cannot be typed, only sent, and PostgreSQL refuses it in a query (a 500): drop it. The portal's other
    # search boxes are form fields, whose validator already refuses it.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    rows = seminar.registrations.seated().order_by("name", "pk")
    if q:
        rows = rows.filter(name__icontains=q)
    rows = list(rows[:CHECK_IN_ROWS + 1])
    context = {"seminar": seminar, "rows": rows[:CHECK_IN_ROWS], "more": len(rows) > CHECK_IN_ROWS, "q": q}
    if request.htmx:
        return render(request, "seminars/check_in.html#results", context)
    return render(request, "seminars/check_in.html", {**context, **_check_in_counts(seminar)})


@require_POST
def check_in_toggle(request, pk, registration_pk):
    seminar = get_seminar_for_organiser(request, pk)
    registration = get_object_or_404(seminar.registrations.seated(), pk=registration_pk)
    registration_check_in(registration=registration, attended=registration.attended_at is None)
    if request.htmx:
        # The tapped row, and the count above the search box (swapped out of band).
        return render(request, "seminars/check_in.html#toggled",
                      {"seminar": seminar, "r": registration, "oob": True, **_check_in_counts(seminar)})
    return redirect("seminars:check_in", seminar.pk)


# --- Caterer -----------------------------------------------------------------------------------------

def catering(request, pk):
    """What the caterer needs: how many, and how many of each diet. Never names."""
    seminar = get_seminar_for_organiser(request, pk)
    seats, needs = catering_counts(seminar)
    if request.GET.get("export") == "csv":
        return csv_response([[str(seminar), seminar.starts_at], [_("Seats taken"), seats], [],
                             [_("Dietary need"), _("Number")], *needs], filename="servering.csv")
    return render(request, "seminars/catering.html", {"seminar": seminar, "seats": seats, "needs": needs})


# --- Programme -----------------------------------------------------------------------------------------

def _programme_item(seminar, item_pk) -> ProgrammeItem:
    return get_object_or_404(ProgrammeItem, seminar=seminar, pk=item_pk)


def programme(request, pk):
    """The programme in order, with move up/down, edit and delete, and a form to add an item at the end."""
    seminar = get_seminar_for_organiser(request, pk)
    form = ProgrammeItemForm(request.POST if request.method == "POST" else None, seminar=seminar)
    if request.method == "POST" and form.is_valid():
        item = programme_item_save(item=form.save(commit=False))
        messages.success(request, _("“%(title)s” is added to the programme.") % {"title": item.title})
        return redirect(reverse("seminars:programme", args=[seminar.pk]) + f"#item-{item.pk}")
    items = list(seminar.programme.all())
    return render(request, "seminars/programme.html", {"seminar": seminar, "form": form, "items": items},
                  status=400 if form.errors else 200)


def programme_item_edit(request, pk, item_pk):
    seminar = get_seminar_for_organiser(request, pk)
    item = _programme_item(seminar, item_pk)
    form = ProgrammeItemForm(request.POST or None, instance=item, seminar=seminar)
    if request.method == "POST" and form.is_valid():
        try:
            programme_item_save(item=form.save(commit=False), expected_version=form.expected_version)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("The programme item is saved."))
            return redirect(reverse("seminars:programme", args=[seminar.pk]) + f"#item-{item.pk}")
    return render(request, "seminars/programme_item_form.html", {"seminar": seminar, "form": form, "item": item},
                  status=_form_status(form))


@require_POST
def programme_item_move_view(request, pk, item_pk):
    seminar = get_seminar_for_organiser(request, pk)
    item = _programme_item(seminar, item_pk)
    programme_item_move(item=item, up=request.POST.get("direction") == "up")
    return redirect(reverse("seminars:programme", args=[seminar.pk]) + f"#item-{item.pk}")


@require_POST
def programme_item_delete_view(request, pk, item_pk):
    seminar = get_seminar_for_organiser(request, pk)
    item = _programme_item(seminar, item_pk)
    programme_item_delete(item=item)
    messages.success(request, _("“%(title)s” is removed from the programme.") % {"title": item.title})
    return redirect("seminars:programme", seminar.pk)


# --- Documentation -------------------------------------------------------------------------------------

def documentation(request, pk):
    """Slides and notes: organisers upload and download; they choose which are public."""
    seminar = get_seminar_for_organiser(request, pk)
    form = DocumentationForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        doc = documentation_add(seminar=seminar, upload=form.cleaned_data["file"], user=request.user,
                                is_public=form.cleaned_data["is_public"])
        messages.success(request, _("“%(name)s” is uploaded.") % {"name": doc.name})
        return redirect("seminars:documentation", seminar.pk)
    return render(request, "seminars/documentation.html",
                  {"seminar": seminar, "form": form, "documents": seminar.documentation.all()},
                  status=400 if form.errors else 200)


def _document_for_organiser(request, doc_pk) -> Documentation:
    doc = get_object_or_404(Documentation.objects.select_related("seminar__project"), pk=doc_pk)
    require(request.user, "seminars.organise_seminar", doc.seminar, hide=True)
    return doc


@login_not_required
def document_download(request, doc_pk):
    """Files leave only through here: a public document to anyone, the others to the seminar's organisers."""
    doc = get_object_or_404(Documentation.objects.select_related("seminar__project"), pk=doc_pk)
    if not doc.is_public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, "seminars.organise_seminar", doc.seminar, hide=True)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=doc.name, content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not doc.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_publish(request, doc_pk):
    doc = _document_for_organiser(request, doc_pk)
    documentation_set_public(doc=doc, is_public=request.POST.get("public") == "1")
    return redirect(reverse("seminars:documentation", args=[doc.seminar_id]) + f"#doc-{doc.pk}")


@require_POST
def document_delete(request, doc_pk):
    doc = _document_for_organiser(request, doc_pk)
    documentation_delete(doc=doc)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": doc.name})
    return redirect("seminars:documentation", doc.seminar_id)


# --- Feedback ------------------------------------------------------------------------------------------

def feedback_overview(request, pk):
    """The answers, without names, and the button that emails those who attended a link to the form."""
    seminar = get_seminar_for_organiser(request, pk)
    if request.method == "POST":
        sent = feedback_request(seminar=seminar)
        if sent:
            messages.success(request, _("The feedback form is being sent to %(n)s people who attended.") % {"n": sent})
        else:
            messages.error(request, _("Nothing was sent: the seminar is not over, or the form was sent already."))
        return redirect("seminars:feedback_overview", seminar.pk)
    return render(request, "seminars/feedback_overview.html", {
        "seminar": seminar, "summary": feedback_summary(seminar),
        "recipients": feedback_recipients(seminar).count() if seminar.feedback_requested_at is None else None,
        "retention_days": settings.GRPORTAL_RETENTION_FEEDBACK_DAYS,
    })


@login_not_required
def feedback_form(request, token):
    """The attendee's form, reached through the emailed link; the answers are stored without their name."""
    pk = read_token(token, FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE)
    registration = get_object_or_404(
        Registration.objects.select_related("seminar", "seminar__series").filter(attended_at__isnull=False,
                                                                                 anonymised_at__isnull=True),
        pk=pk or 0)
    seminar = registration.seminar
    context = {"seminar": seminar, "retention_days": settings.GRPORTAL_RETENTION_FEEDBACK_DAYS}
    if registration.feedback_given:
        return render(request, "seminars/feedback_form.html", {**context, "done": True})
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        feedback_give(registration_id=registration.pk, **form.cleaned_data)
        return render(request, "seminars/feedback_form.html", {**context, "done": True, "thanks": True})
    return render(request, "seminars/feedback_form.html", {**context, "form": form},
                  status=400 if form.errors else 200)
