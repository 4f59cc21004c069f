"""What goes into a report: read-only selectors over the portal's data for a period."""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from budgets.models import Budget
from labs.models import Activity, Lab
from projects.models import Project, ProjectMembership


@dataclass
class ParticipantTotals:
    total: int
    women: int
    men: int
    other: int

    @property
    def gender_balanced(self) -> bool | None:
        """Neither women nor men below 40 % of those whose gender is known; None when nobody is counted."""
        known = self.women + self.men
        if not known:
            return None
        return min(self.women, self.men) * 100 >= 40 * known


def report_context(*, project: Project, period_start, period_end) -> dict:
    activities = Activity.objects.filter(
        lab__project=project, date__range=(period_start, period_end)
    ).exclude(status=Activity.Status.DRAFT).select_related("lab").order_by("lab__name", "date")
    sums = activities.aggregate(
        total=Sum("participants_total"), women=Sum("participants_women"),
        men=Sum("participants_men"), other=Sum("participants_other"), count=Count("pk"),
    )
    totals = ParticipantTotals(
        total=sums["total"] or 0, women=sums["women"] or 0, men=sums["men"] or 0, other=sums["other"] or 0
    )
    budget = Budget.objects.for_page().filter(project=project, is_current=True).first()
    return {
        "project": project,
        "period_start": period_start,
        "period_end": period_end,
        "generated_at": timezone.localtime(),
        "steering_group": ProjectMembership.objects.filter(
            project=project, role=ProjectMembership.Role.STEERING
        ).select_related("user", "user__organisation"),
        "work_packages": project.work_packages.for_project_page(),
        "labs": Lab.objects.filter(project=project).select_related("municipality", "method"),
        "activities": activities,
        "activity_count": sums["count"],
        "participants": totals,
        "budget": budget,
        "balance": budget.balance() if budget else None,
    }
