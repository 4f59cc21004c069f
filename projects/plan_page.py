"""The plan page's data: goals, work packages, indicators, partners and applications in a fixed number of queries."""

from django.utils import timezone

from .indicators import describe_for_page
from .shares_of_time import with_shares_of_time


def plan_for_page(project, *, internal: bool, today=None):
    """Everything the plan page shows, in a fixed number of queries whatever the plan's size (plus one per
    computed indicator, in its source, and one per kind of source setting shown, see describe_for_page).

    Returns a dict of lists; goals come as a tree (`children_list` on each goal), work packages carry
    their linked goals and indicators, indicators their recorded values and status (projects/indicators.py).
    """
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

    # Each indicator's status (live value, trajectory, behind), source and settings: projects/indicators.py.
    describe_for_page(indicators, project, today or timezone.localdate())
    for indicator in indicators:
        indicator.value_list = sorted(indicator.values.all(), key=lambda v: (v.period_start, v.period_end))
        indicator.goal_obj = goals_by_pk.get(indicator.goal_id)
        indicator.package_obj = packages_by_pk.get(indicator.work_package_id)
        if indicator.goal_obj:
            indicator.goal_obj.indicator_list.append(indicator)
        if indicator.package_obj:
            indicator.package_obj.indicator_list.append(indicator)

    members = with_shares_of_time(project.organisation_members.select_related("organisation", "user"))
    group_model = project.organisation_members.model.Group
    groups = [
        {"key": value, "label": label, "members": [m for m in members if m.group == value]}
        for value, label in group_model.choices
    ]

    key_persons = list(project.key_persons.select_related("organisation"))
    for package in work_packages:
        package.key_person_list = [p for p in key_persons if p.work_package_id == package.pk]
    for person in key_persons:
        person.package_obj = packages_by_pk.get(person.work_package_id)

    applications = list(project.applications.select_related("funder")) if internal else []
    open_statuses = set(project.applications.model.PENDING_STATUSES)
    upcoming = sorted(
        (a for a in applications if a.deadline and a.deadline >= timezone.localdate() and a.status in open_statuses),
        key=lambda a: a.deadline,
    )
    return {
        "goal_tree": roots,
        "goals": goals,
        "work_packages": work_packages,
        "indicators": indicators,
        "target_groups": list(project.target_groups.all()),
        "key_persons": key_persons,
        "member_groups": groups,
        "partners": list(project.partners.select_related("organisation")),
        "applications": applications,
        "upcoming_deadlines": upcoming,
    }
