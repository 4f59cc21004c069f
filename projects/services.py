"""All writes of the projects app. Each is atomic and validates the model (full_clean) before it saves.

Plan items are saved with optimistic locking (grportal.locking): a save names the version the person saw and
claims the next one; when someone else saved in between it is refused with StaleEdit, carrying what they saved.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CASCADE, Model
from django.utils import formats
from django.utils.translation import gettext

from grportal.locking import claim_version

from .models import Project, ProjectMembership, _links_of


@transaction.atomic
def membership_grant(*, user, target_id: int, role: str) -> ProjectMembership:
    """Give a person a role on a project (an accepted invitation lands here)."""
    project = Project.objects.get(pk=target_id)
    membership, _ = ProjectMembership.objects.get_or_create(project=project, user=user, role=role)
    return membership


@transaction.atomic
def membership_remove(*, membership: ProjectMembership) -> None:
    """Take a role on a project away. The last coordinator stays: a project without one has nobody to run it
    (nor to give the role to someone else). The project's row is locked, so two coordinators removing each other
    at the same moment cannot both succeed."""
    project = Project.objects.select_for_update().get(pk=membership.project_id)
    membership = ProjectMembership.objects.select_for_update().filter(pk=membership.pk).first()
    if membership is None:
        return  # already removed
    if membership.role == ProjectMembership.Role.COORDINATOR:
        others = project.memberships.filter(role=ProjectMembership.Role.COORDINATOR).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(gettext("%(name)s is the project's only coordinator and cannot be removed. "
                                          "Make someone else coordinator first.") % {"name": membership.user})
    membership.delete()


def _m2m_changes(item: Model, m2m: dict | None) -> str:
    """The links a save changes, old → new, for the history's reason (simple-history records only the row's own
    fields). Goals and work packages keep their links in full in each historical row instead (LinksSnapshot)."""
    changes = []
    recorded = set(getattr(type(item), "HISTORY_LINKS", ()))
    for name, objects in (m2m or {}).items():
        if name in recorded:
            continue
        before = sorted(str(o) for o in getattr(item, name).all()) if item.pk else []
        after = sorted(str(o) for o in objects)
        if before != after:
            field = item._meta.get_field(name)
            label = getattr(field, "verbose_name", None) or gettext("goals")
            changes.append(f"{str(label).capitalize()}: {', '.join(before) or '–'} → {', '.join(after) or '–'}")
    return "; ".join(changes)


def _reason(*parts: str) -> str:
    text = "; ".join(p for p in parts if p)
    return text if len(text) <= 100 else text[:99] + "…"  # the history's reason column holds 100 characters


# Links edited from both ends: a goal's work packages are the same links as a work package's "goals it serves".
# Changing such a link changes both items: the item at the other end gets a new version too (so a form still open
# on it, with the old links ticked, is refused instead of quietly putting them back) and a history row naming who
# changed the link.
LINKED_FROM_BOTH_ENDS = {("goal", "work_packages"), ("workpackage", "goals")}


def plan_item_record_links(item: Model) -> None:
    """Store the item's links, as they are now, in the historical row its save just wrote (see LinksSnapshot)."""
    names = getattr(type(item), "HISTORY_LINKS", ())
    if not names:
        return
    record = item.history.order_by("-history_date", "-history_id").first()
    if record is None:
        return
    type(record)._default_manager.filter(pk=record.pk).update(links=_links_of(item))


def _touch_other_ends(related_model, changed: set, user) -> None:
    """A new version of each item at the other end of changed links, with a history row of who changed them
    (the row's links show the change, old → new, on the history page)."""
    for other in related_model._default_manager.select_for_update().filter(pk__in=changed).order_by("pk"):
        claim_version(other)  # locked: the version it was read with is the stored one
        other._history_user = user
        other.save(update_fields=["version"])
        plan_item_record_links(other)


def _set_m2m(item: Model, m2m: dict | None, user=None) -> None:
    for name, objects in (m2m or {}).items():
        manager = getattr(item, name)
        both_ends = (item._meta.model_name, name) in LINKED_FROM_BOTH_ENDS
        before = set(manager.values_list("pk", flat=True)) if both_ends else set()
        manager.set(objects)
        if both_ends:
            after = {o.pk for o in objects}
            if before != after:
                _touch_other_ends(manager.model, before ^ after, user)


@transaction.atomic
def plan_item_create(*, item: Model, values: dict, m2m: dict | None = None, user) -> Model:
    """Add an item (goal, work package, indicator …) to a plan; `item` is an unsaved instance with its project."""
    for name, value in values.items():
        setattr(item, name, value)
    item.version = 1
    if hasattr(item, "recorded_by_id") and item.recorded_by_id is None:
        item.recorded_by = user  # who typed in an indicator value
    item.full_clean()
    item._history_user = user
    item._change_reason = _reason(_m2m_changes(item, m2m))
    item.save()
    _set_m2m(item, m2m, user)
    plan_item_record_links(item)
    return item


