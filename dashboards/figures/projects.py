"""The projects of a dashboard: the list, and how many there are by status and by focus area."""

from dataclasses import dataclass

from projects.models import Project

from .common import Bar


@dataclass(frozen=True)
class ProjectsFigure:
    rows: tuple[dict, ...]  # pk, title, short_name, status, status_label, focus_area, start_date, end_date
    by_status: tuple[Bar, ...]
    by_focus: tuple[Bar, ...]

    @property
    def count(self) -> int:
        return len(self.rows)


def _bars(counts: dict[str, int]) -> tuple[Bar, ...]:
    return tuple(Bar(label, n) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def projects_figure(project_ids) -> ProjectsFigure:
    """One query."""
    labels = dict(Project.Status.choices)
    rows = list(Project.objects.filter(pk__in=project_ids)
                .values("pk", "title", "short_name", "status", "focus_area", "start_date", "end_date")
                .order_by("title", "pk"))
    by_status: dict[str, int] = {}
    by_focus: dict[str, int] = {}
    for row in rows:
        row["status_label"] = str(labels.get(row["status"], row["status"]))
        by_status[row["status_label"]] = by_status.get(row["status_label"], 0) + 1
        by_focus[row["focus_area"]] = by_focus.get(row["focus_area"], 0) + 1
    return ProjectsFigure(rows=tuple(rows), by_status=_bars(by_status), by_focus=_bars(by_focus))
