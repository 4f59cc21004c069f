"""Writes for seminars: registrations (seat or waiting list, under a row lock), programme, retention."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .ics import seminar_ics
from .models import Documentation, Feedback, ProgrammeItem, Registration, Seminar
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
        subject = render_to_string(f"seminars/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"seminars/email/{template}.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[registration.email])
    if with_ics:
        message.attach("seminarium.ics", seminar_ics(seminar, context["url"]), "text/calendar")
    message.send(fail_silently=False)


def _send_on_commit(registration_pk: int, template: str, with_ics: bool = True) -> None:
    def send():
        registration = Registration.objects.select_related("seminar", "seminar__series").get(pk=registration_pk)
        if registration.email:
            _send(registration, template, with_ics=with_ics)

    transaction.on_commit(send)


# --- Registration ------------------------------------------------------------------------------------

def registration_create(*, seminar_id: int, name: str, email: str, sector: str, organisation: str = "",
                        dietary_needs: str = "", accessibility_needs: str = "", gender: str = "",
                        consents_to_invitations: bool = False) -> Registration:
    """A seat if one is free, a place on the waiting list otherwise; never more seats than capacity.

    The seminar row is locked (SELECT … FOR UPDATE) so concurrent registrations are counted one at a time.
    The same address registering again gets its existing registration (and the email again), not a second seat.
    """
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
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
    """Cancel, and give the freed seat to the first on the waiting list (who gets an email)."""
    with transaction.atomic():
        registration = Registration.objects.select_related("seminar").get(pk=registration_id)
        seminar = Seminar.objects.select_for_update().get(pk=registration.seminar_id)
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
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


def feedback_give(*, registration: Registration, rating: int, comment: str = "") -> Feedback:
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment})
    return feedback


# --- Seminar and programme -------------------------------------------------------------------------

def seminar_save(*, seminar: Seminar) -> Seminar:
    with transaction.atomic():
        seminar.full_clean()
        seminar.save()
        if seminar.pk:
            locked = Seminar.objects.select_for_update().get(pk=seminar.pk)
            seminar_fill_seats(seminar=locked)  # a larger room frees seats for the waiting list
    return seminar


def programme_item_save(*, item: ProgrammeItem) -> ProgrammeItem:
    if item.pk is None and not item.position:
        last = item.seminar.programme.aggregate(m=Max("position"))["m"] or 0
        item.position = last + 1
    item.full_clean()
    item.save()
    return item


def programme_item_move(*, item: ProgrammeItem, up: bool) -> None:
    """Swap the item with its neighbour; positions are renumbered 1..n first so ties cannot stick."""
    with transaction.atomic():
        items = list(ProgrammeItem.objects.select_for_update().filter(seminar_id=item.seminar_id)
                     .order_by("position", "starts_at", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if up else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])


def documentation_add(*, seminar: Seminar, upload, user, kind_and_type: tuple[str, str]) -> Documentation:
    _kind, content_type = kind_and_type
    doc = Documentation(seminar=seminar, name=upload.name[-200:], content_type=content_type, size=upload.size,
                        uploaded_by=user)
    doc.file.save(upload.name, upload, save=False)
    doc.save()
    return doc


# --- Retention ---------------------------------------------------------------------------------------

def retention_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Erase what may no longer be kept. Counts (sector, gender, organisation, attendance) survive.

    - dietary and accessibility needs: as soon as the seminar has ended;
    - name and email (and the consent, which needs an address): GRPORTAL_RETENTION_REGISTRATIONS_DAYS after it;
    - feedback comments: GRPORTAL_RETENTION_FEEDBACK_DAYS after the seminar (the rating stays).
    """
    now = now or timezone.now()
    ended = Seminar.objects.filter(ends_at__lte=now)
    needs = Registration.objects.filter(seminar__in=ended).exclude(dietary_needs="", accessibility_needs="") \
        .update(dietary_needs="", accessibility_needs="")
    ended.filter(needs_erased_at__isnull=True).update(needs_erased_at=now)

    registrations_cutoff = now - dt.timedelta(days=settings.GRPORTAL_RETENTION_REGISTRATIONS_DAYS)
    anonymised = Registration.objects.filter(seminar__ends_at__lte=registrations_cutoff, anonymised_at__isnull=True) \
        .update(name="", email="", consents_to_invitations=False, dietary_needs="", accessibility_needs="",
                anonymised_at=now)

    feedback_cutoff = now - dt.timedelta(days=settings.GRPORTAL_RETENTION_FEEDBACK_DAYS)
    comments = Feedback.objects.filter(registration__seminar__ends_at__lte=feedback_cutoff).exclude(comment="") \
        .update(comment="")
    return {"needs": needs, "anonymised": anonymised, "comments": comments}
