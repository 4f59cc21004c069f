"""The lab leads of a project, for its "People and roles" page (projects/people.py). A lead is removed on the
lab's settings page (labs:edit, labs.edit_lab: the project's coordinators and administrators), which asks for
confirmation; the row links there."""

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.people import PersonRow

from .models import Lab

LAB_LEADS_ORDER = 50  # after the project's own roles


def lab_lead_rows(project) -> list[PersonRow]:
    rows = []
    for lab in Lab.objects.filter(project=project).prefetch_related("leads", "leads__organisation").order_by("name"):
        for lead in lab.leads.all():
            rows.append(PersonRow(
                person=lead, role=_("Lab lead"), where=lab.name,
                remove_url=reverse("labs:edit", args=[lab.pk]) + f"#lead-{lead.pk}",
                remove_label=_("Remove on the lab's settings page"), order=LAB_LEADS_ORDER,
            ))
    return rows
