"""One optimistic lock for every record people edit (grportal/locking.py): no lost update anywhere.

For each versioned model two people open the edit page (the same version), the first saves, then the second:
the second is refused with the shared message and a field-by-field comparison, the first person's value stays in
the database, and what the second typed stays in the re-rendered form, which now carries the saved version, so
saving again replaces it knowingly. The list of cases is checked against the models that use the mixin.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.tests.factories import OrganisationFactory
from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory
from dashboards.tests.factories import DecisionFactory, MeetingFactory
from grportal.locking import Versioned, versioned_models
from labs.models import Lesson, Method
from labs.tests.factories import ActivityFactory
from projects.models import OrganisationMemberShare
from projects.tests.factories import (
    FundingApplicationFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyPersonFactory,
    MilestoneFactory,
    OrganisationMemberFactory,
    ProjectPartnerFactory,
    TargetGroupFactory,
)
from reports.models import ReportDraft
from seminars.tests.factories import ProgrammeItemFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def sv(msgid: str) -> str:
    with translation.override("sv"):
        return escape(translation.gettext(msgid))


REFUSED = "Someone else saved this while you were editing, so your changes are not saved yet."


# --- The edit form as a browser sends it ----------------------------------------------------------------------


class _Forms(HTMLParser):
    """The fields of each <form> on a page, with the values a browser would send (no file inputs, no buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.append((a["name"], a.get("value", "on")))
            elif kind not in ("file", "submit", "button", "reset", "image"):
                self._form.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": [], "chosen": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["chosen"].append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.append((name, text[1:] if text.startswith("\n") else text))  # Django's leading newline
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or ([] if self._select["multiple"] else self._select["options"][:1])
            self._form.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def edit_form(html: str) -> dict:
    """The page's edit form (the largest form with a version field), as POST data."""
    parser = _Forms()
    parser.feed(html)
    forms = [f for f in parser.forms if any(name == "version" or name.endswith("-version") for name, _v in f)]
    assert forms, "the page has no form with a version field"
    data = {}
    for name, value in max(forms, key=len):
        data.setdefault(name, []).append(value)
    return data


def field_name(data: dict, name: str) -> str:
    return next(key for key in data if key == name or key.endswith(f"-{name}"))


# --- One case per versioned model -----------------------------------------------------------------------------


@dataclass
class Case:
    make: Callable  # world -> (record, url)
    field: str  # a text field both people change
    first: str = "coordinator"  # who saves first
    second: str = "staff"  # who is refused
    extra: dict = field(default_factory=dict)  # e.g. the button pressed


def plan(slug, factory, kwargs):
    def make(world):
        record = factory(**kwargs(world))
        return record, reverse("projects:plan_edit", args=[world.project.pk, slug, record.pk])
    return make


def _org(_world):
    return OrganisationFactory()


CASES = {
    "projects.Project": Case(
        lambda w: (w.project, reverse("projects:plan_edit", args=[w.project.pk, "projekt", w.project.pk])), "title"),
    "projects.Goal": Case(plan("mal", GoalFactory, kwargs=lambda w: {"project": w.project}), "title"),
    "projects.TargetGroup": Case(plan("malgrupp", TargetGroupFactory, kwargs=lambda w: {"project": w.project}),
                                 "description"),
    "projects.KeyPerson": Case(plan("nyckelperson", KeyPersonFactory,
                                    kwargs=lambda w: {"project": w.project, "organisation": _org(w)}), "competence"),
    "projects.Indicator": Case(plan("indikator", IndicatorFactory, kwargs=lambda w: {"project": w.project}), "name"),
    "projects.IndicatorValue": Case(plan("varde", IndicatorValueFactory,
                                         kwargs=lambda w: {"indicator": IndicatorFactory(project=w.project)}),
                                    "comment"),
    "projects.WorkPackage": Case(
        lambda w: (w.work_package, reverse("projects:plan_edit", args=[w.project.pk, "arbetspaket",
                                                                        w.work_package.pk])), "objective"),
    "projects.Milestone": Case(plan("milstolpe", MilestoneFactory, kwargs=lambda w: {"work_package": w.work_package}),
                               "title"),
    "projects.OrganisationMember": Case(plan("organisation", OrganisationMemberFactory,
                                             kwargs=lambda w: {"project": w.project, "organisation": _org(w)}),
                                        "role"),
    "projects.OrganisationMemberShare": Case(
        lambda w: (s := OrganisationMemberShare.objects.create(
            member=OrganisationMemberFactory(project=w.project, organisation=_org(w)), share_percent=50,
            valid_from=w.project.start_date), reverse("projects:plan_edit", args=[w.project.pk, "tidsandel", s.pk])),
        "note"),
    "projects.ProjectPartner": Case(plan("partner", ProjectPartnerFactory,
                                         kwargs=lambda w: {"project": w.project, "organisation": _org(w)}), "role"),
    "projects.FundingApplication": Case(plan("ansokan", FundingApplicationFactory,
                                             kwargs=lambda w: {"project": w.project}), "call"),
    "budgets.Budget": Case(
        lambda w: (b := BudgetFactory(project=w.project), reverse("budgets:edit", args=[b.pk])), "note"),
    "budgets.CostLine": Case(
        lambda w: (line := CostLineFactory(budget=BudgetFactory(project=w.project)),
                   reverse("budgets:line_edit", args=[line.budget_id, "cost", line.pk])), "description"),
    "budgets.FinancingLine": Case(
        lambda w: (line := FinancingLineFactory(budget=BudgetFactory(project=w.project)),
                   reverse("budgets:line_edit", args=[line.budget_id, "financing", line.pk])), "description"),
    "dashboards.Meeting": Case(
        lambda w: (m := MeetingFactory(project=w.project), reverse("dashboards:meeting_edit", args=[m.pk])), "notes"),
    "dashboards.Decision": Case(
        lambda w: (d := DecisionFactory(meeting=MeetingFactory(project=w.project), project=w.project),
                   reverse("dashboards:decision_edit", args=[d.pk])), "responsible"),
    "reports.ReportDraft": Case(
        lambda w: (d := ReportDraft.objects.create(project=w.project, report_type="vinnova_progress",
                                                   period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)),
                   reverse("reports:draft", args=[d.pk])), "summary", extra={"save": "1"}),
    "seminars.Seminar": Case(
        lambda w: (s := SeminarFactory(project=w.project), reverse("seminars:edit", args=[s.pk])), "theme"),
    "seminars.ProgrammeItem": Case(
        lambda w: (i := ProgrammeItemFactory(seminar=SeminarFactory(project=w.project)),
                   reverse("seminars:programme_item", args=[i.seminar_id, i.pk])), "title"),
    # A lab lead and a coordinator correcting the same activity.
    "labs.Activity": Case(
        lambda w: (a := ActivityFactory(lab=w.lab, created_by=w.lead), reverse("labs:activity_edit", args=[a.pk])),
        "description", first="lead", second="coordinator"),
    "labs.Lab": Case(lambda w: (w.lab.methods.add(Method.objects.get_or_create(name="Framtidsverkstad")[0]) or w.lab,
                                reverse("labs:edit", args=[w.lab.pk])), "place"),  # a lab needs a method
    # A lab lead and a coordinator correcting the same standalone lesson.
    "labs.Lesson": Case(
        lambda w: (les := Lesson.objects.create(project=w.project, lab=w.lab, title="Kvällstid", text="Kvällar.",
                                                contact_name="Anna Ale"), reverse("labs:lesson_edit", args=[les.pk])),
        "text", first="lead", second="coordinator"),
    "labs.Method": Case(
        lambda w: (m := Method.objects.create(name="Framtidsverkstad X"), reverse("labs:method_edit", args=[m.pk])),
        "description"),
}


