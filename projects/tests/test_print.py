"""The printable plan: every section of the plan, for those who may see the project, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import OrganisationFactory
from projects.models import (
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    KeyPerson,
    Milestone,
    OrganisationMember,
    ProjectPartner,
    TargetGroup,
)
from projects.tests.factories import GoalFactory, WorkPackageFactory


def url(world):
    return reverse("projects:print", args=[world.project.pk])


def add_plan(world, n):
    """n goals of each level, n work packages with a milestone, n indicators with a value, n of the rest."""
    project = world.project
    group = None
    for i in range(n):
        group = TargetGroup.objects.create(project=project, name=f"Målgrupp {i}", description=f"Beskrivning {i}")
        overall = GoalFactory(project=project, level=Goal.Level.OVERALL, title=f"Övergripande mål {i}", position=i)
        goal_p = GoalFactory(project=project, level=Goal.Level.PROJECT, parent=overall, title=f"Projektmål {i}",
                             position=i)
        sub = GoalFactory(project=project, level=Goal.Level.SUB, parent=goal_p, title=f"Delmål {i}", position=i,
                          why_individuals=f"Individnytta {i}", why_society=f"Samhällsnytta {i}")
        wp = WorkPackageFactory(project=project, code=f"X{i}", title=f"Paket {i}", objective=f"Syfte {i}",
                                responsible=OrganisationFactory(), start_date=dt.date(2025, 1, 1),
                                end_date=dt.date(2025, 6, 30))
        wp.target_groups.add(group)
        sub.work_packages.add(wp)
        sub.target_groups.add(group)
        Milestone.objects.create(work_package=wp, title=f"Milstolpe {i}", due_date=dt.date(2025, 3, 1))
        indicator = Indicator.objects.create(project=project, goal=goal_p, work_package=wp, name=f"Indikator {i}",
                                             unit="st", target=Decimal("10"))
        IndicatorValue.objects.create(indicator=indicator, period_start=dt.date(2025, 1, 1),
                                      period_end=dt.date(2025, 6, 30), value=Decimal("1234.5"),
                                      comment=f"Kommentar {i}")
        organisation = OrganisationFactory()
        KeyPerson.objects.create(project=project, name=f"Nyckelperson {i}", role="Roll", organisation=organisation,
                                 competence=f"Kompetens {i}")
        OrganisationMember.objects.create(project=project, group="steering", name=f"Ledamot {i}",
                                          organisation=organisation, share_of_time=Decimal("12.5"))
        ProjectPartner.objects.create(project=project, organisation=organisation, role=f"Partnerroll {i}")
        FundingApplication.objects.create(project=project, funder=project.funder, call=f"Utlysning {i}",
                                          amount_applied=Decimal("250000"))


def test_every_section_of_the_plan_is_on_the_page(client, world):
    add_plan(world, 2)
    client.force_login(world.coordinator)
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Övergripande mål 1", "Projektmål 0", "Delmål 1", "Individnytta 0", "Samhällsnytta 1",
                 "Målgrupp 0", "Beskrivning 1", "X0 Paket 0", "Syfte 1", "Milstolpe 1", "Indikator 0",
                 "Kommentar 1", "Nyckelperson 0", "Kompetens 1", "Ledamot 1", "Partnerroll 0", "Utlysning 1",
                 world.project.title, 'role="img"']:
        assert text in html, text
    # Swedish number format for recorded values and shares of time, and money in kronor.
    assert "1\u00a0234,50" in html and "12,5\u00a0%" in html and "250\u00a0000\u00a0kr" in html
    # The hierarchy is printed in order: each overall goal, then its project goal, then its sub-goal.
    order = [html.index(t) for t in ("Övergripande mål 0", "Projektmål 0", "Delmål 0", "Övergripande mål 1")]
    assert order == sorted(order)
    assert 'class="goal goal-depth-2"' in html


def test_the_page_has_a_print_style_sheet(client, world):
    client.force_login(world.coordinator)
    html = client.get(url(world)).content.decode()
    assert "/static/projects/portfolio.css" in html
    css = (Path(settings.BASE_DIR) / "projects/static/projects/portfolio.css").read_text()
    assert "@media print" in css and "@page" in css


@pytest.mark.parametrize("who", ["coordinator", "steering", "reference", "funder", "lead", "other_lead", "staff"])
def test_everyone_who_may_see_the_project_may_print_it(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(url(world)).status_code == 200


def test_others_get_404_and_anonymous_visitors_log_in(client, world):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
    client.logout()
    assert client.get(url(world)).status_code == 302


@pytest.mark.parametrize("who, shown", [
    ("coordinator", True), ("steering", True), ("staff", True),
    ("reference", False), ("funder", False), ("lead", False),
])
def test_funding_applications_only_for_internal_roles(client, world, who, shown):
    add_plan(world, 1)
    client.force_login(getattr(world, who))
    html = client.get(url(world)).content.decode()
    assert ("Utlysning 0" in html) is shown
    assert ('id="applications-heading"' in html) is shown


@pytest.mark.parametrize("n", [2, 20])
def test_query_count_does_not_grow_with_the_plan(client, world, django_assert_num_queries, n):
    add_plan(world, n)
    client.force_login(world.coordinator)
    # session, user, project (+owner, funder), roles (cached for both rules), goals, their target
    # groups, their work packages, work packages (+responsible, leader), their milestones, target
    # groups, goals, the menu's "leads a lab?" and "coordinates a project?", municipalities,
    # partners (+organisation), target groups, key persons (+organisation), indicators (+goal, work
    # package), their values, organisation members (+organisation), their shares of time per period,
    # funding applications (+funder)
    with django_assert_num_queries(20):
        response = client.get(url(world))
    assert response.status_code == 200
    assert len(response.context["work_packages"]) == n + 1  # and the world's AP1


def test_the_project_page_links_to_the_printable_plan(client, world):
    client.force_login(world.reference)
    html = client.get(world.project.get_absolute_url()).content.decode()
    assert f'href="{url(world)}"' in html


@pytest.mark.parametrize("who, shown", [("coordinator", True), ("staff", True), ("steering", False),
                                        ("funder", False), ("lead", False)])
def test_the_copy_link_is_offered_only_to_those_who_may_copy(client, world, who, shown):
    client.force_login(getattr(world, who))
    html = client.get(url(world)).content.decode()
    assert (reverse("projects:copy", args=[world.project.pk]) in html) is shown


@pytest.mark.parametrize("who, may_copy", [("coordinator", True), ("staff", True), ("steering", False),
                                           ("reference", False), ("funder", False), ("lead", False)])
def test_the_project_page_links_to_the_word_file_and_offers_copying_only_to_those_who_may(client, world, who,
                                                                                        may_copy):
    client.force_login(getattr(world, who))
    html = client.get(world.project.get_absolute_url()).content.decode()
    assert f'href="{reverse("projects:export_docx", args=[world.project.pk])}"' in html
    assert (f'href="{reverse("projects:copy", args=[world.project.pk])}"' in html) is may_copy


# The Word file ---------------------------------------------------------------------------------------

def docx_text(response):
    import io

    from docx import Document

    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts), document


def test_the_word_file_holds_the_plan(client, world):
    add_plan(world, 2)
    client.force_login(world.coordinator)
    response = client.get(reverse("projects:export_docx", args=[world.project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="sisp-plan.docx"' in response["Content-Disposition"]
    text, document = docx_text(response)
    for expected in ["Övergripande mål 1", "Delmål 0", "Individnytta 1", "Syfte 0", "Milstolpe 1",
                     "Indikator 1", "1\u00a0234,50", "Nyckelperson 1", "Ledamot 0",
                     "12,5\u00a0%", "Utlysning 1", "250\u00a0000\u00a0kr", world.project.title]:
        assert expected in text, expected
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    # Sub-goals sit two levels under overall goals, as on the printable page.
    levels = {text.split(": ", 1)[1]: style for style, text in headings if ": " in text}
    assert (levels["Övergripande mål 0"], levels["Projektmål 0"], levels["Delmål 0"]) == (
        "Heading 2", "Heading 3", "Heading 4")


def test_the_word_file_shows_only_what_the_role_may_see(client, world):
    add_plan(world, 1)
    client.force_login(world.funder)
    text, _ = docx_text(client.get(reverse("projects:export_docx", args=[world.project.pk])))
    assert "Delmål 0" in text and "Utlysning 0" not in text
    client.force_login(world.outsider)
    assert client.get(reverse("projects:export_docx", args=[world.project.pk])).status_code == 404