@transaction.atomic
def plan_item_update(*, item: Model, values: dict, m2m: dict | None = None, expected_version: int | None,
                     user, reason: str = "") -> Model:
    """Save changes to a plan item unless someone saved it since the person loaded it (StaleEdit)."""
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    claim_version(item, expected_version)
    item._history_user = user
    item._change_reason = _reason(reason, _m2m_changes(item, m2m))
    item.save()
    _set_m2m(item, m2m, user)
    plan_item_record_links(item)
    return item


@transaction.atomic
def plan_item_delete(*, item: Model, expected_version: int | None, user) -> None:
    """Delete a plan item unless it changed since the person looked at it (StaleEdit)."""
    claim_version(item, expected_version)
    item._history_user = user
    item.delete()


def _restorable_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "version"]


@transaction.atomic
def plan_item_restore(*, item: Model, record, expected_version: int | None, user) -> Model:
    """Put an earlier version's values back; the restore is itself a new, recorded version."""
    values = {}
    for field in _restorable_fields(type(item)):
        value = getattr(record, field.attname)
        if (field.is_relation and value is not None
                and not field.related_model._default_manager.filter(pk=value).exists()):
            value = None  # what it pointed at is gone; keep the rest of the old version
        values[field.attname] = value
    reason = gettext("Restored the version of %(when)s") % {
        "when": formats.date_format(record.history_date, "SHORT_DATETIME_FORMAT")}
    # The links as they were then, where they were recorded; links to what has since been deleted are left out.
    m2m = {}
    for name, pairs in (getattr(record, "links", None) or {}).items():
        if name in getattr(type(item), "HISTORY_LINKS", ()):
            related = getattr(item, name).model._default_manager
            m2m[name] = list(related.filter(project_id=item.project_id, pk__in=[pk for pk, _name in pairs]))
    return plan_item_update(item=item, values=values, m2m=m2m, expected_version=expected_version, user=user,
                            reason=reason)


@transaction.atomic
def project_create(*, item: Project, values: dict, m2m: dict | None = None, user) -> Project:
    """Start a new project; the person who creates it becomes its coordinator."""
    project = plan_item_create(item=item, values=values, m2m=m2m, user=user)
    ProjectMembership.objects.create(project=project, user=user, role=ProjectMembership.Role.COORDINATOR)
    return project


def _deleted_with(model, pk, when) -> list:
    """History rows of the plan items deleted together with this one (its milestones, indicators, values ...)."""
    window = dt.timedelta(seconds=5)  # a cascade writes its rows within the same request
    found = []
    for rel in model._meta.related_objects:
        child = rel.related_model
        if not rel.one_to_many or rel.on_delete is not CASCADE or child._meta.app_label != "projects" \
                or not hasattr(child, "history"):
            continue
        records = child.history.filter(**{rel.field.attname: pk}, history_type="-",
                                       history_date__range=(when - window, when + window))
        live = set(child._default_manager.filter(pk__in=[r.id for r in records]).values_list("pk", flat=True))
        found += [r for r in records if r.id not in live]
    return found


@transaction.atomic
def plan_item_undelete(*, record, user) -> Model:
    """Put a deleted plan item back as it was when it was deleted, with what was deleted along with it.

    `record` is the item's history row of the deletion. It comes back with its old id (links from elsewhere, such
    as a lab's work package, were cleared by the deletion and stay cleared). A link to something that is gone too
    is left empty where it may be, else the restore is refused with the reason.
    """
    model = record.instance_type
    if model._default_manager.filter(pk=record.id).exists():
        raise ValidationError(gettext("It is already back in the plan."))
    item = record.instance
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        value = getattr(item, field.attname)
        if value is not None and not field.related_model._default_manager.filter(pk=value).exists():
            if not field.null:
                raise ValidationError(gettext("It belonged to a %(what)s that is deleted too. Restore that first.")
                                      % {"what": field.verbose_name})
            setattr(item, field.attname, None)
    item.version = 1
    item.full_clean()
    item._history_user = user
    item._change_reason = gettext("Restored after it was deleted")
    item.save(force_insert=True)
    if getattr(model, "HISTORY_LINKS", ()):
        before = (model.history.filter(id=record.id, history_date__lte=record.history_date, links__isnull=False)
                  .exclude(history_type="-").order_by("-history_date", "-history_id").first())
        m2m = {}
        for name, pairs in (before.links if before else {}).items():
            related = getattr(item, name).model._default_manager
            m2m[name] = list(related.filter(project_id=item.project_id, pk__in=[pk for pk, _name in pairs]))
        _set_m2m(item, m2m, user)
        plan_item_record_links(item)
    for child in _deleted_with(model, record.id, record.history_date):
        plan_item_undelete(record=child, user=user)
    return item
