"""The project list: each filter, what each role sees, paging, and a query count that does not grow."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Organisation
from accounts.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from dashboards.figures.common import Filters, filtered_project_ids
from labs.models import Lab
from labs.tests.factories import ActivityFactory, LabFactory
from projects.filters import ProjectFilter
from projects.models import FundingApplication, Project
from projects.tests.factories import MembershipFactory, ProjectFactory

LIST = reverse("projects:list")


def titles(response):
    return {p.title for p in response.context["page"].object_list}


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(LIST, params)
    assert response.status_code == 200
    return titles(response)


@pytest.fixture
def portfolio(world):
    """Besides the world's project (SISP), four projects the coordinator also coordinates, all different."""
    ale, kungalv = MunicipalityFactory(name="Testkommun Ale"), MunicipalityFactory(name="Testkommun Kungälv")
    vinnova = OrganisationFactory(name="Testfinansiär Vinnova", kind=Organisation.Kind.FUNDER)
    esf = OrganisationFactory(name="Testfinansiär ESF", kind=Organisation.Kind.FUNDER)
    world.project.municipalities.add(ale)
    world.project.focus_area = "Bostäder"
    world.project.save()
    made = {}
    for title, status, start, end, area, funder, munis in [
        ("Unga i Kungälv", Project.Status.IDEA, dt.date(2027, 1, 1), dt.date(2028, 6, 30), "Unga", esf, [kungalv]),
        ("Trygga skolvägar", Project.Status.APPLIED, dt.date(2026, 3, 1), dt.date(2027, 2, 28), "Skola", vinnova,
         [kungalv]),
        ("Äldres boende", Project.Status.CLOSED, dt.date(2019, 1, 1), dt.date(2020, 12, 31), "Bostäder", None, []),
        ("Tidiga insatser", Project.Status.GRANTED, dt.date(2024, 1, 1), dt.date(2025, 12, 31), "Tidiga år", None,
         []),
    ]:
        project = ProjectFactory(title=title, status=status, start_date=start, end_date=end, focus_area=area,
                                 funder=funder, description="")
        project.municipalities.set(munis)
        MembershipFactory(project=project, user=world.coordinator)
        made[title] = project
    made["Tidiga insatser"].description = "Familjecentraler och hembesök"
    made["Tidiga insatser"].save()
    # Applied to Vinnova without Vinnova being the main funder.
    FundingApplication.objects.create(project=made["Tidiga insatser"], funder=vinnova, amount_applied=100)
    # Ale only through a lab there, not as a participating municipality.
    LabFactory(project=made["Äldres boende"], municipality=ale, leads=[UserFactory()])
    world.municipalities = {"Ale": ale, "Kungälv": kungalv}
    world.funders = {"Vinnova": vinnova, "ESF": esf}
    world.made = made
    return world


ALL = {"Social innovation i samhällsplanering", "Unga i Kungälv", "Trygga skolvägar", "Äldres boende",
       "Tidiga insatser"}


def test_without_a_filter_the_coordinator_sees_every_project_of_theirs(client, portfolio):
    assert listed(client, portfolio.coordinator) == ALL


def test_filter_by_status(client, portfolio):
    assert listed(client, portfolio.coordinator, status="applied") == {"Trygga skolvägar"}
    assert listed(client, portfolio.coordinator, status="running") == {"Social innovation i samhällsplanering"}


def test_filter_by_municipality_takes_participants_and_labs(client, portfolio):
    ale = portfolio.municipalities["Ale"]
    assert listed(client, portfolio.coordinator, municipality=ale.pk) == {
        "Social innovation i samhällsplanering", "Äldres boende"}
    kungalv = portfolio.municipalities["Kungälv"]
    assert listed(client, portfolio.coordinator, municipality=kungalv.pk) == {"Unga i Kungälv", "Trygga skolvägar"}


def test_filter_by_funder_takes_the_main_funder_and_applications(client, portfolio):
    vinnova = portfolio.funders["Vinnova"]
    assert listed(client, portfolio.coordinator, funder=vinnova.pk) == {"Trygga skolvägar", "Tidiga insatser"}
    assert listed(client, portfolio.coordinator, funder=portfolio.funders["ESF"].pk) == {"Unga i Kungälv"}


def test_filter_by_focus_area(client, portfolio):
    assert listed(client, portfolio.coordinator, focus_area="Bostäder") == {
        "Social innovation i samhällsplanering", "Äldres boende"}


