"""The review inbox: every activity waiting for the coordinator, shown in full, approved or returned in place.

labs:review lists the activities of the labs the person may review (labs.review_inbox for the page; the list is
Activity.objects.reviewable_by(), the same facts as labs.review_activity), newest first, filtered by status
(submitted unless chosen otherwise), lab, municipality and period. Each activity is approved or returned where it
is: with HTMX the answer is the activity's article in its new state, an announcement for the page's live region and
a "review:done" event telling static/js/review-inbox.js where focus goes; without JavaScript the POST redirects back
to the inbox with the same filters and page, anchored at the activity, which the list then still shows in its new
state (`reviewed`). Several are approved at once with labs:review_bulk, each through the service and each refused
on its own when someone changed it meanwhile.

A decision carries the version the coordinator saw (labs.review: claim_version then the service), so an activity
changed meanwhile is refused with the shared stale-edit message, showing what changed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.rules import has, require
from grportal.locking import FORM_INCOMPLETE, StaleEdit

from .filters import ReviewFilter
from .models import Activity, CoFinancedTime
from .review import approve, conflict_for, return_to_lead

PAGE_SIZE = 20
# Query parameters that belong to one visit, not to the filters a decision should come back to.
TRANSIENT = ("reviewed", "activity", "page")


class ApproveForm(forms.Form):
    """The version of the activity the coordinator saw, and the inbox's query string to come back to."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": FORM_INCOMPLETE, "invalid": FORM_INCOMPLETE})
    query = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.conflict = None  # set when refused as stale: templates/components/stale_edit.html shows it


class ReturnForm(ApproveForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The lab lead sees your reason and can edit the activity again."),
        error_messages={"required": gettext_lazy("Say why, so the lab lead knows what to change.")},
    )


def _forms_for(activity: Activity, query: str, data=None, kind: str = "") -> dict:
    """The approve and return forms of one activity (prefixed by its id: one page holds many)."""
    initial = {"version": activity.version, "query": query}
    return {
        "approve_form": ApproveForm(data if kind == "approve" else None, activity=activity, initial=initial,
                                    prefix=f"approve-{activity.pk}"),
        "return_form": ReturnForm(data if kind == "return" else None, activity=activity, initial=initial,
                                  prefix=f"return-{activity.pk}"),
    }


def _query_string(query: QueryDict) -> str:
    """The inbox's filters and page, without the parameters of one visit (re-encoded: nothing else gets in)."""
    kept = query.copy()
    for name in ("reviewed", "activity"):
        kept.pop(name, None)
    return kept.urlencode()


def _inbox_url(query: str, *, reviewed: int | None = None) -> str:
    params = QueryDict(query, mutable=True)
    for name in ("reviewed", "activity"):
        params.pop(name, None)
    if reviewed:
        params["reviewed"] = str(reviewed)
    encoded = params.urlencode()
    anchor = f"#activity-{reviewed}" if reviewed else ""
    return f"{reverse('labs:review')}{'?' + encoded if encoded else ''}{anchor}"


def _with_details(activities):
    """Everything an activity in the inbox shows, one query per relation whatever the number of rows."""
    hours = Prefetch("co_financed_time", queryset=CoFinancedTime.objects.select_related("organisation"))
    return activities.for_timeline().prefetch_related(hours).order_by("-date", "-pk")


def _filter_data(query: QueryDict) -> QueryDict:
    data = query.copy()
    if "status" not in data:
        data["status"] = Activity.Status.SUBMITTED  # the inbox: what waits for a decision
    return data


