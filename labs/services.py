from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Activity, Lab


@transaction.atomic
def activity_create(*, lab: Lab, created_by, **fields) -> Activity:
    """Log an activity in a lab as a draft."""
    activity = Activity(lab=lab, created_by=created_by, **fields)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, **fields) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_submit(*, activity: Activity) -> Activity:
    """Hand a draft (or a returned activity) to the coordinator; it is then locked for the lead."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
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
