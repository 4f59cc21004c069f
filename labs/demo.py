"""The labs' part of the demo: target-group and sector breakdowns, hours per organisation, lessons with
themes, phase histories and review states for the five local labs, and a bank of standalone lessons (what was
learned, what it led to, who still knows). Idempotent (keyed on names and titles)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from projects.models import TargetGroup

from .models import Activity, CoFinancedTime, LabPhaseChange, Lesson, Method, TargetGroupCount
from .services_lessons import lesson_create, lesson_update

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

# Standalone lessons of the flagship (labs.Lesson), in the manner of an innovation-forum feasibility study ("Se!
# Förstå! Koppla ihop! Pröva!"): what was learned, what it led to, and who still knows the matter. Fictional people.
# (title, lab's municipality or None for the whole project, days after the project's start, text, effect, themes,
#  contact person, their organisation, their email or "")
LESSONS = [
    ("Börja i det som redan finns på platsen", None, 75,
     "Där labben utgick från det som redan fanns lokalt – föreningar, eldsjälar, de boendes egna initiativ – kom "
     "idéerna snabbare och höll längre än där vi kom med färdiga förslag. Människor klarar mycket av sina egna "
     "frågor när de får förtroende och tid att pröva.",
     "Varje labb inleds nu med en kartläggning av lokala krafter och mötesplatser innan någon åtgärd föreslås; "
     "mallen för labbstart har fått ett avsnitt om detta.",
     "courage,innovation", "Lena Fors", "Göteborgsregionen", "lena.fors@example.se"),
    ("En gemensam framtidsbild får fler att vilja vara med", None, 160,
     "På framtidsverkstaden fick politiker, tjänstepersoner och boende tillsammans beskriva hur området ser ut om "
     "tio år. Efteråt pratade deltagarna om arbetet som sitt eget, och fler förvaltningar ville bidra med tid. "
     "Utan en bild att samlas kring blev mötena före verkstaden mest informationsutbyte.",
     "Framtidsbilden är nu styrgruppens gemensamma utgångspunkt och visas på alla labbens uppstartsmöten.",
     "leadership,innovation", "Jonas Ekvall", "Göteborgsregionen", ""),
    ("Samla erfarenheter systematiskt, inte när tillfälle ges", None, 250,
     "Det första året fanns lärdomarna i anteckningsblock och mejl. När en lokal projektledare bytte tjänst "
     "försvann mycket av det labbet hade lärt sig. Erfarenheter som inte skrivs ner efter varje insats går "
     "förlorade.",
     "Lärdomar registreras efter varje aktivitet, och lärworkshopen två gånger om året går igenom dem labb för "
     "labb. Kärnteamet ger stöd i metod och process.",
     "methods,competence", "Mirja Salo", "RISE", "mirja.salo@example.se"),
    ("Tydliga överenskommelser om roller med beställaren", None, 330,
     "När beställande förvaltning och labbet hade olika bilder av vem som bestämmer över resultatet stod arbetet "
     "still i flera månader. Ingen hade gjort fel; det hade bara aldrig sagts högt.",
     "En kort rollöverenskommelse – vem beställer, vem äger resultatet, vem beslutar om nästa steg – skrivs under "
     "innan ett labb startar, och stäms av i styrgruppen varje halvår.",
     "leadership,time", "Henrik Dahlgren", "Länsstyrelsen Västra Götaland", ""),
    ("Program som skrivs vid skrivbordet saknar förankring", None, 420,
     "Ett tidigare program för social hållbarhet skrevs på några veckor av en handläggare, utan dialog med dem "
     "som skulle använda det. Det antogs men användes knappt. Det vi tog fram tillsammans med förvaltningarna tog "
     "längre tid men är det som nu följs.",
     "Nya styrdokument i labben tas fram med minst en dialogträff med dem som ska använda dem och en remissrunda "
     "innan de går till beslut.",
     "methods,time", "Birgitta Ahl", "Mölndal", "birgitta.ahl@example.se"),
    ("Det som inte fungerade: ett gemensamt digitalt arbetsrum", None, 510,
     "Vi öppnade ett digitalt arbetsrum där alla fem labb skulle dela dokument och erfarenheter. Efter ett halvår "
     "hade nästan ingen skrivit där: ingen ansvarade för rummet och det låg utanför de verktyg folk redan använde.",
     "Arbetsrummet stängdes. I stället sammanfattar en person i kärnteamet lärdomarna efter varje lärworkshop och "
     "skickar dem till alla labb; seminarierna används för att dela dem vidare.",
     "methods,competence", "Tomas Lind", "Hyresgästföreningen", ""),
    ("Socialtjänsten och planeringen vid samma bord", "Partille", 200,
     "Arbetet med det sociala bostadsförsörjningsprogrammet visade att socialtjänstens kunskap om vilka som "
     "saknar bostad aldrig hade nått dem som planerar nya bostäder. När båda satt i samma arbetsgrupp blev "
     "behoven konkreta: storlek på lägenheter, hyresnivåer och var de behövs.",
     "Socialtjänstens behovsbild är nu en bilaga till bostadsförsörjningsprogrammet och uppdateras varje år "
     "inför planeringen av nya detaljplaner.",
     "competence,methods", "Amina Yusuf", "Partille", "amina.yusuf@example.se"),
    ("En lokal i Björkås gjorde arbetet synligt", "Kungälv", 380,
     "Så länge labbet träffades i kommunhuset var det få boende som visste om det. När vi fick låna en tom "
     "butikslokal i Björkås centrum kom människor in av sig själva för att fråga vad som pågick, och flera blev "
     "kvar som medskapare.",
     "Lokalen hålls öppen två eftermiddagar i veckan med personal från flera förvaltningar, och kommunen har tagit "
     "med hyran i nästa års budget.",
     "innovation,courage", "Elin Sjöberg", "Kungälv", ""),
    ("Det som inte fungerade: en webbenkät till seniorer", "Stenungsund", 560,
     "Webbenkäten om boende på äldre dagar gav få svar, nästan alla från dem som redan var engagerade i "
     "pensionärsföreningarna. De vi mest ville höra – de som bor ensamma och sällan går ut – nådde den inte.",
     "Enkäten ersattes av korta samtal på träffpunkter, på biblioteket och vid apoteket. Svaren blev färre men "
     "fler röster kom fram, och metoden används nu i planeringen av nya seniorbostäder.",
     "courage,time,methods", "Nils Berglöf", "Stenungsund", ""),
]
COORDINATOR = "samordnare@demo.grportal.se"
SOURCE_DAYS, PASSED_DAYS = 600, 450  # LESSONS' days (up to 600) → the first 450 days of the project, which have passed


def lesson_date(project, days: int, today: dt.date) -> dt.date:
    """The day a lesson was recorded: LESSONS' `days` (of the source plan's 24 months) drawn into the project's first
    15 months, which have passed on the day the demo is loaded (grportal/demo_calendar.py), so no lesson waits for a
    later day and a re-dated project carries them along; never after the project's end nor in the future
    (Lesson.clean refuses that)."""
    drawn_in = days * PASSED_DAYS // SOURCE_DAYS
    return min(project.start_date + dt.timedelta(days=drawn_in), project.end_date or dt.date.max, today)


def _lessons(demo):
    """Record the standalone lessons once (keyed on the project and title); a later run only moves a lesson's date
    when the project has been re-dated, through the service, so its version and history follow."""
    project, today = demo.project, timezone.localdate()
    labs = {lab.municipality.name: lab for lab in demo.labs if lab.municipality}
    existing = {lesson.title: lesson for lesson in Lesson.objects.filter(project=project)}
    for title, municipality, days, text, effect, themes, contact, organisation, email in LESSONS:
        lab = labs.get(municipality) if municipality else None
        recorded_on = lesson_date(project, days, today)
        lesson = existing.get(title)
        if lesson is None:
            lead = lab.leads.first() if lab else None
            lesson_create(
                created_by=lead or demo.users.get(COORDINATOR), project=project, lab=lab, title=title, text=text,
                effect=effect, themes=themes, contact_name=contact,
                contact_organisation=demo.org.get(organisation) or project.owner, contact_email=email,
                recorded_on=recorded_on,
            )
        elif lesson.recorded_on != recorded_on:
            lesson_update(lesson=lesson, recorded_on=recorded_on)


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
            LabPhaseChange.objects.get_or_create(lab=lab, phase=phase, changed_on=demo.calendar.date(on),
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
                    "kind": kind, "date": demo.calendar.date(date), "place": lab.place, "participants_total": total,
                    "participants_women": women, "participants_men": men, "participants_other": other,
                    "lessons": lessons, "lesson_themes": themes, "status": status, "return_reason": reason,
                    "created_by": lead,
                })
            _breakdown(activity, groups, sectors, counts, themes)
    _lessons(demo)


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
