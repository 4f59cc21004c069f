"""Demo: the flagship's latest steering-group meeting, with one decision done and two open (dates of the source plan,
moved by demo.calendar)."""

import datetime as dt

from .models import Decision, Meeting


def load(demo):
    project, when = demo.project, demo.calendar.date
    meeting, created = Meeting.objects.get_or_create(
        project=project, date=when(dt.date(2018, 11, 12)),
        defaults={
            "title": "Styrgruppsmöte november",
            "attendees": "Stig Styrgrupp, ordförande (Mölndal)\nSara Samordnare, projektledare (GR)\n"
                         "Representant för Partille kommun\nRepresentant för Kungälvs kommun",
            "agenda": "Lägesrapport från labben\nBudgeten: OH-kostnaderna är inte finansierade\n"
                      "Förlängning av AP3 (Stenungsund)\nNästa möte",
            "notes": "Styrgruppen konstaterade att budgeten inte går ihop och bad om en reviderad version.",
            "created_by": demo.users["samordnare@demo.grportal.se"],
        },
    )
    if not created:
        return
    Decision.objects.create(
        meeting=meeting, text="Projektledningen tar fram en reviderad budget där OH-kostnaderna finansieras.",
        responsible="Sara Samordnare", due_date=when(dt.date(2019, 1, 31)), project=project, budget=demo.budget,
    )
    Decision.objects.create(
        meeting=meeting, text="AP3 förlängs med tre månader för att hinna testa seniorperspektivet i två planer.",
        responsible="Labb Stenungsund", status=Decision.Status.DONE, project=project,
        work_package=demo.packages["AP3"],
    )
    Decision.objects.create(
        meeting=meeting, text="Labb som inte loggat aktiviteter på två månader redovisar läget vid nästa möte.",
        responsible="Labbledarna", due_date=when(dt.date(2019, 2, 15)), project=project,
    )
    earlier = Meeting.objects.create(
        project=None, date=when(dt.date(2018, 9, 3)), title="Styrgruppens portföljgenomgång, hösten",
        attendees="Stig Styrgrupp, ordförande (Mölndal)\nSara Samordnare (GR)",
        agenda="Portföljens läge\nNya utlysningar",
        created_by=demo.users["samordnare@demo.grportal.se"],
    )
    Decision.objects.create(meeting=earlier, text="GR bevakar Vinnovas nya utlysning om social innovation.",
                            responsible="Sara Samordnare", status=Decision.Status.DONE)


def reset(demo):
    """Before load_demo --reset deletes the demo: the portfolio meetings (no project) the demo people made; the
    project meetings go with the demo projects."""
    Meeting.objects.filter(project=None, created_by__in=demo.users).delete()