def _login_and_open(client, user, url) -> dict:
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200, url
    return edit_form(page.content.decode())


@pytest.mark.parametrize("label", sorted(CASES))
def test_the_second_of_two_saves_from_the_same_version_is_refused_and_nothing_is_lost(client, world, label):
    case = CASES[label]
    record, url = case.make(world)
    first, second = getattr(world, case.first), getattr(world, case.second)
    # Both open the form at the same version.
    opened_by_first = _login_and_open(client, first, url)
    opened_by_second = _login_and_open(client, second, url)
    name = field_name(opened_by_first, case.field)
    version_name = field_name(opened_by_first, "version")
    assert opened_by_first[version_name] == opened_by_second[version_name] == [str(record.version)]

    client.force_login(first)
    saved = client.post(url, {**opened_by_first, name: "Ändrat av den första", **case.extra})
    assert saved.status_code == 302, saved.content.decode()[:3000]

    client.force_login(second)
    refused = client.post(url, {**opened_by_second, name: "Ändrat av den andra", **case.extra})
    body = refused.content.decode()
    assert refused.status_code == 409
    assert sv(REFUSED) in body  # the shared message …
    assert f"{sv('Saved by the other person')}: " in body and f"{sv('Your value')}: " in body  # … with the diff
    assert "Ändrat av den första" in body.split('class="conflict-diff"')[1].split("</ul>")[0]
    stored = type(record)._base_manager.get(pk=record.pk)
    assert getattr(stored, case.field) == "Ändrat av den första"  # the first person's value stays
    again = edit_form(body)
    assert again[name] == ["Ändrat av den andra"]  # what the second typed is still in the form
    assert again[version_name] == [str(stored.version)]  # … now based on the saved version

    # Having seen both, saving again replaces the first person's value, knowingly.
    replaced = client.post(url, {**again, **case.extra})
    assert replaced.status_code == 302
    stored = type(record)._base_manager.get(pk=record.pk)
    assert getattr(stored, case.field) == "Ändrat av den andra"
    if hasattr(stored, "history"):  # the history keeps both saves, by whom, and nothing of the refused one
        by = list(stored.history.order_by("-history_date", "-history_id")
                  .values_list("history_user_id", type(stored)._meta.get_field(case.field).attname))
        assert by[:2] == [(second.pk, "Ändrat av den andra"), (first.pk, "Ändrat av den första")]