def test_filter_by_year_takes_projects_running_some_time_that_year(client, portfolio):
    # SISP runs 2025-01-01 – 2026-12-31 (the factory's period).
    assert listed(client, portfolio.coordinator, year="2027") == {"Unga i Kungälv", "Trygga skolvägar"}
    assert listed(client, portfolio.coordinator, year="2025") == {"Social innovation i samhällsplanering",
                                                                  "Tidiga insatser"}
    assert listed(client, portfolio.coordinator, year="2020") == {"Äldres boende"}


def test_free_text_searches_title_short_name_and_description(client, portfolio):
    assert listed(client, portfolio.coordinator, q="skolvägar") == {"Trygga skolvägar"}
    assert listed(client, portfolio.coordinator, q="sisp") == {"Social innovation i samhällsplanering"}
    assert listed(client, portfolio.coordinator, q="hembesök") == {"Tidiga insatser"}
    # Every word must match somewhere.
    assert listed(client, portfolio.coordinator, q="familjecentraler hembesök") == {"Tidiga insatser"}
    assert listed(client, portfolio.coordinator, q="familjecentraler skolvägar") == set()


def test_filters_combine(client, portfolio):
    kungalv = portfolio.municipalities["Kungälv"]
    assert listed(client, portfolio.coordinator, municipality=kungalv.pk, status="idea") == {"Unga i Kungälv"}


def test_year_and_focus_area_choices_come_only_from_visible_projects(client, portfolio):
    hidden = ProjectFactory(title="Hemligt", focus_area="Hemlig inriktning", start_date=dt.date(2010, 1, 1),
                            end_date=dt.date(2011, 1, 1))
    form = ProjectFilter(queryset=Project.objects.visible_to(portfolio.coordinator)).form
    areas = [value for value, _ in form.fields["focus_area"].choices]
    years = [value for value, _ in form.fields["year"].choices]
    assert "Hemlig inriktning" not in areas and {"Bostäder", "Unga", "Skola", "Tidiga år"} <= set(areas)
    assert "2010" not in years and years[1] == "2028" and years[-1] == "2019"
    assert hidden.title not in listed(client, portfolio.coordinator, q="Hemligt")


