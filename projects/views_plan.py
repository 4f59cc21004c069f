"""The plan editor: add, change, delete and restore plan items, inline with HTMX or as plain pages without JS.

Every endpoint fetches the project through get_project_for_user (404 for people who may not see it) and then
requires projects.edit_project (403), the same as the page it belongs to. With HTMX a successful write answers
with the re-rendered plan (so every cross-reference stays right) and a "plan:focus" event naming the element
that gets focus; without JS it redirects back to the plan page.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from accounts.models import Organisation
from accounts.rules import has, require
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit

from .forms import ProjectCreateForm
from .models import FundingApplication, Project, ProjectPartner
from .plan_items import ADD_LABELS, KINDS, PlanKind
from .services import (
    plan_item_create,
    plan_item_delete,
    plan_item_restore,
    plan_item_undelete,
    plan_item_update,
    project_create,
)
from .views import get_project_for_user, plan_context


def _kind(slug) -> PlanKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _editable_project(request, pk) -> Project:
    project = get_project_for_user(request, pk)
    require(request.user, "projects.edit_project", project)
    return project


def _item(kind: PlanKind, project, item_pk) -> Model:
    return get_object_or_404(kind.items(project), pk=item_pk)


def _plan_response(request, project, *, focus: str, message: str, note: str = ""):
    """The re-rendered plan for the HTMX swap, the status message, and where focus goes next.

    `note` ("Saved.") is shown next to the saved item itself, where the person is looking, besides the status
    message at the top of the plan that screen readers announce.
    """
    context = plan_context(request, project) | {"status_message": message, "saved_id": focus if note else "",
                                                "saved_note": note}
    response = render(request, "projects/project_detail.html#plan-updated", context)
    retarget(response, "#plan")
    reswap(response, "outerHTML")
    return trigger_client_event(response, "plan:focus", {"id": focus}, after="settle")


def _done(request, project, *, focus: str, message: str, note: str = ""):
    if request.htmx:
        return _plan_response(request, project, focus=focus, message=message, note=note)
    messages.success(request, message)
    return redirect(f"{project.get_absolute_url()}#{focus}")


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "–"
    return value if isinstance(value, str) else str(formats.localize(value))


def _container_id(kind: PlanKind, item, under) -> str:
    if item.pk:
        return f"{kind.anchor}-{item.pk}"
    return f"{kind.anchor}-new-{under}" if under else f"{kind.anchor}-new"


@require_http_methods(["GET", "POST"])
def plan_item_form(request, pk, kind, item_pk=None):
    """Add (no item_pk) or change one plan item."""
    kind = _kind(kind)
    project = _editable_project(request, pk)
    item = _item(kind, project, item_pk) if item_pk else kind.new_instance(project)
    if item_pk is None and not kind.deletable:
        raise Http404
    under = request.POST.get("under") or request.GET.get("under") or ""
    under = under if under.isdigit() else ""
    container = _container_id(kind, item, under)
    item_name = str(item) if item.pk else ""  # as saved (validating the form changes the instance)
    if request.method == "POST":
        form = kind.form(request.POST, instance=item, project=project, prefix=container)
        if form.is_valid():
            try:
                if item_pk:
                    plan_item_update(item=item, values=form.model_values(), m2m=form.m2m_values(),
                                     expected_version=form.cleaned_data.get("version"), user=request.user)
                    message, note = _("Saved: %(item)s.") % {"item": item}, _("Saved.")
                else:
                    plan_item_create(item=item, values=form.model_values(), m2m=form.m2m_values(),
                                     user=request.user)
                    message, note = _("Added: %(item)s.") % {"item": item}, _("Added.")
            except StaleEdit as stale:
                # What they saved stays; what was typed stays in the form, now based on their version, so saving
                # again is a deliberate choice to replace theirs (grportal.locking).
                form.refuse(stale)
                if stale.current is not None:
                    item_name = str(stale.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return _done(request, project, focus=f"{kind.anchor}-{item.pk}", message=message, note=note)
    else:
        initial = {}
        if kind.parent_field and under:
            initial[kind.parent_field] = under
        form = kind.form(instance=item, project=project, prefix=container, initial=initial)
    context = {
        "project": project, "kind": kind, "item": item, "form": form, "container": container, "under": under,
        "item_name": item_name,
        "action": request.path, "add_label": ADD_LABELS.get(kind.slug, ""),
        "tag": kind.tag if item.pk else "div", "inline": bool(request.htmx),
    }
    template = "projects/partials/plan_form.html" if request.htmx else "projects/plan_item_page.html"
    # A refused save is a 409 for a plain page; HTMX swaps only 2xx answers, so there it is a 200.
    status = 409 if form.conflict and not request.htmx else 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def plan_item_delete_view(request, pk, kind, item_pk):
    kind = _kind(kind)
    if not kind.deletable:
        raise Http404
    project = _editable_project(request, pk)
    item = _item(kind, project, item_pk)
    container = f"{kind.anchor}-{item.pk}"
    changed_meanwhile = False
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            plan_item_delete(item=item, expected_version=int(version) if version.isdigit() else 0,
                             user=request.user)
        except StaleEdit as stale:
            if stale.current is None:
                return _done(request, project, focus=kind.section, message=_("It was already deleted."))
            item = stale.current
            changed_meanwhile = True
        else:
            return _done(request, project, focus=kind.section, message=_("Deleted: %(item)s.") % {"item": item})
    context = {"project": project, "kind": kind, "item": item, "container": container,
               "changed_meanwhile": changed_meanwhile, "action": request.path,
               "tag": kind.tag, "inline": bool(request.htmx)}
    template = "projects/partials/plan_delete.html" if request.htmx else "projects/plan_delete_page.html"
    return render(request, template, context)


def plan_fragment(request, pk):
    """The plan part of the project page, for Cancel in the inline editor."""
    project = get_project_for_user(request, pk)
    if not request.htmx:
        return redirect(project)
    focus = request.GET.get("fokus", "")
    response = render(request, "projects/project_detail.html#plan", plan_context(request, project))
    if focus:
        trigger_client_event(response, "plan:focus", {"id": focus}, after="settle")
    return response


def _history_rows(kind: PlanKind, records: list) -> list[dict]:
    """Each recorded version with who, when and the fields that changed, old → new (newest first)."""
    model = kind.model
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in ("version", "project")]
    # Names of what foreign keys point at, in one query per related model.
    related = {}
    for field in fields:
        if field.is_relation:
            ids = {getattr(r, field.attname) for r in records} - {None}
            related[field.name] = field.related_model._default_manager.in_bulk(ids) if ids else {}

    def shown(field, record):
        value = getattr(record, field.attname)
        if field.is_relation:
            return _shown(related[field.name].get(value, value))
        if field.choices:
            return _shown(dict(field.choices).get(value, value))
        return _shown(value)

    # Goals and work packages record their links in each row (models.LinksSnapshot): shown as fields of their own.
    link_labels = {}
    for name in getattr(model, "HISTORY_LINKS", ()):
        field = model._meta.get_field(name)
        link_labels[name] = getattr(field, "verbose_name", None) or _("goals")

    def shown_links(record, name):
        return ", ".join(label for _pk, label in record.links.get(name, [])) or "–"

    rows = []
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous = None
    for record in ordered:
        changes = []
        for field in fields:
            new = shown(field, record)
            old = shown(field, previous) if previous is not None else None
            if previous is None and new == "–":
                continue
            if old != new:
                changes.append({"label": field.verbose_name, "old": old, "new": new})
        if getattr(record, "links", None) is not None:
            known_before = previous is not None and getattr(previous, "links", None) is not None
            for name, label in link_labels.items():
                new = shown_links(record, name)
                old = shown_links(previous, name) if known_before else None
                if (previous is None and new != "–") or (known_before and old != new):
                    changes.append({"label": label, "old": old, "new": new})
        rows.append({"record": record, "changes": changes, "kind": record.history_type})
        previous = record
    rows.reverse()
    return rows


def plan_item_history(request, pk, kind, item_pk):
    """Who changed what, when, with old and new values; coordinators may restore an earlier version."""
    kind = _kind(kind)
    project = get_project_for_user(request, pk)
    require(request.user, "projects.view_internal", project)
    item = _item(kind, project, item_pk)
    records = list(item.history.select_related("history_user"))
    context = {
        "project": project, "kind": kind, "item": item, "rows": _history_rows(kind, records),
        "may_edit": has(request.user, "projects.edit_project", project),
    }
    return render(request, "projects/plan_item_history.html", context)


@require_POST
def plan_item_restore_view(request, pk, kind, item_pk, history_id):
    kind = _kind(kind)
    project = _editable_project(request, pk)
    item = _item(kind, project, item_pk)
    record = get_object_or_404(item.history.all(), history_id=history_id)
    version = request.POST.get("version", "")
    try:
        plan_item_restore(item=item, record=record, expected_version=int(version) if version.isdigit() else 0,
                          user=request.user)
    except StaleEdit:
        messages.error(request, _("Someone changed it while you were reading the history. Look again and choose "
                                  "the version to restore."))
    except ValidationError as error:
        messages.error(request, _("That version cannot be restored: %(reason)s") % {
            "reason": " ".join(error.messages)})
    else:
        messages.success(request, _("The earlier version is restored. The restore is itself kept in the history."))
    return redirect("projects:plan_history", pk=project.pk, kind=kind.slug, item_pk=item.pk)


@require_http_methods(["GET", "POST"])
def project_new(request):
    """Start a new project; whoever creates it becomes its coordinator."""
    require(request.user, "projects.create_project")
    item = Project()
    form = ProjectCreateForm(request.POST or None, instance=item, project=None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(item=item, values=form.model_values(), m2m=form.m2m_values(),
                                     user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project is created. Now add its goals and work packages."))
            return redirect(project)
    return render(request, "projects/project_new.html", {"form": form})


def _deleted_items(project) -> list[dict]:
    """What was deleted from the plan and is not back: newest first, with who deleted it and when.

    One query per kind of item (plus one for the organisations that partners and applications are named by)."""
    found = []
    for kind in KINDS.values():
        if kind.project_path != "project":
            continue  # milestones and values come back with their work package or indicator
        records = list(kind.model.history.filter(project_id=project.pk, history_type="-")
                       .exclude(id__in=kind.model._default_manager.filter(project=project).values("pk"))
                       .select_related("history_user").order_by("-history_date", "-history_id"))
        seen = set()
        for record in records:
            if record.id not in seen:  # deleted, restored and deleted again: the latest deletion
                seen.add(record.id)
                found.append({"kind": kind, "record": record})
    org_ids = {getattr(r["record"], "organisation_id", None) or getattr(r["record"], "funder_id", None)
               for r in found} - {None}
    organisations = Organisation.objects.in_bulk(org_ids) if org_ids else {}
    for row in found:
        record = row["record"]
        if row["kind"].model is FundingApplication:
            funder = organisations.get(record.funder_id, "–")
            row["name"] = f"{funder}: {record.call}" if record.call else str(funder)
        elif hasattr(record, "organisation_id") and row["kind"].model is ProjectPartner:
            row["name"] = str(organisations.get(record.organisation_id, "–"))
        else:
            row["name"] = str(record.instance)
    found.sort(key=lambda r: r["record"].history_date, reverse=True)
    return found


def plan_deleted(request, pk):
    """Items deleted from the plan: who deleted what and when; coordinators can put them back."""
    project = get_project_for_user(request, pk)
    require(request.user, "projects.view_internal", project)
    return render(request, "projects/plan_deleted.html", {
        "project": project, "rows": _deleted_items(project),
        "may_edit": has(request.user, "projects.edit_project", project),
    })


@require_POST
def plan_undelete_view(request, pk, kind, history_id):
    kind = _kind(kind)
    project = _editable_project(request, pk)
    if kind.project_path != "project":
        raise Http404
    record = get_object_or_404(kind.model.history.filter(project_id=project.pk, history_type="-"),
                               history_id=history_id)
    try:
        item = plan_item_undelete(record=record, user=request.user)
    except ValidationError as error:
        messages.error(request, _("It cannot be put back: %(reason)s") % {"reason": " ".join(error.messages)})
        return redirect("projects:plan_deleted", pk=project.pk)
    messages.success(request, _("It is back in the plan: %(item)s.") % {"item": item})
    return redirect(f"{project.get_absolute_url()}#{kind.anchor}-{item.pk}")
