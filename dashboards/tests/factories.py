import datetime as dt

import factory

from dashboards.models import Decision, Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = dt.date(2026, 10, 1)
    title = factory.Sequence(lambda n: f"Styrgruppsmöte {n}")
    attendees = "Stig Styrgrupp, ordförande\nSara Samordnare"
    agenda = "Läget\nBudgeten"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Beslut {n}")
