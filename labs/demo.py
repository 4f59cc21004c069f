"""The labs' part of the demo: target-group and sector breakdowns, hours per organisation, lessons with
themes, phase histories and review states for the five local labs. Idempotent (keyed on names)."""

import datetime as dt
from decimal import Decimal

from projects.models import TargetGroup

from .models import Activity, CoFinancedTime, LabPhaseChange, Method, TargetGroupCount

TARGET_GROUPS = ["Nyanlända", "Unga", "Seniorer", "Planerare och tjänstepersoner"]

# Per lab, (partner organisation names if present in demo.org, the target groups, the phase history)
PHASES = [
    (dt.date(2018, 1, 24), "understand", "Lokal uppstart och problembild"),
    (dt.date(2018, 6, 1), "ideas", "Idéworkshop med boende och förvaltningar"),
    (dt.date(2018, 11, 5), "test", "Första testet av metoden"),
]

# (title, kind, date, total, women, men, other, sectors (public, civil, private, academia, residents),
#  target-group counts by index, lessons, themes, status, return reason)
EXTRA = [
    ("Lärworkshop med alla labb", Activity.Kind.LEARNING_WORKSHOP, dt.date(2018, 9, 20), 24, 14, 9, 1,
     (14, 4, 2, 2, 2), {3: 12, 0: 2},
     "Att jämföra labben sida vid sida gjorde det lätt att se vad som var lokalt och vad som gick att sprida. "
     "Nästa gång: skicka frågorna i förväg.", "methods,competence", Activity.Status.APPROVED, ""),
    ("Test med boende", Activity.Kind.TEST, dt.date(2019, 2, 12), 15, 8, 6, 1,
     (3, 2, 0, 0, 10), {0: 5, 1: 6},
     "Det som fungerade: träffar på kvällstid i lokaler som boende redan använder. Det som inte fungerade: "
     "inbjudan bara på svenska. Nästa steg: översätta och bjuda in via föreningarna.",
     "courage,innovation,time", Activity.Status.RETURNED, "Ange hur många av deltagarna som var unga."),
]
SECTORS_FOR_EXISTING = (6, 2, 0, 1, 3)

# The five local labs test six methods (load_demo gives each its first): Mölndal also tries dialogue with young
# people alongside the social impact assessment.
MORE_METHODS = {"Labb Mölndal: SKA i detaljplan": ["Dialog för ungas inflytande"]}


def load(demo):
    project = demo.project
    groups = [TargetGroup.objects.get_or_create(project=project, name=name)[0] for name in TARGET_GROUPS]
    partners = [demo.org[name] for name in ("Hyresgästföreningen", "RISE") if name in demo.org]
    for index, lab in enumerate(demo.labs):
        lab.methods.add(*Method.objects.filter(name__in=MORE_METHODS.get(lab.name, [])))
        lab.target_groups.add(*groups[:2], groups[2 + index % 2])
        lab.partners.add(*partners)
        lead = lab.leads.first()
        for on, phase, note in PHASES[: 2 + index % 2]:
            LabPhaseChange.objects.get_or_create(lab=lab, phase=phase, changed_on=on,
                                                 defaults={"note": note, "changed_by": lead})
        last = LabPhaseChange.objects.filter(lab=lab).order_by("-changed_on").first()
        if last and lab.phase != last.phase:
            lab.phase = last.phase
            lab.save(update_fields=["phase"])
        for activity in lab.activities.exclude(title__in=[row[0] for row in EXTRA]):
            _breakdown(activity, groups, SECTORS_FOR_EXISTING, {0: 2, 1: 3}, "time,leadership")
        for (title, kind, date, total, women, men, other, sectors, counts, lessons, themes, status,
             reason) in EXTRA:
            activity, _ = Activity.objects.get_or_create(
                lab=lab, title=title, defaults={
                    "kind": kind, "date": date, "place": lab.place, "participants_total": total,
                    "participants_women": women, "participants_men": men, "participants_other": other,
                    "lessons": lessons, "lesson_themes": themes, "status": status, "return_reason": reason,
                    "created_by": lead,
                })
            _breakdown(activity, groups, sectors, counts, themes)


def _breakdown(activity, groups, sectors, counts, themes):
    """Add the breakdowns; saves (and so writes history) only when something changed."""
    before = _snapshot(activity)
    fields = dict(zip(("participants_public", "participants_civil_society", "participants_private",
                       "participants_academia", "participants_residents"), sectors, strict=True))
    if sum(sectors) <= activity.participants_total:
        for name, value in fields.items():
            setattr(activity, name, value)
    if activity.lessons and not activity.lesson_themes:
        activity.lesson_themes = themes
    for index, count in counts.items():
        if count <= activity.participants_total:
            TargetGroupCount.objects.get_or_create(activity=activity, target_group=groups[index],
                                                   defaults={"count": count})
    municipality = activity.lab.municipality
    if municipality:
        hours = activity.co_financed_hours or Decimal("6.00")
        CoFinancedTime.objects.get_or_create(activity=activity, organisation=municipality,
                                             defaults={"hours": hours})
        activity.co_financed_hours = sum(t.hours for t in activity.co_financed_time.all())
    if _snapshot(activity) != before:
        activity.full_clean()
        activity.save()


def _snapshot(activity):
    return tuple(getattr(activity, name) for name in (
        "participants_public", "participants_civil_society", "participants_private", "participants_academia",
        "participants_residents", "lesson_themes", "co_financed_hours"))
