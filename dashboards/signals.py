"""Cache invalidation for the portfolio dashboard, and the navigation flag set at login.

Any save or delete of a row the portfolio's figures are computed from bumps a generation counter in the
cache; the cached figures carry the generation in their key, so the next request computes them afresh.
Bulk writes that send no signals (queryset.update, bulk_create) are covered by the cache's timeout and,
in generate_synthetic, by an explicit bump.
"""

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .permissions import can_view_portfolio
from .selectors import bump_generation

WATCHED = [
    "projects.Project", "projects.ProjectMembership", "projects.WorkPackage", "projects.Indicator",
    "projects.IndicatorValue", "projects.Milestone", "projects.FundingApplication",
    "labs.Lab", "labs.Activity", "labs.TargetGroupCount", "labs.CoFinancedTime",
    "budgets.Budget", "budgets.CostLine", "budgets.FinancingLine", "budgets.ActualCost", "budgets.ImportBatch",
    "reports.Report", "reports.ReportDueDate",
    "seminars.Seminar", "seminars.Registration",
    "dashboards.Meeting", "dashboards.Decision",
]


def _changed(sender, **kwargs):
    bump_generation()
    # Once more after the commit: a request that read the old rows meanwhile must not keep its figures.
    transaction.on_commit(bump_generation)


def connect():
    for label in WATCHED:
        model = apps.get_model(label)  # a renamed model fails loudly here, not with a stale dashboard
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboards-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboards-delete-{label}")
    project = apps.get_model("projects.Project")
    m2m_changed.connect(_changed, sender=project.municipalities.through, dispatch_uid="dashboards-m2m-munis")


connect()


@receiver(user_logged_in, dispatch_uid="dashboards-nav-flag")
def remember_dashboard_access(sender, request, user, **kwargs):
    """The menu shows the dashboard to those who may see it; decided once at login so no page pays a query."""
    if request is not None and hasattr(request, "session"):
        request.session["dashboards_nav"] = bool(can_view_portfolio(user))
