"""Counts for organisers and reports. Names never leave through here."""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from .models import Feedback, Gender, Registration, Sector

Status = Registration.Status


def gender_balanced(women: int, men: int) -> bool | None:
    """GR's 40/60 rule: neither women nor men below 40 % of those who gave either. None without data."""
    total = women + men
    if total == 0:
        return None
    return women * 100 >= 40 * total and men * 100 >= 40 * total


@dataclass
class Breakdown:
    label: str
    registered: int
    attended: int


@dataclass
class SeminarCounts:
    registered: int
    waiting: int
    attended: int
    by_gender: list[Breakdown]
    by_sector: list[Breakdown]
    by_organisation: list[Breakdown]
    balanced_registered: bool | None
    balanced_attended: bool | None


def _breakdown(rows, field, choices=None) -> list[Breakdown]:
    labels = dict(choices) if choices else {}
    out = []
    for row in rows:
        key = row[field]
        label = labels.get(key, key) if key else ""
        out.append(Breakdown(str(label), row["registered"], row["attended"]))
    return out


def seminar_counts(seminar) -> SeminarCounts:
    """Registered (with a seat) and attended, by gender, sector and organisation, in three grouped queries."""
    seated = Registration.objects.filter(seminar=seminar, status=Status.REGISTERED)
    waiting = Registration.objects.filter(seminar=seminar, status=Status.WAITING).count()
    counts = {"registered": Count("pk"), "attended": Count("pk", filter=Q(attended_at__isnull=False))}
    by_gender = list(seated.values("gender").annotate(**counts).order_by("gender"))
    by_sector = list(seated.values("sector").annotate(**counts).order_by("sector"))
    by_org = list(seated.values("organisation").annotate(**counts).order_by("-registered", "organisation"))
    total = {"registered": sum(r["registered"] for r in by_gender), "attended": sum(r["attended"] for r in by_gender)}
    g = {row["gender"]: row for row in by_gender}

    def n(gender, key):
        return g.get(gender, {}).get(key, 0)

    return SeminarCounts(
        registered=total["registered"], waiting=waiting, attended=total["attended"],
        by_gender=_breakdown(by_gender, "gender", list(Gender.choices) + [("", "")]),
        by_sector=_breakdown(by_sector, "sector", Sector.choices),
        by_organisation=_breakdown(by_org, "organisation"),
        balanced_registered=gender_balanced(n(Gender.WOMAN, "registered"), n(Gender.MAN, "registered")),
        balanced_attended=gender_balanced(n(Gender.WOMAN, "attended"), n(Gender.MAN, "attended")),
    )


def catering_counts(seminar) -> tuple[int, list[tuple[str, int]]]:
    """For the caterer: how many seats are taken and how many of each dietary need, without names."""
    seated = Registration.objects.filter(seminar=seminar, status=Status.REGISTERED)
    needs = Counter(" ".join(text.split()).lower() for text in seated.exclude(dietary_needs="")
                    .values_list("dietary_needs", flat=True))
    return seated.count(), sorted(needs.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class FeedbackSummary:
    answers: int
    average: Decimal | None
    by_rating: list[tuple[int, int]]  # (rating 5..1, how many)
    comments: list[str]


def feedback_summary(seminar) -> FeedbackSummary:
    """How many answered, the mean rating (one decimal), how many gave each rating, and the comments."""
    rows = dict(Feedback.objects.filter(seminar=seminar).values_list("rating").annotate(n=Count("pk"))
                .order_by("rating"))
    answers = sum(rows.values())
    average = None
    if answers:
        total = sum(rating * n for rating, n in rows.items())
        average = (Decimal(total) / Decimal(answers)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    comments = list(Feedback.objects.filter(seminar=seminar).exclude(comment="").order_by("pk")
                    .values_list("comment", flat=True))
    return FeedbackSummary(answers=answers, average=average,
                           by_rating=[(rating, rows.get(rating, 0)) for rating in range(5, 0, -1)], comments=comments)
