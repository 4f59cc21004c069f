"""Named rules for funder reports."""

from accounts.rules import rule
from projects.permissions import can_edit_project, can_view_internal
from projects.roles import roles_for


@rule("reports.generate")
def can_generate_report(user, project) -> bool:
    """Write drafts, generate, publish: administrators and the project's coordinators."""
    return can_edit_project(user, project)


@rule("reports.list_reports")
def can_list_reports(user, project) -> bool:
    """The project's report page: internal roles, and funder contacts (who then see only their reports)."""
    return can_view_internal(user, project) or project.pk in roles_for(user).funds


@rule("reports.view_report")
def can_view_report(user, report) -> bool:
    """Internal roles see every report; a funder contact only published ones addressed to their organisation."""
    if can_view_internal(user, report.project):
        return True
    return (
        report.project_id in roles_for(user).funds
        and report.status == report.Status.DONE
        and report.published_at is not None
        and report.addressed_to_id is not None
        and report.addressed_to_id == user.organisation_id
    )
