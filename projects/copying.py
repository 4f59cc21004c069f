"""Copy a project as the start of a new application.

What is copied: the project's facts, target groups, goals (hierarchy and links), work packages with
their milestones and deliverables, key persons (with their work packages), organisation (with each seat's shares
of time per period), partners, indicators (without values)
and funding applications as plans (without amounts granted or decisions). Every link inside the plan
is pointed at the copy's own rows, so nothing is shared with the source.

What is not: the change history, labs and their activities, indicator values, decisions, and project
roles other than the copier, who becomes the copy's coordinator.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .indicator_sources import source_params_for_copy
from .models import (
    FundingApplication,
    Goal,
    KeyPerson,
    Milestone,
    OrganisationMember,
    OrganisationMemberShare,
    Project,
    ProjectMembership,
    ProjectPartner,
    WorkPackage,
)
from .services import plan_item_record_links

TITLE_MAX = Project._meta.get_field("title").max_length


def copy_title(source: Project) -> str:
    return _("Copy of %(title)s") % {"title": source.title}


def _shift(day: dt.date | None, delta: dt.timedelta) -> dt.date | None:
    return day + delta if day else None


def _copy(obj, **changes):
    """A new, unsaved instance with the same field values (no pk, no many-to-many)."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
              if not f.primary_key and f.attname != "version"}
    values.update(changes)
    return type(obj)(**values)


def _save(obj, reason: str):
    obj._change_reason = reason  # read by django-simple-history for the copy's first history row
    obj.save()
    return obj


@transaction.atomic
def project_copy(*, source: Project, copied_by, title: str = "", short_name: str = "",
                 start_date: dt.date | None = None) -> Project:
    """A new project (status idea) with the source's plan; the copier is its coordinator.

    A new start date moves every date of the plan (period, work packages, milestones) by the same
    number of days. Rows copied from the source are already valid, so only the new project is cleaned.
    """
    delta = dt.timedelta(days=(start_date - source.start_date).days) if start_date else dt.timedelta(0)
    reason = _("Copied from %(title)s") % {"title": source.title}
    project = _copy(
        source, title=(title or copy_title(source))[:TITLE_MAX], short_name=short_name,
        status=Project.Status.IDEA, start_date=source.start_date + delta, end_date=source.end_date + delta,
    )
    project.full_clean()
    _save(project, reason)
    project.municipalities.set(source.municipalities.all())
    ProjectMembership.objects.create(project=project, user=copied_by, role=ProjectMembership.Role.COORDINATOR)

    groups = {}
    for group in source.target_groups.all():
        groups[group.pk] = _save(_copy(group, project_id=project.pk), reason)

    packages = {}
    for wp in source.work_packages.prefetch_related("target_groups", "milestones"):
        new = _save(_copy(wp, project_id=project.pk, status=WorkPackage.Status.PLANNED,
                          start_date=_shift(wp.start_date, delta), end_date=_shift(wp.end_date, delta)), reason)
        new.target_groups.set([groups[g.pk] for g in wp.target_groups.all()])
        Milestone.objects.bulk_create([
            _copy(m, work_package_id=new.pk, done=False, due_date=m.due_date + delta) for m in wp.milestones.all()
        ])
        packages[wp.pk] = new

    goals = {}
    source_goals = list(source.goals.prefetch_related("target_groups", "work_packages"))
    for goal in source_goals:  # parents are pointed at the copies once every goal exists
        new = _save(_copy(goal, project_id=project.pk, parent_id=None), reason)
        new.target_groups.set([groups[g.pk] for g in goal.target_groups.all()])
        new.work_packages.set([packages[w.pk] for w in goal.work_packages.all()])
        goals[goal.pk] = new
    with_parent = []
    for goal in source_goals:
        if goal.parent_id in goals:
            goals[goal.pk].parent = goals[goal.parent_id]
            with_parent.append(goals[goal.pk])
    Goal.objects.bulk_update(with_parent, ["parent"])
    for new in [*packages.values(), *goals.values()]:
        plan_item_record_links(new)  # the copy's first history row shows its links as copied

    for indicator in source.indicators.all():
        _save(_copy(indicator, project_id=project.pk,
                    work_package_id=packages[indicator.work_package_id].pk if indicator.work_package_id else None,
                    goal_id=goals[indicator.goal_id].pk if indicator.goal_id else None,
                    source_params=source_params_for_copy(indicator, source, project)), reason)

    KeyPerson.objects.bulk_create([
        _copy(p, project_id=project.pk,
              work_package_id=packages[p.work_package_id].pk if p.work_package_id in packages else None)
        for p in source.key_persons.all()])
    source_members = list(source.organisation_members.prefetch_related("shares"))
    copied_members = OrganisationMember.objects.bulk_create([_copy(m, project_id=project.pk) for m in source_members])
    OrganisationMemberShare.objects.bulk_create([  # each seat's share of time per period, moved with the plan
        _copy(share, member_id=copied.pk, valid_from=share.valid_from + delta, valid_to=_shift(share.valid_to, delta))
        for member, copied in zip(source_members, copied_members, strict=True) for share in member.shares.all()])
    ProjectPartner.objects.bulk_create([_copy(p, project_id=project.pk) for p in source.partners.all()])
    for application in source.applications.all():
        _save(_copy(application, project_id=project.pk, status=FundingApplication.Status.PLANNED,
                    amount_granted=None, deadline=None, decision_date=None), reason)
    return project