def test_an_invalid_choice_shows_a_message_and_no_crash(client, portfolio):
    client.force_login(portfolio.coordinator)
    response = client.get(LIST, {"status": "nonsense", "year": "1066"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "errorlist" in html


# What each role sees -------------------------------------------------------------------------------

def test_lab_lead_sees_only_the_projects_of_their_labs(client, portfolio):
    # The world's lab lead leads a lab in SISP only.
    assert listed(client, portfolio.lead) == {"Social innovation i samhällsplanering"}
    other = ProjectFactory(title="Annat labbprojekt")
    LabFactory(project=other, leads=[portfolio.lead])
    assert listed(client, portfolio.lead) == {"Social innovation i samhällsplanering", "Annat labbprojekt"}


def test_funder_contact_sees_only_their_projects(client, portfolio):
    assert listed(client, portfolio.funder) == {"Social innovation i samhällsplanering"}
    # Filtering by a funder does not widen what a funder contact sees.
    assert listed(client, portfolio.funder, funder=portfolio.funders["Vinnova"].pk) == set()


@pytest.mark.parametrize(("role", "finds_it"), [
    ("coordinator", True), ("steering", True), ("staff", True),
    ("funder", False), ("reference", False), ("lead", False),
])
def test_the_funder_filter_reveals_applications_only_to_those_who_may_see_them(client, portfolio, role, finds_it):
    # SISP applied to ESF, which is not its main funder. Applications are internal (projects.view_internal):
    # filtering by ESF must not tell a funder contact, the reference group or a lab lead about the application.
    esf = portfolio.funders["ESF"]
    FundingApplication.objects.create(project=portfolio.project, funder=esf, amount_applied=500_000)
    found = listed(client, getattr(portfolio, role), funder=esf.pk)
    assert ("Social innovation i samhällsplanering" in found) is finds_it
    # The main funder is a plain fact of the project, shown in the list to everyone who sees the project.
    assert "Social innovation i samhällsplanering" in listed(client, getattr(portfolio, role),
                                                             funder=portfolio.project.funder_id)


def test_steering_and_reference_group_see_their_project(client, portfolio):
    assert listed(client, portfolio.steering) == {"Social innovation i samhällsplanering"}
    assert listed(client, portfolio.reference) == {"Social innovation i samhällsplanering"}


def test_staff_see_every_project(client, portfolio):
    ProjectFactory(title="Någon annans projekt")
    assert listed(client, portfolio.staff) == ALL | {"Någon annans projekt"}


def test_an_outsider_sees_nothing_and_is_told_why(client, portfolio):
    client.force_login(portfolio.outsider)
    response = client.get(LIST)
    assert titles(response) == set()
    assert "empty-state" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, portfolio):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "login" in response["Location"] or "logga-in" in response["Location"]


# Page, form and count -------------------------------------------------------------------------------

def test_pages_of_25_with_the_current_page_marked_and_the_filter_kept(client, world):
    for i in range(30):
        MembershipFactory(project=ProjectFactory(title=f"Serie {i:02d}", focus_area="Serie"), user=world.coordinator)
    client.force_login(world.coordinator)
    first = client.get(LIST, {"focus_area": "Serie"})
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert re.search(r'<a href="\?focus_area=Serie&amp;sida=1" aria-current="page">', html)
    assert 'href="?focus_area=Serie&amp;sida=2"' in html
    second = client.get(LIST, {"focus_area": "Serie", "sida": 2})
    assert len(second.context["page"].object_list) == 5
    assert re.search(r'<a href="\?focus_area=Serie&amp;sida=2" aria-current="page">', second.content.decode())


def test_the_form_is_labelled_grouped_and_announces_the_count(client, portfolio):
    client.force_login(portfolio.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(LIST, {"status": "applied"})
    html = response.content.decode()
    assert "<fieldset>" in html and "<legend>" in html
    for name in ("q", "status", "municipality", "funder", "focus_area", "year"):
        assert f'<label for="id_{name}">' in html
    assert re.search(r'<button type="submit"[^>]*>', html)
    count = re.search(r'<p id="result-count" class="result-count" role="status">(.*?)</p>', html).group(1)
    assert count.startswith("1 ")
    # The count is also in the page title, which a screen reader reads first after the page loads.
    assert re.search(r"<title>1 [^<]*–", html)


@pytest.mark.parametrize("n", [3, 30])
def test_query_count_does_not_grow_with_the_number_of_projects(client, world, django_assert_num_queries, n):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    for i in range(n):
        project = ProjectFactory(funder=funder, focus_area=f"Område {i % 4}", owner=OrganisationFactory())
        project.municipalities.add(MunicipalityFactory(), MunicipalityFactory())
        MembershipFactory(project=project, user=world.coordinator)
    client.force_login(world.coordinator)
    # session, user, focus-area choices, year span, the chosen funder (validation), count for the
    # paginator, the menu's "leads a lab?" and "coordinates a project?", municipality choices, funder
    # choices, projects (+owner, funder), their municipalities, "may start a project?" (the New project button)
    with django_assert_num_queries(11):
        response = client.get(LIST, {"q": "Projekt", "funder": funder.pk, "sida": "1"})
    assert response.context["page"].paginator.count == n
    assert len(response.context["page"].object_list) == min(n, 25)


def test_a_regional_labs_activity_places_its_project_in_that_municipality_on_the_list_and_the_dashboard(
        client, portfolio):
    """One definition of "projects in municipality X" (projects/places.py): the project list's filter and the
    dashboards' filter agree, and a regional lab counts where it held an activity."""
    molndal = MunicipalityFactory(name="Testkommun Mölndal")
    on_tour = LabFactory(project=portfolio.made["Tidiga insatser"], kind=Lab.Kind.REGIONAL, municipality=None)
    assert listed(client, portfolio.coordinator, municipality=molndal.pk) == set()
    ActivityFactory(lab=on_tour, municipality=molndal)

    assert listed(client, portfolio.coordinator, municipality=molndal.pk) == {"Tidiga insatser"}
    visible = Project.objects.visible_to(portfolio.coordinator)
    assert filtered_project_ids(visible, Filters(municipality_id=molndal.pk)) == [portfolio.made["Tidiga insatser"].pk]
    ale = portfolio.municipalities["Ale"]
    assert set(filtered_project_ids(visible, Filters(municipality_id=ale.pk))) == {
        p.pk for p in Project.objects.filter(title__in={"Social innovation i samhällsplanering", "Äldres boende"})}
