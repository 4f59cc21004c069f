from django.db import models
from django.db.models import Q


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects the person has a role on, or runs a lab in; administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(memberships__user=user) | Q(labs__leads=user)).distinct()

    def for_list(self):
        return self.select_related("owner", "funder").prefetch_related("municipalities")


class WorkPackageQuerySet(models.QuerySet):
    def for_project_page(self):
        return self.select_related("responsible")


def plan_for_page(project, *, internal: bool):
    """Everything the plan page shows, in a fixed number of queries whatever the plan's size.

    Returns a dict of lists; goals come as a tree (`children_list` on each goal), work packages carry
    their linked goals and indicators, indicators their recorded values and progress.
    """
    from decimal import Decimal

    goals = list(
        project.goals.prefetch_related("target_groups", "work_packages").order_by("position", "pk")
    )
    work_packages = list(
        project.work_packages.select_related("responsible", "local_leader")
        .prefetch_related("target_groups", "milestones")
    )
    indicators = list(project.indicators.prefetch_related("values").order_by("name", "pk"))

    goals_by_pk = {g.pk: g for g in goals}
    packages_by_pk = {p.pk: p for p in work_packages}
    for goal in goals:
        goal.children_list = []
        goal.indicator_list = []
    roots = []
    for goal in goals:
        parent = goals_by_pk.get(goal.parent_id)
        (parent.children_list if parent else roots).append(goal)
    level_order = {"overall": 0, "project": 1, "sub": 2}
    roots.sort(key=lambda g: (level_order.get(g.level, 9), g.position, g.pk))

    for package in work_packages:
        package.goal_list = []
        package.indicator_list = []
    for goal in goals:
        for package in goal.work_packages.all():
            if package.pk in packages_by_pk:
                packages_by_pk[package.pk].goal_list.append(goal)

    for indicator in indicators:
        values = sorted(indicator.values.all(), key=lambda v: (v.period_start, v.period_end))
        indicator.value_list = values
        indicator.latest = values[-1] if values else None
        indicator.progress = None
        if indicator.latest is not None and indicator.target != indicator.baseline:
            share = (indicator.latest.value - indicator.baseline) / (indicator.target - indicator.baseline) * 100
            indicator.progress = max(Decimal(0), min(Decimal(100), share)).quantize(Decimal(1))
        indicator.goal_obj = goals_by_pk.get(indicator.goal_id)
        indicator.package_obj = packages_by_pk.get(indicator.work_package_id)
        if indicator.goal_obj:
            indicator.goal_obj.indicator_list.append(indicator)
        if indicator.package_obj:
            indicator.package_obj.indicator_list.append(indicator)

    from .indicator_sources import get_source

    for indicator in indicators:
        source = get_source(indicator.source) if indicator.source else None
        indicator.source_label = source.label if source else indicator.source

    members = list(project.organisation_members.select_related("organisation"))
    group_model = project.organisation_members.model.Group
    groups = [
        {"key": value, "label": label, "members": [m for m in members if m.group == value]}
        for value, label in group_model.choices
    ]

    import datetime as dt

    applications = list(project.applications.select_related("funder")) if internal else []
    open_statuses = {"planned", "submitted"}
    upcoming = sorted(
        (a for a in applications if a.deadline and a.deadline >= dt.date.today() and a.status in open_statuses),
        key=lambda a: a.deadline,
    )
    return {
        "goal_tree": roots,
        "goals": goals,
        "work_packages": work_packages,
        "indicators": indicators,
        "target_groups": list(project.target_groups.all()),
        "key_persons": list(project.key_persons.select_related("organisation")),
        "member_groups": groups,
        "partners": list(project.partners.select_related("organisation")),
        "applications": applications,
        "upcoming_deadlines": upcoming,
    }
