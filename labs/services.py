import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grportal.locking import claim_version

from .models import Activity, Attachment, CoFinancedTime, Lab, LabPhaseChange, Method, TargetGroupCount


def _check_target_groups(activity: Activity, counts: dict) -> None:
    """Each target group's count fits in the total; groups may overlap (a young newcomer is in two)."""
    valid = set(activity.lab.project.target_groups.values_list("pk", flat=True))
    for group_id, count in counts.items():
        if group_id not in valid:
            raise ValidationError(_("Choose target groups of the lab's project."), code="foreign_target_group")
        if count < 0 or count > activity.participants_total:
            raise ValidationError(
                _("A target group cannot have more participants (%(count)s) than the total %(total)s.")
                % {"count": count, "total": activity.participants_total}, code="target_group_over_total",
            )


def _clean_hours(hours_by_organisation) -> dict | None:
    if hours_by_organisation is None:
        return None
    hours = {k: Decimal(v) for k, v in hours_by_organisation.items() if v}
    if any(h < 0 for h in hours.values()):
        raise ValidationError(_("Hours cannot be negative."), code="negative_hours")
    return hours


def _save_breakdowns(activity: Activity, target_group_counts, hours) -> None:
    if target_group_counts is not None:
        counts = {k: v for k, v in target_group_counts.items() if v}
        _check_target_groups(activity, counts)
        activity.target_group_counts.exclude(target_group_id__in=counts).delete()
        for group_id, count in counts.items():
            TargetGroupCount.objects.update_or_create(activity=activity, target_group_id=group_id,
                                                      defaults={"count": count})
    if hours is not None:
        activity.co_financed_time.exclude(organisation_id__in=hours).delete()
        for organisation_id, value in hours.items():
            CoFinancedTime.objects.update_or_create(activity=activity, organisation_id=organisation_id,
                                                    defaults={"hours": value})


@transaction.atomic
def activity_create(*, lab: Lab, created_by, target_group_counts: dict | None = None,
                    hours_by_organisation: dict | None = None, **fields) -> Activity:
    """Log an activity in a lab as a draft, with its target-group counts and co-financed hours."""
    hours = _clean_hours(hours_by_organisation)
    if hours is not None:  # the column keeps the total of the rows
        fields["co_financed_hours"] = sum(hours.values(), Decimal(0))
    activity = Activity(lab=lab, created_by=created_by, **fields)
    activity.full_clean()
    activity.save()
    _save_breakdowns(activity, target_group_counts, hours)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, expected_version: int | None = None,
                    target_group_counts: dict | None = None, hours_by_organisation: dict | None = None,
                    **fields) -> Activity:
    """Change an activity (with its breakdowns); StaleEdit if someone saved it since the form was opened."""
    hours = _clean_hours(hours_by_organisation)
    if hours is not None:
        fields["co_financed_hours"] = sum(hours.values(), Decimal(0))
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    claim_version(activity, expected_version)
    activity.save()
    _save_breakdowns(activity, target_group_counts, hours)
    return activity


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


@transaction.atomic
def activity_submit(*, activity: Activity) -> Activity:
    """Hand a draft (or a returned activity) to the coordinator; it is then locked for the lead."""
    activity = _locked(activity)
    if not activity.can_be_submitted:
        raise ValidationError(
            _("Only a draft or a returned activity can be submitted; this one is “%(status)s”.")
            % {"status": activity.get_status_display()},
            code="not_submittable",
        )
    activity.status = Activity.Status.SUBMITTED
    activity.full_clean()
    activity.save(update_fields=["status", "updated_at"])
    return activity


@transaction.atomic
def activity_approve(*, activity: Activity) -> Activity:
    """The coordinator accepts a submitted activity."""
    activity = _locked(activity)
    if activity.status != Activity.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted activity can be approved."), code="not_submitted")
    activity.status = Activity.Status.APPROVED
    activity.return_reason = ""
    activity.save(update_fields=["status", "return_reason", "updated_at"])
    return activity


@transaction.atomic
def activity_return(*, activity: Activity, reason: str) -> Activity:
    """Send a submitted or approved activity back to the lead with a reason (this also reopens it)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the lab lead knows what to change.")})
    activity = _locked(activity)
    if activity.status not in (Activity.Status.SUBMITTED, Activity.Status.APPROVED):
        raise ValidationError(_("Only a submitted or approved activity can be returned."), code="not_returnable")
    activity.status = Activity.Status.RETURNED
    activity.return_reason = reason
    activity.save(update_fields=["status", "return_reason", "updated_at"])
    return activity


@transaction.atomic
def lab_change_phase(*, lab: Lab, phase: str, changed_on: dt.date | None = None, changed_by=None,
                     note: str = "") -> LabPhaseChange:
    """Move the lab to a phase of the cycle and record the change with its date."""
    change = LabPhaseChange(lab=lab, phase=phase, changed_on=changed_on or timezone.localdate(),
                            changed_by=changed_by, note=note)
    change.full_clean()
    change.save()
    lab.phase = phase
    lab.save(update_fields=["phase"])
    return change


@transaction.atomic
def attachment_add(*, activity: Activity, upload, uploaded_by) -> Attachment:
    """Store an upload privately with the activity, once Attachment.UPLOADS has vetted its bytes and size."""
    file_type = Attachment.UPLOADS.check(upload)
    attachment = Attachment(activity=activity, name=upload.name[:200], kind=file_type.kind,
                            content_type=file_type.content_type,
                            size=upload.size, uploaded_by=uploaded_by)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def method_create(*, name: str, description: str = "") -> Method:
    """Add a method to the catalogue that labs choose from."""
    method = Method(name=name.strip(), description=description.strip())
    method.full_clean()
    method.save()
    return method


@transaction.atomic
def method_update(*, method: Method, name: str, description: str = "", expected_version: int | None = None) -> Method:
    """Change a method of the catalogue; StaleEdit if someone saved it since the form was opened."""
    method.name, method.description = name.strip(), description.strip()
    method.full_clean()
    claim_version(method, expected_version)
    method.save()
    return method


@transaction.atomic
def lab_update(*, lab: Lab, expected_version: int | None = None, partners=None, target_groups=None,
               **fields) -> Lab:
    """Change a lab's settings; the history keeps who changed what. StaleEdit if someone saved them since the
    form was opened."""
    for name, value in fields.items():
        setattr(lab, name, value)
    if lab.kind == Lab.Kind.REGIONAL:
        lab.municipality = None  # it moves: each activity says where it was held
    lab.full_clean()
    claim_version(lab, expected_version)
    lab.save()
    if partners is not None:
        lab.partners.set(partners)
    if target_groups is not None:
        foreign = [g for g in target_groups if g.project_id != lab.project_id]
        if foreign:
            raise ValidationError({"target_groups": _("Choose target groups of the lab's project.")})
        lab.target_groups.set(target_groups)
    return lab
