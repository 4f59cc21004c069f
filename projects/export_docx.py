"""The plan as a Word document (python-docx): the printable plan's sections as headings, text and tables.

Takes the dict from views_portfolio.plan_contents(), so the Word file shows exactly what the person
may see on the printable page. Built-in styles only (Heading 1–3, Table Grid), so the document takes
the organisation's own template when pasted into one.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grportal import numbers

from .shares_of_time import share_of_time

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _date(day) -> str:
    return date_format(day, "j F Y") if day else "–"


def _num(value) -> str:
    return numbers.format_number(value) if value is not None else "–"


def _kr(value) -> str:
    return numbers.kronor(value, 0) if value is not None else "–"


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    document.add_paragraph()
    return table


def _labelled(document, label: str, text: str):
    if not text:
        return
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label} ").bold = True
    paragraph.add_run(str(text))


def plan_document(plan: dict) -> bytes:
    from docx import Document  # imported here: only this export needs python-docx and lxml

    project = plan["project"]
    document = Document()
    document.core_properties.title = project.title
    document.core_properties.subject = _("Project plan")
    document.add_heading(project.title + (f" ({project.short_name})" if project.short_name else ""), level=0)
    document.add_paragraph(_("Project plan, %(date)s") % {"date": _date(plan["printed_at"].date())})

    document.add_heading(_("The project"), level=1)
    if project.description:
        document.add_paragraph(project.description)
    _table(document, [_("Fact"), _("Value")], [
        [_("Status"), project.get_status_display()],
        [_("Period"), f"{_date(project.start_date)} – {_date(project.end_date)}"],
        [_("Owner"), str(project.owner)],
        [_("Main funder"), str(project.funder or "–")],
        [_("Municipalities"), ", ".join(str(m) for m in plan["municipalities"]) or "–"],
        [_("Focus area"), project.focus_area or "–"],
        [_("Tags"), ", ".join(project.tag_list) or "–"],
    ])
    if plan["partners"]:
        document.add_heading(_("Partners"), level=2)
        for partner in plan["partners"]:
            document.add_paragraph(f"{partner.organisation}: {partner.role}" if partner.role
                                   else str(partner.organisation), style="List Bullet")

    document.add_heading(_("Goals"), level=1)
    for goal, depth in plan["goal_tree"]:
        document.add_heading(f"{goal.get_level_display()}: {goal.title}", level=min(depth + 2, 4))
        if goal.description:
            document.add_paragraph(goal.description)
        _labelled(document, _("Why it matters for individuals:"), goal.why_individuals)
        _labelled(document, _("Why it matters for society:"), goal.why_society)
        _labelled(document, _("Target groups:"), ", ".join(str(g) for g in goal.target_groups.all()))
        _labelled(document, _("Work packages:"), ", ".join(w.code for w in goal.work_packages.all()))
    if not plan["goal_tree"]:
        document.add_paragraph(_("No goals yet."))

    document.add_heading(_("Target groups"), level=1)
    for group in plan["target_groups"]:
        _labelled(document, f"{group.name}:", group.description or "–")
    if not plan["target_groups"]:
        document.add_paragraph(_("No target groups yet."))

    document.add_heading(_("Work packages"), level=1)
    for wp in plan["work_packages"]:
        document.add_heading(f"{wp.code} {wp.title}", level=2)
        _labelled(document, _("Objective:"), wp.objective)
        leader = wp.local_leader.get_full_name() if wp.local_leader else wp.local_leader_name
        _labelled(document, _("Responsible:"), str(wp.responsible or "–"))
        _labelled(document, _("Local project leader:"), leader)
        _labelled(document, _("Period:"), f"{_date(wp.start_date)} – {_date(wp.end_date)}")
        _labelled(document, _("Status:"), wp.get_status_display())
        _labelled(document, _("Target groups:"), ", ".join(str(g) for g in wp.target_groups.all()))
        _labelled(document, _("Goals:"), "; ".join(str(g) for g in wp.goals.all()))
        milestones = list(wp.milestones.all())
        if milestones:
            _table(document, [_("Date"), _("Milestone or deliverable"), _("Kind"), _("Done")], [
                [_date(m.due_date), m.title, m.get_kind_display(), _("yes") if m.done else _("no")] for m in milestones
            ])
    if not plan["work_packages"]:
        document.add_paragraph(_("No work packages yet."))

    if plan["timeplan"]:
        document.add_heading(_("Time plan"), level=1)
        _table(document, [_("Work package"), _("Start"), _("End"), _("Milestones and deliverables")], [
            [f"{row.code} {row.title}", _date(row.start), _date(row.end),
             "; ".join(f"{_date(m.date)}: {m.title}" for m in row.milestones) or "–"]
            for row in plan["timeplan"].rows
        ])

    document.add_heading(_("Indicators"), level=1)
    if plan["project_indicators"]:
        rows = []
        for indicator in plan["project_indicators"]:
            values = "; ".join(
                f"{_date(v.period_start)} – {_date(v.period_end)}: {_num(v.value)}" for v in indicator.values.all()
            )
            measures = "; ".join(filter(None, [str(indicator.goal or ""), getattr(indicator.work_package, "code", "")]))
            rows.append([f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name,
                         measures or _("The project"), _num(indicator.baseline), _num(indicator.target), values or "–"])
        _table(document, [_("Indicator"), _("Measures"), _("Baseline"), _("Target"), _("Recorded values")], rows)
    else:
        document.add_paragraph(_("No indicators yet."))

    document.add_heading(_("Organisation"), level=1)
    for label, members in plan["organisation_groups"]:
        document.add_heading(str(label), level=2)
        _table(document, [_("Name"), _("Organisation"), _("Role"), _("Share of time")], [
            [m.name, str(m.organisation or "–"), m.role or "–", "\n".join(share_of_time(m).lines)] for m in members
        ])

    document.add_heading(_("Key persons"), level=1)
    if plan["key_persons"]:
        _table(document, [_("Name"), _("Role"), _("Competence"), _("Why they matter")], [
            [f"{p.name}, {p.organisation}" if p.organisation else p.name, p.role, p.competence or "–",
             p.why_important or "–"] for p in plan["key_persons"]
        ])
    else:
        document.add_paragraph(_("No key persons yet."))

    if plan["applications"] is not None:
        document.add_heading(_("Funding applications"), level=1)
        header = [_("Funder and call"), _("Applied"), _("Granted"), _("Deadline"), _("Decision"), _("Status")]
        _table(document, header, [
            [f"{a.funder}: {a.call}" if a.call else str(a.funder), _kr(a.amount_applied), _kr(a.granted_amount),
             _date(a.deadline), _date(a.decision_date), a.get_status_display()] for a in plan["applications"]
        ])

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
