"""The coordinators' review of submitted activities (the review inbox, labs/views_review.py).

Which activities a person may review is Activity.objects.reviewable_by(user) (labs/querysets.py, the list side of
the rule labs.review_activity). Here: approving and returning with optimistic locking. The inbox shows an activity
at a version, and approving or returning it passes that version to the service (labs.services.activity_approve,
activity_return), which claims it (grportal.locking.claim_version) in its transaction, so a decision taken on what
someone has since changed is refused with StaleEdit and the person is shown what changed.
"""

from grportal.locking import Conflict, StaleEdit, last_saved_by, shown

from .models import Activity
from .services import activity_approve, activity_return

# What the inbox shows of an activity, compared field by field when a decision is refused as stale.
COMPARED_FIELDS = (
    "status", "title", "date", "kind", "place", "participants_total", "participants_women", "participants_men",
    "participants_other", "co_financed_hours", "lessons", "return_reason",
)


def approve(*, activity: Activity, expected_version: int | None) -> Activity:
    """Approve the activity as it was shown (its version); StaleEdit if it was changed since, ValidationError if it
    is no longer submitted (approved or returned by someone else). The service claims the version."""
    return activity_approve(activity=activity, expected_version=expected_version)


def return_to_lead(*, activity: Activity, expected_version: int | None, reason: str) -> Activity:
    """Return the activity as it was shown to its lead with a reason; StaleEdit if it was changed since."""
    return activity_return(activity=activity, reason=reason, expected_version=expected_version)


def conflict_for(stale: StaleEdit, seen_version: int | None) -> Conflict:
    """What the refused reviewer is shown (templates/components/stale_edit.html): who saved meanwhile and, field by
    field, the activity as saved now against what the reviewer saw (from its history at the version shown)."""
    current = stale.current
    if current is None:
        return Conflict(deleted=True)
    by, at = last_saved_by(current)
    seen = None
    if seen_version is not None:
        seen = current.history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    rows = []
    if seen is not None:
        for name in COMPARED_FIELDS:
            model_field = Activity._meta.get_field(name)
            form_field = model_field.formfield()
            theirs, yours = getattr(current, name), getattr(seen, name)
            if theirs != yours:
                rows.append({"name": name, "label": model_field.verbose_name.capitalize(),
                             "theirs": shown(form_field, theirs), "yours": shown(form_field, yours)})
    return Conflict(rows=rows, saved_by=by, saved_at=at)
