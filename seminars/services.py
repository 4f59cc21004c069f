"""Writes for seminars: registrations (seat or waiting list, under a row lock), programme, documentation; asking
for the feedback emails (their task runs seminars.feedback_requests; retention is seminars.retention)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grportal.locking import claim_version
from grportal.mail import render_email
from grportal.queueing import enqueue_on_commit

from .feedback_requests import feedback_recipients
from .ics import seminar_ics
from .models import Documentation, Feedback, ProgrammeItem, Registration, Seminar, Series
from .tasks import send_feedback_requests
from .tokens import CANCEL_SALT, make_token

Status = Registration.Status


# --- Email -----------------------------------------------------------------------------------------

def _public_url(seminar) -> str:
    return settings.SITE_URL + reverse("seminars:public", args=[seminar.pk])


def _send(registration, template: str, *, with_ics: bool = True) -> None:
    seminar = registration.seminar
    context = {
        "registration": registration, "seminar": seminar, "url": _public_url(seminar),
        "cancel_url": settings.SITE_URL + reverse("seminars:cancel", args=[make_token(registration, CANCEL_SALT)]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render_email(f"seminars/email/{template}", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    if with_ics:
        message.attach("seminarium.ics", seminar_ics(seminar, context["url"]), "text/calendar")
    message.send(fail_silently=False)


# Only those with a seat get the calendar file: a place on the waiting list is not yet a seat in the room.
WITH_ICS = {"confirmation": True, "promoted": True, "waiting": False}


def _send_on_commit(registration_pk: int, template: str) -> None:
    def send():
        registration = Registration.objects.select_related("seminar", "seminar__series").get(pk=registration_pk)
        if registration.email:
            _send(registration, template, with_ics=WITH_ICS[template])

    transaction.on_commit(send)


# --- Registration ------------------------------------------------------------------------------------

def registration_create(*, seminar_id: int, name: str, email: str, sector: str, organisation: str = "",
                        dietary_needs: str = "", accessibility_needs: str = "", gender: str = "",
                        consents_to_invitations: bool = False) -> Registration:
    """A seat if one is free, a place on the waiting list otherwise; never more seats than capacity.

    The seminar row is locked (SELECT … FOR UPDATE) so concurrent registrations are counted one at a time.
    The same address registering again gets its existing registration (and the email again), not a second seat.
    After the deadline (checked under the lock, so a form opened before it cannot slip through) nothing is stored:
    ValidationError.
    """
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
        if not seminar.registration_open:
            raise ValidationError(_("Registration for this seminar is closed."), code="closed")
        existing = seminar.registrations.active().filter(email__iexact=email).first()
        if existing is not None:
            _send_on_commit(existing.pk, "confirmation" if existing.status == Status.REGISTERED else "waiting")
            return existing
        seated = seminar.registrations.seated().count()
        registration = Registration(
            seminar=seminar, name=name, email=email, organisation=organisation, sector=sector,
            dietary_needs=dietary_needs if seminar.food_served else "", accessibility_needs=accessibility_needs,
            gender=gender, consents_to_invitations=consents_to_invitations,
            status=Status.REGISTERED if seated < seminar.capacity else Status.WAITING,
        )
        registration.full_clean()
        registration.save()
        _send_on_commit(registration.pk, "confirmation" if registration.status == Status.REGISTERED else "waiting")
    return registration


def registration_cancel(*, registration_id: int) -> Registration:
    """Cancel, and give the freed seat to the first on the waiting list (who gets an email).

    Once the seminar has started nothing changes: who registered and came is then a fact for the report counts."""
    with transaction.atomic():
        registration = Registration.objects.select_related("seminar").get(pk=registration_id)
        seminar = Seminar.objects.select_for_update().get(pk=registration.seminar_id)
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED or seminar.starts_at <= timezone.now():
            return registration
        was_seated = registration.status == Status.REGISTERED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if was_seated:
            seminar_fill_seats(seminar=seminar)
    return registration


def seminar_fill_seats(*, seminar: Seminar) -> list[Registration]:
    """Promote from the waiting list while seats are free (the caller holds the seminar lock)."""
    if seminar.starts_at <= timezone.now():
        return []
    free = seminar.capacity - seminar.registrations.seated().count()
    promoted = list(seminar.registrations.waiting()[:max(free, 0)])
    for registration in promoted:
        registration.status = Status.REGISTERED
        registration.save(update_fields=["status"])
        _send_on_commit(registration.pk, "promoted")
    return promoted


def registration_check_in(*, registration: Registration, attended: bool = True) -> Registration:
    registration.attended_at = timezone.now() if attended else None
    registration.save(update_fields=["attended_at"])
    return registration


# --- Feedback ----------------------------------------------------------------------------------------

def feedback_give(*, registration_id: int, rating: int, comment: str = "") -> Feedback | None:
    """Store one attendee's answers apart from their registration; a second answer through the same link is
    refused (None), so one person cannot weigh the ratings."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.feedback_given:
            return None
        feedback = Feedback(seminar_id=registration.seminar_id, rating=rating, comment=comment)
        feedback.full_clean()
        feedback.save()
        registration.feedback_given = True
        registration.save(update_fields=["feedback_given"])
    return feedback


