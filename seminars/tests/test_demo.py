"""The demo shows the series with seminars, programme items, a seminar open for registration, feedback and slides."""

import pytest
from django.core.management import call_command

from seminars.models import Documentation, Feedback, Seminar, Series


@pytest.mark.django_db
def test_the_demo_has_the_series_with_seminars_and_programmes_and_loading_twice_changes_nothing():
    import importlib

    from django.apps import apps

    for module in ("accounts.migrations.0002_seed_organisations", "labs.migrations.0002_seed_methods"):
        importlib.import_module(module).seed(apps, None)
    call_command("load_demo", quiet_logins=True)
    counts = lambda: (Seminar.objects.count(), Feedback.objects.count(), Documentation.objects.count(),  # noqa: E731
                      sum(s.programme.count() for s in Seminar.objects.all()))
    first = counts()
    call_command("load_demo", quiet_logins=True)
    assert counts() == first

    series = Series.objects.get(title="På spaning efter ett socialt hållbart samhälle")
    seminars = list(series.seminars.all())
    assert len(seminars) >= 2
    assert all(s.programme.count() >= 2 for s in seminars)
    assert any(s.registration_open for s in seminars)  # the coming one can be registered for in the demo
    assert Documentation.objects.filter(is_public=True).exists() and Feedback.objects.exists()
    assert {i.speaker_organisation for s in seminars for i in s.programme.all() if i.speaker} >= {"RISE"}
