"""The benchmark command measures real renders and refuses a report whose cost per page grows."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project
from reports.models import Report


def test_the_benchmark_prints_time_and_memory_per_size_and_leaves_no_data_behind(db):
    out = StringIO()
    projects_before = Project.objects.count()

    # A limit nobody can meet, so the command also shows that it fails when the cost per page is too high.
    with pytest.raises(CommandError, match="does not scale"):
        call_command("benchmark_reports", pages=[6, 10], repeat=1, max_ratio=0.01, stdout=out)

    lines = out.getvalue().splitlines()
    rows = [line.split() for line in lines[1:3]]
    assert [row[0] for row in rows] == ["6", "10"]
    pages = [int(row[1]) for row in rows]
    assert pages[0] < pages[1] and abs(pages[1] - 10) <= 1
    for row in rows:
        seconds, per_page, peak = float(row[2]), float(row[3]), float(row[5])
        assert seconds > 0 and per_page > 0 and peak > 0
    assert re.search(r"cost per page at \d+ pages = [\d.]+ × the cost at \d+ pages \(limit 0.01×\)", lines[3])
    # The synthetic project was rolled back.
    assert Project.objects.count() == projects_before and not Report.objects.exists()