def _inbox_context(request, query: QueryDict, *, problem: Activity | None = None, problem_forms: dict | None = None):
    base = Activity.objects.reviewable_by(request.user)
    filterset = ReviewFilter(_filter_data(query), queryset=base, request=request)
    filtered = filterset.qs if filterset.is_valid() else base.filter(status=Activity.Status.SUBMITTED)
    # The activity just decided on (or refused) stays in the list in its new state, where the person was.
    shown = problem.pk if problem else query.get("reviewed", "")
    if str(shown).isdigit():
        filtered = filtered | base.filter(pk=shown)
    activities = _with_details(filtered)
    page_number = query.get("page")
    target = query.get("activity", "")
    if target.isdigit() and not page_number:  # from the start page: open the page that has it
        row = filtered.filter(pk=target).values("date", "pk").first()
        if row:
            before = filtered.filter(Q(date__gt=row["date"]) | Q(date=row["date"], pk__gt=row["pk"])).count()
            page_number = before // PAGE_SIZE + 1
    page = Paginator(activities, PAGE_SIZE).get_page(page_number)
    query_string = _query_string(query)
    rows = list(page.object_list)
    for activity in rows:
        if problem is not None and activity.pk == problem.pk:
            activity.__dict__.update(problem_forms)
        else:
            activity.__dict__.update(_forms_for(activity, query_string))
    pager_query = query.copy()
    for name in TRANSIENT:
        pager_query.pop(name, None)
    return {
        "filter": filterset, "page": page, "activities": rows, "query": pager_query.urlencode(),
        "bulk_query": query_string, "pending": sum(1 for a in rows if a.status == Activity.Status.SUBMITTED),
    }


def review(request):
    """Granska aktiviteter: the coordinator's inbox."""
    require(request.user, "labs.review_inbox")
    return render(request, "labs/review.html", _inbox_context(request, request.GET))


def _reviewable(request, pk) -> Activity:
    """The activity if the person may review it: 404 when they may not even see its lab, 403 when they see it but do
    not review (a lab lead, the steering group)."""
    activity = get_object_or_404(Activity.objects.select_related("lab", "lab__project", "lab__municipality"), pk=pk)
    require(request.user, "labs.view_lab", activity.lab, hide=True)
    require(request.user, "labs.review_activity", activity)
    return activity


def _shown_again(pk) -> Activity:
    return _with_details(Activity.objects.filter(pk=pk)).get()


def _item_response(request, activity, forms_, *, announce: str = "", focus: str = ""):
    """The activity's article for the HTMX swap (HTMX swaps 2xx answers only: a refusal is a 200 here too)."""
    activity.__dict__.update(forms_)
    response = render(request, "labs/partials/review_item.html", {
        "activity": activity, "announce": announce, "swapped": True,
    })
    return trigger_client_event(response, "review:done", {"id": f"activity-{activity.pk}", "focus": focus},
                                after="settle")


def _decided(request, activity, query: str, message: str):
    if request.htmx:
        fresh = _shown_again(activity.pk)
        return _item_response(request, fresh, _forms_for(fresh, query), announce=message, focus="next")
    messages.success(request, message)
    return redirect(_inbox_url(query, reviewed=activity.pk))


def _refused(request, activity, form, *, kind: str, status: int, error: str = ""):
    """Show the refused decision next to the activity: on the whole inbox without JavaScript, the article with
    HTMX. The activity is shown as it is saved now; the form keeps what was typed."""
    query = form.data.get(form.add_prefix("query"), "")
    fresh = _shown_again(activity.pk)
    forms_ = _forms_for(fresh, query)
    if form.conflict:  # as VersionedFormMixin.refuse: deciding again is deciding on the activity as it is now
        data = form.data.copy()
        data[form.add_prefix("version")] = str(fresh.version)
        form.data = data
    forms_[f"{kind}_form"] = form
    forms_["review_error"] = error  # shown in the activity's own article
    if form.conflict:
        focus = "conflict"
    elif form.errors:
        focus = "form"
    else:
        focus = "status"
    if request.htmx:
        return _item_response(request, fresh, forms_, announce=error, focus=focus)
    if error:
        messages.error(request, error)
    context = _inbox_context(request, QueryDict(query), problem=fresh, problem_forms=forms_)
    return render(request, "labs/review.html", context, status=status)