def feedback_request(*, seminar: Seminar) -> int:
    """After the seminar, email those who attended a personal link to the feedback form, once.

    Returns how many will get it (0 when the requests were already sent or the seminar is not over)."""
    with transaction.atomic():
        locked = Seminar.objects.select_for_update().get(pk=seminar.pk)
        if locked.feedback_requested_at is not None or not locked.is_over:
            return 0
        locked.feedback_requested_at = timezone.now()
        locked.save(update_fields=["feedback_requested_at"])
        seminar.feedback_requested_at = locked.feedback_requested_at
        count = feedback_recipients(seminar).count()
        # A broker that is down must not make the committed click an error page: the button comes back instead.
        enqueue_on_commit(send_feedback_requests, seminar.pk, on_failure=lambda: _feedback_not_queued(seminar))
    return count


def _feedback_not_queued(seminar: Seminar) -> None:
    Seminar.objects.filter(pk=seminar.pk).update(feedback_requested_at=None)
    seminar.feedback_requested_at = None


# --- Series, seminar and programme ------------------------------------------------------------------

def series_create(*, title: str, description: str = "") -> Series:
    series = Series(title=title, description=description)
    series.full_clean()
    series.save()
    return series


def seminar_save(*, seminar: Seminar, expected_version: int | None = None) -> Seminar:
    """Create or update a seminar; StaleEdit if someone else saved it since the form was opened."""
    with transaction.atomic():
        seminar.full_clean()
        if seminar.pk is not None:
            claim_version(seminar, expected_version)
        seminar.save()
        locked = Seminar.objects.select_for_update().get(pk=seminar.pk)
        seminar_fill_seats(seminar=locked)  # a larger room frees seats for the waiting list
    return seminar


def programme_item_save(*, item: ProgrammeItem, expected_version: int | None = None) -> ProgrammeItem:
    """Add an item at the end of the programme, or update one; StaleEdit on a lost update."""
    with transaction.atomic():
        if item.pk is None:
            Seminar.objects.select_for_update().get(pk=item.seminar_id)  # two additions get distinct positions
            last = ProgrammeItem.objects.filter(seminar_id=item.seminar_id).aggregate(m=Max("position"))["m"] or 0
            item.position = last + 1
        item.full_clean()
        if item.pk is not None:
            claim_version(item, expected_version)
        item.save()
    return item


def programme_item_delete(*, item: ProgrammeItem) -> None:
    item.delete()


def programme_item_move(*, item: ProgrammeItem, up: bool) -> None:
    """Swap the item with its neighbour; positions are renumbered 1..n first so ties cannot stick."""
    with transaction.atomic():
        items = list(ProgrammeItem.objects.select_for_update().filter(seminar_id=item.seminar_id)
                     .order_by("position", "starts_at", "pk"))
        index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
        if index is None:
            return
        target = index - 1 if up else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])


# --- Documentation -----------------------------------------------------------------------------------

def documentation_add(*, seminar: Seminar, upload, user, is_public: bool = False) -> Documentation:
    """Store a document privately with the seminar, once Documentation.UPLOADS has vetted its bytes and size."""
    content_type = Documentation.UPLOADS.check(upload).content_type
    name = upload.name.replace("/", "_").replace("\\", "_")[-200:]
    doc = Documentation(seminar=seminar, name=name, content_type=content_type, size=upload.size,
                        uploaded_by=user, is_public=is_public)
    doc.file.save(name, upload, save=False)
    try:
        doc.full_clean(exclude=["file"])
        doc.save()
    except Exception:
        doc.file.delete(save=False)
        raise
    return doc


def documentation_set_public(*, doc: Documentation, is_public: bool) -> Documentation:
    doc.is_public = is_public
    doc.save(update_fields=["is_public"])
    return doc


def documentation_delete(*, doc: Documentation) -> None:
    storage, name = doc.file.storage, doc.file.name
    doc.delete()
    transaction.on_commit(lambda: storage.delete(name))
