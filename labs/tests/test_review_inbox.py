"""The review inbox (labs:review): coordinators see every activity waiting in their projects' labs, in full, filter
them, approve or return each in place (HTMX) or by a plain POST that comes back to the same place, approve several
at once, and are refused when someone changed an activity meanwhile."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from labs.models import Activity, CoFinancedTime, TargetGroupCount
from labs.services import activity_update
from labs.tests.factories import ActivityFactory, AttachmentFactory, LabFactory
from projects.models import ProjectMembership, TargetGroup
from projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def submitted(lab, **kwargs):
    return ActivityFactory(lab=lab, status=Activity.Status.SUBMITTED, **kwargs)


@pytest.fixture
def elsewhere(world):
    """Another project with its own coordinator and a submitted activity."""
    project = ProjectFactory(title="Ett annat projekt", short_name="AAP")
    coordinator = UserFactory(full_name="Eva Annanstans")
    MembershipFactory(project=project, user=coordinator, role=ProjectMembership.Role.COORDINATOR)
    lab = LabFactory(project=project, name="Labb Mölndal")
    return type("Elsewhere", (), {"project": project, "coordinator": coordinator, "lab": lab,
                                  "activity": submitted(lab, title="Annat projekts workshop")})


def inbox(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("labs:review") + query)


def approve_data(activity, query=""):
    return {f"approve-{activity.pk}-version": activity.version, f"approve-{activity.pk}-query": query}


def return_data(activity, reason, query=""):
    return {f"return-{activity.pk}-version": activity.version, f"return-{activity.pk}-query": query,
            f"return-{activity.pk}-reason": reason}


# --- Who may use it -------------------------------------------------------------------------------------------


def test_the_coordinator_sees_what_waits_in_the_projects_labs_and_nothing_else(client, world, elsewhere):
    mine = submitted(world.lab, title="Workshop om trygghet")
    theirs = submitted(world.other_lab, title="Intervjuer i Kungälv")
    ActivityFactory(lab=world.lab, title="Ett utkast")
    response = inbox(client, world.coordinator)
    assert response.status_code == 200
    assert {a.pk for a in response.context["activities"]} == {mine.pk, theirs.pk}
    page = response.content.decode()
    assert "Workshop om trygghet" in page and "Ett utkast" not in page and "Annat projekts workshop" not in page


def test_an_administrator_sees_every_project(client, world, elsewhere):
    mine = submitted(world.lab)
    response = inbox(client, world.staff)
    assert {a.pk for a in response.context["activities"]} == {mine.pk, elsewhere.activity.pk}


@pytest.mark.parametrize("role", ["lead", "steering", "reference", "funder", "outsider"])
def test_people_who_do_not_coordinate_are_refused_the_inbox(client, world, role):
    submitted(world.lab)
    assert inbox(client, getattr(world, role)).status_code == 403


def test_another_projects_coordinator_gets_an_inbox_without_our_activities(client, world, elsewhere):
    submitted(world.lab, title="Workshop om trygghet")
    response = inbox(client, elsewhere.coordinator)
    assert response.status_code == 200
    assert [a.pk for a in response.context["activities"]] == [elsewhere.activity.pk]
    # ... and the lab filter offers only their own labs.
    assert list(response.context["filter"].form.fields["lab"].queryset) == [elsewhere.lab]


@pytest.mark.parametrize(("role", "status"), [("lead", 403), ("steering", 403), ("other_lead", 404),
                                              ("reference", 404), ("funder", 404), ("outsider", 404)])
def test_an_approval_or_return_by_someone_who_does_not_review_is_refused(client, world, role, status):
    activity = submitted(world.lab)
    client.force_login(getattr(world, role))
    assert client.post(reverse("labs:review_approve", args=[activity.pk]), approve_data(activity)).status_code \
        == status
    assert client.post(reverse("labs:review_return", args=[activity.pk]),
                       return_data(activity, "Nej")).status_code == status
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


def test_another_projects_coordinator_cannot_approve_ours(client, world, elsewhere):
    activity = submitted(world.lab)
    client.force_login(elsewhere.coordinator)
    response = client.post(reverse("labs:review_approve", args=[activity.pk]), approve_data(activity), **HTMX)
    assert response.status_code == 404
    client.post(reverse("labs:review_bulk"), {"selected": [activity.pk], f"version-{activity.pk}": activity.version})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


def test_the_list_agrees_with_the_rule_for_every_role(world, elsewhere):
    """Activity.objects.reviewable_by() lists exactly what labs.review_activity allows."""
    from accounts.rules import has

    for activity in (submitted(world.lab), submitted(world.other_lab)):
        assert activity.pk
    everyone = list(Activity.objects.select_related("lab"))
    people = [world.coordinator, world.steering, world.reference, world.funder, world.lead, world.other_lead,
              world.staff, world.outsider, elsewhere.coordinator]
    for person in people:
        listed = set(Activity.objects.reviewable_by(person).values_list("pk", flat=True))
        allowed = {a.pk for a in everyone if has(person, "labs.review_activity", a)}
        assert listed == allowed, person


# --- What it shows ----------------------------------------------------------------------------------------------


def test_each_activity_is_shown_in_full(client, world):
    group = TargetGroup.objects.create(project=world.project, name="Nyanlända unga")
    activity = submitted(world.lab, title="Framtidsverkstad", place="Ale kulturhus", participants_total=12,
                         participants_women=7, participants_men=4, participants_other=1, co_financed_hours=6,
                         lessons="Bjud in skolorna tidigt.", kind=Activity.Kind.STUDY_VISIT)
    TargetGroupCount.objects.create(activity=activity, target_group=group, count=5)
    CoFinancedTime.objects.create(activity=activity, organisation=world.lab.municipality, hours=6)
    attachment = AttachmentFactory(activity=activity, name="tavlan.png")
    page = inbox(client, world.coordinator).content.decode()
    for text in ("Framtidsverkstad", "Labb Ale", "2025-06-01", "Studiebesök", "Ale kulturhus",
                 "7 kvinnor, 4 män, 1 annat eller inte angivet", "Nyanlända unga: 5", "Bjud in skolorna tidigt.",
                 "tavlan.png", reverse("labs:attachment_download", args=[attachment.pk])):
        assert text in page, text
    assert f'id="activity-{activity.pk}"' in page and f'id="activity-{activity.pk}-heading"' in page


def test_newest_first_and_paginated(client, world):
    activities = [submitted(world.lab, date=dt.date(2025, 1, 1) + dt.timedelta(days=i)) for i in range(25)]
    response = inbox(client, world.coordinator)
    shown = [a.pk for a in response.context["activities"]]
    assert shown == [a.pk for a in reversed(activities)][:20]
    second = inbox(client, world.coordinator, "?page=2")
    assert [a.pk for a in second.context["activities"]] == [a.pk for a in reversed(activities)][20:]


def test_a_link_to_one_activity_opens_the_page_it_is_on(client, world):
    activities = [submitted(world.lab, date=dt.date(2025, 1, 1) + dt.timedelta(days=i)) for i in range(25)]
    oldest = activities[0]
    response = inbox(client, world.coordinator, f"?activity={oldest.pk}")
    assert response.context["page"].number == 2
    assert oldest.pk in [a.pk for a in response.context["activities"]]


# --- Filters ----------------------------------------------------------------------------------------------------


def test_the_status_filter_defaults_to_submitted_and_can_show_the_others(client, world):
    waiting = submitted(world.lab)
    approved = ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED)
    returned = ActivityFactory(lab=world.lab, status=Activity.Status.RETURNED, return_reason="Fel datum")

    def shown(query):
        return {a.pk for a in inbox(client, world.coordinator, query).context["activities"]}

    assert shown("") == {waiting.pk}
    assert shown("?status=approved") == {approved.pk}
    assert shown("?status=returned") == {returned.pk}
    assert shown("?status=") == {waiting.pk, approved.pk, returned.pk}


def test_filters_by_lab_municipality_and_period(client, world):
    ale_june = submitted(world.lab, date=dt.date(2025, 6, 10))
    ale_may = submitted(world.lab, date=dt.date(2025, 5, 10))
    kungalv = submitted(world.other_lab, date=dt.date(2025, 6, 12))

    def shown(query):
        response = inbox(client, world.coordinator, query)
        assert response.status_code == 200
        return {a.pk for a in response.context["activities"]}

    assert shown(f"?lab={world.lab.pk}") == {ale_june.pk, ale_may.pk}
    assert shown(f"?municipality={world.other_lab.municipality_id}") == {kungalv.pk}
    assert shown("?date_from=2025-06-01&date_to=2025-06-30") == {ale_june.pk, kungalv.pk}
    assert shown(f"?lab={world.lab.pk}&date_from=2025-06-01") == {ale_june.pk}


def test_an_invalid_filter_is_said_next_to_its_field(client, world):
    submitted(world.lab)
    response = inbox(client, world.coordinator, "?date_from=31-31-2025")
    assert response.status_code == 200
    assert 'id="id_date_from_error"' in response.content.decode()


# --- Approve and return in place (HTMX) ---------------------------------------------------------------------------


def test_approving_in_place_answers_with_the_activity_in_its_new_state(client, world):
    activity = submitted(world.lab, title="Workshop om trygghet")
    following = submitted(world.lab, date=dt.date(2025, 5, 1))
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_approve", args=[activity.pk]), approve_data(activity), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<article") or f'<article id="activity-{activity.pk}"' in page
    assert "<html" not in page
    assert "Godkänd" in page and 'id="review-announcer" hx-swap-oob="innerHTML"' in page
    assert "Godkänd: ”Workshop om trygghet”" in page or "Workshop om trygghet" in page
    assert '"review:done"' in response["HX-Trigger-After-Settle"]
    assert f'"activity-{activity.pk}"' in response["HX-Trigger-After-Settle"]
    activity.refresh_from_db()
    following.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED and following.status == Activity.Status.SUBMITTED
    assert activity.history.latest().history_user == world.coordinator


def test_returning_in_place_shows_the_reason_in_the_new_state(client, world):
    activity = submitted(world.lab)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_return", args=[activity.pk]),
                           return_data(activity, "Ange hur många som var unga."), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skickad tillbaka till labbledaren med motiveringen: ”Ange hur många som var unga.”" in page
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RETURNED and activity.return_reason == "Ange hur många som var unga."


def test_a_return_without_a_reason_is_refused_next_to_the_field(client, world):
    activity = submitted(world.lab)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_return", args=[activity.pk]), return_data(activity, "  "), **HTMX)
    assert response.status_code == 200  # HTMX swaps 2xx answers only
    page = response.content.decode()
    assert f'id="id_return-{activity.pk}-reason_error"' in page
    assert "Skriv varför, så att labbledaren vet vad som behöver ändras." in page
    assert 'aria-invalid="true"' in page and "<details" in page and " open>" in page
    assert '"focus": "form"' in response["HX-Trigger-After-Settle"]
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
    # Without JavaScript: the whole inbox, the error next to the field of that activity.
    plain = client.post(reverse("labs:review_return", args=[activity.pk]), return_data(activity, ""))
    assert plain.status_code == 400
    assert f'id="id_return-{activity.pk}-reason_error"' in plain.content.decode()
    assert "<h1>Granska aktiviteter</h1>" in plain.content.decode()


def test_an_activity_changed_meanwhile_is_refused_with_the_stale_edit_message(client, world):
    activity = submitted(world.lab, title="Workshop", participants_total=10)
    seen = Activity.objects.get(pk=activity.pk)  # as the coordinator's inbox showed it
    activity_update(activity=Activity.objects.get(pk=activity.pk), expected_version=activity.version,
                    title="Workshop om trygghet", participants_total=14)  # another coordinator corrects it
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_approve", args=[seen.pk]), approve_data(seen), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Någon annan sparade" in page or 'class="conflict"' in page
    assert 'class="conflict"' in page and "Workshop om trygghet" in page and "Ditt värde" in page
    assert '"focus": "conflict"' in response["HX-Trigger-After-Settle"]
    activity.refresh_from_db()
    # The form now carries the version saved: approving again is a decision on the activity as it is now.
    assert f'name="approve-{seen.pk}-version" value="{activity.version}"' in page
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
    # Without JavaScript: 409 with the inbox and the notice at the activity.
    plain = client.post(reverse("labs:review_return", args=[seen.pk]), return_data(seen, "Fel"))
    assert plain.status_code == 409 and 'class="conflict"' in plain.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
    # Approving the activity as it is now works.
    client.post(reverse("labs:review_approve", args=[activity.pk]), approve_data(activity), **HTMX)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED


def test_an_activity_approved_by_someone_else_meanwhile_says_so(client, world):
    activity = submitted(world.lab, title="Workshop om trygghet")
    seen_version = activity.version
    client.force_login(world.staff)
    client.post(reverse("labs:activity_approve", args=[activity.pk]))  # the lab page's button: no version
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_approve", args=[activity.pk]),
                           {f"approve-{activity.pk}-version": seen_version}, **HTMX)
    assert response.status_code == 200
    assert "redan godkänd" in response.content.decode()
    # Without JavaScript: 409, the inbox with the reason in that activity's article only.
    other = submitted(world.lab, title="Ännu inte granskad")
    plain = client.post(reverse("labs:review_approve", args=[activity.pk]),
                        {f"approve-{activity.pk}-version": seen_version})
    assert plain.status_code == 409
    page = plain.content.decode()
    assert page.count('class="warning" role="alert"') == 1
    article = page[page.index(f'<article id="activity-{activity.pk}"'):]
    assert "redan godkänd" in article[:article.index("</article>")]
    assert f'<article id="activity-{other.pk}"' in page


# --- Without JavaScript -------------------------------------------------------------------------------------------


def test_a_plain_approval_comes_back_to_the_same_filters_page_and_activity(client, world):
    activity = submitted(world.lab, title="Workshop om trygghet")
    query = f"lab={world.lab.pk}&page=1"
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_approve", args=[activity.pk]), approve_data(activity, query))
    assert response.status_code == 302
    location = urlsplit(response.url)
    assert location.path == reverse("labs:review")
    assert location.fragment == f"activity-{activity.pk}"
    assert parse_qs(location.query) == {"lab": [str(world.lab.pk)], "page": ["1"], "reviewed": [str(activity.pk)]}
    # The inbox still shows it, in its new state, where it was (the filter would otherwise hide it now).
    back = client.get(response.url)
    assert activity.pk in [a.pk for a in back.context["activities"]]
    page = back.content.decode()
    assert 'data-status="approved"' in page and "Godkänd: ”Workshop om trygghet”." in page
    assert "reviewed=" not in back.context["query"]


def test_a_plain_return_comes_back_to_the_inbox(client, world):
    activity = submitted(world.lab)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_return", args=[activity.pk]),
                           return_data(activity, "Saknar lärdomar", "status=submitted"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("labs:review") + "?status=submitted&reviewed=")
    assert response.url.endswith(f"#activity-{activity.pk}")


def test_the_query_to_come_back_to_cannot_leave_the_inbox(client, world):
    activity = submitted(world.lab)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_approve", args=[activity.pk]),
                           approve_data(activity, "x=1#@evil.example/\r\nSet-Cookie: a=b"))
    assert response.status_code == 302
    assert urlsplit(response.url).netloc == "" and urlsplit(response.url).path == reverse("labs:review")


# --- Several at once -----------------------------------------------------------------------------------------------


def test_approving_several_at_once_with_one_changed_meanwhile(client, world):
    first, second, third, changed = (submitted(world.lab, title=f"Aktivitet {i}") for i in range(4))
    data = {"selected": [first.pk, second.pk, third.pk, changed.pk], "query": "status=submitted"}
    data |= {f"version-{a.pk}": a.version for a in (first, second, third, changed)}
    activity_update(activity=Activity.objects.get(pk=changed.pk), expected_version=changed.version,
                    title="Aktivitet 3, rättad")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_bulk"), data)
    assert response.status_code == 302 and response.url == reverse("labs:review") + "?status=submitted"
    statuses = dict(Activity.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in (first, second, third, changed)] == ["approved", "approved", "approved",
                                                                         "submitted"]
    shown = [str(m) for m in client.get(response.url).context["messages"]]
    assert "3 aktiviteter godkända." in shown
    assert any("Aktivitet 3" in m and "ändrade den medan du granskade" in m for m in shown)


def test_bulk_approval_says_which_were_already_approved_by_someone_else(client, world):
    first, done = submitted(world.lab, title="Först"), submitted(world.lab, title="Redan klar")
    data = {"selected": [first.pk, done.pk], f"version-{first.pk}": first.version, f"version-{done.pk}": done.version}
    client.force_login(world.staff)
    client.post(reverse("labs:activity_approve", args=[done.pk]))
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_bulk"), data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert "1 aktivitet godkänd." in shown
    assert any("”Redan klar” är redan godkänd" in m for m in shown)


def test_bulk_approval_with_nothing_ticked_changes_nothing(client, world):
    activity = submitted(world.lab)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:review_bulk"), {"query": ""}, follow=True)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


def test_bulk_approval_is_refused_to_people_who_do_not_coordinate(client, world):
    activity = submitted(world.lab)
    client.force_login(world.lead)
    response = client.post(reverse("labs:review_bulk"), {"selected": [activity.pk],
                                                         f"version-{activity.pk}": activity.version})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


# --- The activity log's status filter -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", Activity.Status.values)
def test_the_activity_log_filters_by_status(client, world, status):
    rows = {value: ActivityFactory(lab=world.lab, status=value) for value in Activity.Status.values}
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log") + f"?status={status}")
    assert response.status_code == 200
    assert [a.pk for a in response.context["activities"]] == [rows[status].pk]
    assert f'<option value="{status}" selected>' in response.content.decode()
