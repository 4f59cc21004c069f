import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations import invitation_create
from grportal.locking import claim_version
from grportal.queueing import enqueue_on_commit

from .models import Activity, ActivityReturn, Attachment, CoFinancedTime, Lab, LabPhaseChange, Method, TargetGroupCount
from .selectors import LAB_LEAD_TARGET
from .tasks import notify_activity_submitted, notify_lead_of_return

# The role an invitation to lead a lab names (the grant is registered in labs/apps.py).
LAB_LEAD_ROLE = "lead"


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
def activity_submit(*, activity: Activity, submitted_by=None) -> Activity:
    """Hand a draft (or a returned activity) to the coordinator; it is then locked for the lead. The project's
    coordinators are told after the commit (labs.notifications: at once, or in their daily summary)."""
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
    submission = activity.submissions.create(submitted_by=submitted_by)
    enqueue_on_commit(notify_activity_submitted, submission.pk)
    return activity


@transaction.atomic
def activity_approve(*, activity: Activity, expected_version: int | None = None) -> Activity:
    """The coordinator accepts a submitted activity. With `expected_version` (the version the page showed) the
    decision is refused with StaleEdit when the activity was changed since (grportal.locking.claim_version)."""
    if expected_version is not None:
        claim_version(activity, expected_version)
    activity = _locked(activity)
    if activity.status != Activity.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted activity can be approved."), code="not_submitted")
    activity.status = Activity.Status.APPROVED
    activity.return_reason = ""
    activity.save(update_fields=["status", "return_reason", "updated_at"])
    return activity


@transaction.atomic
def activity_return(*, activity: Activity, reason: str, expected_version: int | None = None) -> Activity:
    """Send a submitted or approved activity back to the lead with a reason (this also reopens it). The return is
    recorded (ActivityReturn), and the lead is emailed its reason after the commit, once per return. With
    `expected_version` (the version the page showed) it is refused with StaleEdit when the activity was changed
    since (grportal.locking.claim_version)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the lab lead knows what to change.")})
    if expected_version is not None:
        claim_version(activity, expected_version)
    activity = _locked(activity)
    if activity.status not in (Activity.Status.SUBMITTED, Activity.Status.APPROVED):
        raise ValidationError(_("Only a submitted or approved activity can be returned."), code="not_returnable")
    activity.status = Activity.Status.RETURNED
    activity.return_reason = reason
    activity.save(update_fields=["status", "return_reason", "updated_at"])
    returned = ActivityReturn(activity=activity, reason=reason)
    returned.full_clean()
    returned.save()
    enqueue_on_commit(notify_lead_of_return, returned.pk)  # the lab lead is emailed the reason
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


def _check_lab_links(lab: Lab, work_package, target_groups) -> None:
    """A lab's work package and target groups are its own project's."""
    if work_package is not None and work_package.project_id != lab.project_id:
        raise ValidationError({"work_package": _("Choose a work package of the lab's project.")})
    if target_groups is not None and any(g.project_id != lab.project_id for g in target_groups):
        raise ValidationError({"target_groups": _("Choose target groups of the lab's project.")})


def _set_lab_links(lab: Lab, *, methods, partners, target_groups) -> None:
    if methods is not None:
        lab.methods.set(methods)
    if partners is not None:
        lab.partners.set(partners)
    if target_groups is not None:
        lab.target_groups.set(target_groups)


@transaction.atomic
def lab_create(*, project, created_by=None, methods=(), partners=(), target_groups=(), **fields) -> Lab:
    """Start a lab in a project: a local lab in its municipality or a regional lab on tour (none of its own),
    testing one or more methods from the catalogue. Its starting phase is recorded as the first phase change."""
    lab = Lab(project=project, **fields)
    lab.full_clean()
    _check_lab_links(lab, lab.work_package, target_groups)
    lab.save()
    _set_lab_links(lab, methods=methods, partners=partners, target_groups=target_groups)
    LabPhaseChange.objects.create(lab=lab, phase=lab.phase, changed_by=created_by)
    return lab


@transaction.atomic
def lab_update(*, lab: Lab, expected_version: int | None = None, methods=None, partners=None, target_groups=None,
               changed_by=None, **fields) -> Lab:
    """Change a lab's settings; the history keeps who changed what, a new phase is recorded as a phase change.
    StaleEdit if someone saved them since the form was opened."""
    # From the database: a ModelForm has already put the new values on the instance.
    old_phase = Lab.objects.filter(pk=lab.pk).values_list("phase", flat=True).first()
    for name, value in fields.items():
        setattr(lab, name, value)
    lab.full_clean()
    _check_lab_links(lab, lab.work_package, target_groups)
    claim_version(lab, expected_version)
    lab.save()
    _set_lab_links(lab, methods=methods, partners=partners, target_groups=target_groups)
    if lab.phase != old_phase:
        LabPhaseChange.objects.create(lab=lab, phase=lab.phase, changed_by=changed_by)
    return lab


def lead_grant(*, user, target_id: int, role: str = "") -> Lab:
    """Make a person a lead of a lab (an accepted invitation with target "labs.lab" lands here)."""
    lab = Lab.objects.get(pk=target_id)
    lab.leads.add(user)
    return lab


@transaction.atomic
def lead_invite(*, lab: Lab, email: str, invited_by, full_name: str = "", organisation=None):
    """Invite a person by email to lead a lab; the role is granted when they accept (a new or an existing
    account)."""
    return invitation_create(email=email, full_name=full_name, organisation=organisation, invited_by=invited_by,
                             target=LAB_LEAD_TARGET, target_id=lab.pk, role=LAB_LEAD_ROLE)


@transaction.atomic
def lead_remove(*, lab: Lab, user) -> None:
    """The person no longer leads the lab; what they logged stays."""
    if not lab.leads.filter(pk=user.pk).exists():
        raise ValidationError(_("%(person)s does not lead this lab.") % {"person": user}, code="not_a_lead")
    lab.leads.remove(user)