@pytest.mark.parametrize("label", sorted(CASES))
def test_people_who_may_not_edit_are_still_turned_away(client, world, label):
    case = CASES[label]
    record, url = case.make(world)
    data = _login_and_open(client, getattr(world, case.first), url)
    data[field_name(data, case.field)] = "Ändrat utan lov"
    for who in ("outsider", "reference"):
        client.force_login(getattr(world, who))
        assert client.post(url, {**data, **case.extra}).status_code in (403, 404), who
    stored = type(record)._base_manager.get(pk=record.pk)
    assert getattr(stored, case.field) != "Ändrat utan lov"
    assert stored.version == record.version


def test_every_versioned_model_has_its_case():
    """A model that gets the mixin gets a case here; a model with a version field uses the mixin."""
    assert sorted(CASES) == sorted(model._meta.label for model in versioned_models())
    with_version = {model._meta.label for model in apps.get_models()
                    if not hasattr(model, "instance_type")  # django-simple-history's copies
                    and any(f.name == "version" for f in model._meta.concrete_fields)}
    assert with_version == {model._meta.label for model in apps.get_models() if issubclass(model, Versioned)}


def test_a_form_without_its_version_is_refused_not_saved(client, world):
    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    url = reverse("reports:draft", args=[draft.pk])
    data = _login_and_open(client, world.coordinator, url)
    del data["version"]
    response = client.post(url, {**data, "summary": "Utan version", "save": "1"})
    assert response.status_code == 400
    assert sv("The form is incomplete. Reload the page and make your change again.") in response.content.decode()
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == ("", 1)


def test_the_comparison_shows_values_as_people_read_them(world):
    """Choices by their label, dates and amounts the Swedish way, only the fields that differ."""
    from budgets.forms import CostLineForm
    from grportal.locking import StaleEdit

    line = CostLineFactory(budget=BudgetFactory(project=world.project), description="Hyra",
                           amount=Decimal("1000.00"))
    form = CostLineForm({"year": "2025", "category": "premises", "organisation": line.organisation_id,
                         "description": "Hyra", "amount": "1 000", "version": "1"}, instance=line,
                        budget=line.budget)
    assert form.is_valid(), form.errors
    saved = type(line).objects.get(pk=line.pk)
    saved.category, saved.version = "personnel", 2
    with translation.override("sv"):
        form.refuse(StaleEdit(saved))
        rows = {row["name"]: (row["theirs"], row["yours"]) for row in form.conflict.rows}
    assert set(rows) == {"category"}  # 1 000 typed and 1000.00 saved are the same amount
    assert rows["category"][0] == str(dict(form.fields["category"].choices)["personnel"])
    assert form.data["version"] == "2"


# --- The admin ------------------------------------------------------------------------------------------------


def test_every_admin_that_edits_a_versioned_record_moves_its_version():
    from django.contrib import admin

    from grportal.locking import VersionedAdminMixin

    missing = []
    for model, model_admin in admin.site._registry.items():
        edited = [model] + [inline.model for inline in model_admin.inlines]
        if any(issubclass(m, Versioned) for m in edited) and not isinstance(model_admin, VersionedAdminMixin):
            missing.append(model.__name__)
    assert missing == []


def test_an_administrators_change_in_the_admin_refuses_a_portal_form_opened_before_it(client, world):
    method = Method.objects.create(name="Fokusgrupp", description="Samtal i liten grupp.")
    world.staff.is_superuser = True
    world.staff.save()

    client.force_login(world.coordinator)
    portal = edit_form(client.get(reverse("labs:method_edit", args=[method.pk])).content.decode())

    client.force_login(world.staff)
    url = reverse("admin:labs_method_change", args=[method.pk])
    parser = _Forms()
    parser.feed(client.get(url).content.decode())
    admin_data = dict(next(f for f in parser.forms if any(name == "description" for name, _v in f)))
    admin_data["description"] = "Samtal i liten grupp, högst åtta personer."
    assert client.post(url, admin_data).status_code == 302
    method.refresh_from_db()
    assert method.version == 2 and method.description.endswith("högst åtta personer.")

    client.force_login(world.coordinator)
    portal[field_name(portal, "description")] = ["Samtal i grupp."]
    response = client.post(reverse("labs:method_edit", args=[method.pk]), portal)
    assert response.status_code == 409
    assert sv(REFUSED) in response.content.decode()
    method.refresh_from_db()
    assert method.description.endswith("högst åtta personer.")  # the administrator's change stands