def _not_possible(error: ValidationError, activity: Activity) -> str:
    """A decision the activity's status no longer allows: someone else decided first."""
    current = Activity.objects.filter(pk=activity.pk).values_list("status", flat=True).first()
    if current == Activity.Status.APPROVED:
        return _("“%(title)s” is already approved (by someone else meanwhile).") % {"title": activity.title}
    if current is not None and current != activity.status:
        return _("“%(title)s” is now “%(status)s”: someone else decided on it meanwhile.") % {
            "title": activity.title, "status": Activity.Status(current).label}
    return " ".join(error.messages)


@require_POST
def review_approve(request, pk):
    activity = _reviewable(request, pk)
    form = ApproveForm(request.POST, activity=activity, prefix=f"approve-{pk}")
    if not form.is_valid():
        return _refused(request, activity, form, kind="approve", status=400)
    query = form.cleaned_data["query"]
    try:
        approve(activity=activity, expected_version=form.cleaned_data["version"])
    except StaleEdit as stale:
        form.conflict = conflict_for(stale, form.cleaned_data["version"])
        return _refused(request, activity, form, kind="approve", status=409)
    except ValidationError as error:
        return _refused(request, activity, form, kind="approve", status=409, error=_not_possible(error, activity))
    return _decided(request, activity, query, _("Approved: “%(title)s”.") % {"title": activity.title})


@require_POST
def review_return(request, pk):
    activity = _reviewable(request, pk)
    form = ReturnForm(request.POST, activity=activity, prefix=f"return-{pk}")
    if not form.is_valid():
        return _refused(request, activity, form, kind="return", status=400)
    query = form.cleaned_data["query"]
    try:
        return_to_lead(activity=activity, expected_version=form.cleaned_data["version"],
                       reason=form.cleaned_data["reason"])
    except StaleEdit as stale:
        form.conflict = conflict_for(stale, form.cleaned_data["version"])
        return _refused(request, activity, form, kind="return", status=409)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            form.add_error("reason", error.error_dict["reason"])
            return _refused(request, activity, form, kind="return", status=400)
        return _refused(request, activity, form, kind="return", status=409, error=_not_possible(error, activity))
    return _decided(request, activity, query,
                    _("Returned to the lab lead: “%(title)s”.") % {"title": activity.title})


@require_POST
def review_bulk(request):
    """Godkänn markerade: each checked activity approved through the service at the version shown; the others (changed
    or decided by someone else meanwhile, or not the person's to review) are listed with why."""
    require(request.user, "labs.review_inbox")
    query = request.POST.get("query", "")
    chosen = [int(pk) for pk in dict.fromkeys(request.POST.getlist("selected")) if pk.isdigit()]
    if not chosen:
        messages.warning(request, _("Tick the activities to approve first."))
        return redirect(_inbox_url(query))
    found = {a.pk: a for a in Activity.objects.select_related("lab", "lab__project").filter(pk__in=chosen)}
    approved, skipped = [], []
    for pk in chosen:
        activity = found.get(pk)
        if activity is None or not has(request.user, "labs.review_activity", activity):
            skipped.append(_("an activity that is not yours to review or no longer exists"))
            continue
        version = request.POST.get(f"version-{pk}", "")
        if not version.isdigit():  # never approve without knowing what the person saw
            skipped.append(_("“%(title)s”: %(problem)s") % {"title": activity.title, "problem": FORM_INCOMPLETE})
            continue
        try:
            approve(activity=activity, expected_version=int(version))
        except StaleEdit:
            skipped.append(_("“%(title)s”: someone changed it while you were reviewing; check it again")
                           % {"title": activity.title})
        except ValidationError as error:
            skipped.append(_not_possible(error, activity))
        else:
            approved.append(activity)
    if approved:
        messages.success(request, ngettext("%(count)s activity approved.", "%(count)s activities approved.",
                                           len(approved)) % {"count": len(approved)})
    if skipped:
        messages.warning(request, ngettext("Not approved: %(list)s", "Not approved (%(count)s): %(list)s",
                                           len(skipped)) % {"count": len(skipped), "list": " · ".join(skipped)})
    return redirect(_inbox_url(query))
