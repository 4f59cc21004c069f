"""Render time and peak memory of a ~5-page and a ~50-page report, on synthetic data rolled back afterwards.

    python manage.py benchmark_reports [--pages 5 50] [--repeat 3]

Time is the process's CPU time (the render is single-threaded; wall-clock time is printed too but depends on
what else the machine runs); peak memory is Python's traced allocations (tracemalloc) during one render, and on
Linux also the process's peak resident set during that render (VmHWM, reset before it), which includes what
Pango, HarfBuzz and the C libraries allocate outside Python.
Cost per page at the largest size should stay within 1.5× the cost at the smallest (the command says so and
exits with status 1 otherwise).
"""

import datetime as dt
import gc
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Organisation
from labs.models import Activity, Lab
from projects.models import Project, WorkPackage
from reports.models import Report
from reports.rendering import render_pdf, report_content

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark report rendering: time and peak memory for a short and a long report."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, nargs="+", default=[5, 50])
        parser.add_argument("--repeat", type=int, default=3, help="timed renders per size (the best counts)")
        parser.add_argument("--max-ratio", type=float, default=1.5)

    def handle(self, *args, pages, repeat, max_ratio, **options):
        results = []
        try:
            with transaction.atomic():
                project, lab = self._project()
                self._activities(lab, 10)
                self._measure(project, repeat=1)  # warm-up: fonts, templates, caches
                added = 10
                for target in sorted(pages):
                    added = self._fill_to(project, lab, target, added)
                    results.append((target, *self._measure(project, repeat=repeat)))
                raise Rollback
        except Rollback:
            pass

        self.stdout.write(f"{'target':>6} {'pages':>5} {'CPU s':>8} {'s/page':>7} {'wall s':>7} {'peak MiB':>9} "
                          f"{'MiB/page':>8} {'peak RSS MiB':>12}")
        for target, n_pages, seconds, peak, wall, rss in results:
            rss_text = f"{rss / 2**20:>12.1f}" if rss is not None else f"{'–':>12}"
            self.stdout.write(f"{target:>6} {n_pages:>5} {seconds:>8.2f} {seconds / n_pages:>7.3f} {wall:>7.2f} "
                              f"{peak / 2**20:>9.1f} {peak / 2**20 / n_pages:>8.2f} {rss_text}")
        small, large = results[0], results[-1]
        ratio = (large[2] / large[1]) / (small[2] / small[1])
        self.stdout.write(f"cost per page at {large[1]} pages = {ratio:.2f} × the cost at {small[1]} pages "
                          f"(limit {max_ratio}×)")
        if ratio > max_ratio:
            raise CommandError(f"Rendering does not scale: {ratio:.2f}× > {max_ratio}×")

    def _project(self):
        owner, _ = Organisation.objects.get_or_create(name="Benchmark: ägare", defaults={"kind": "region"})
        funder, _ = Organisation.objects.get_or_create(name="Vinnova", defaults={"kind": "funder"})
        project = Project.objects.create(title="Mätprojekt för rapporter", short_name="MÄT", owner=owner,
                                         funder=funder, start_date=START, end_date=END, status="running")
        wp = WorkPackage.objects.create(project=project, code="AP1", title="Arbetspaket för mätning")
        lab = Lab.objects.create(project=project, work_package=wp, name="Labb Mätö")
        return project, lab

    def _activities(self, lab, n):
        Activity.objects.bulk_create([
            Activity(lab=lab, date=START + dt.timedelta(days=i % 360), title=f"Workshop nr {i} om öppna möten",
                     kind=Activity.Kind.WORKSHOP, status=Activity.Status.APPROVED, place="Ale torg",
                     participants_total=20, participants_women=11, participants_men=8, participants_other=1,
                     lessons="Tidig dialog med förvaltningarna gav bättre uppslutning och mer lärande.")
            for i in range(n)
        ])

    def _pages(self, project) -> int:
        report = Report(project=project, report_type="vinnova_progress", period_start=START, period_end=END)
        return render_pdf(report, report_content(report)).pages

    def _fill_to(self, project, lab, target, have) -> int:
        """Add activities until the report has about `target` pages (scaled from the last measurement)."""
        for _ in range(6):
            n_pages = self._pages(project)
            if abs(n_pages - target) <= max(1, target // 10):
                return have
            per_page = max(1.0, have / max(1, n_pages - 3))
            want = max(1, int((target - 3) * per_page))
            if want > have:
                self._activities(lab, want - have)
            else:
                Activity.objects.filter(pk__in=list(lab.activities.order_by("-pk").values_list("pk", flat=True)
                                                    [: have - want])).delete()
            have = want
        return have

    def _measure(self, project, *, repeat):
        report = Report(project=project, report_type="vinnova_progress", period_start=START, period_end=END)
        best = None
        for _ in range(repeat):
            gc.collect()
            # CPU time of this process: the render is single-threaded and CPU-bound, and CPU time is not
            # inflated by other processes on a shared machine the way wall-clock time is.
            started, wall_started = time.process_time(), time.perf_counter()
            pdf = render_pdf(report, report_content(report))
            elapsed = time.process_time() - started
            if best is None or elapsed < best:
                best, wall = elapsed, time.perf_counter() - wall_started
        gc.collect()
        rss_reset = _reset_peak_rss()
        tracemalloc.start()
        pdf = render_pdf(report, report_content(report))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = _peak_rss() if rss_reset else None
        return pdf.pages, best, peak, wall, rss


def _reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process's resident memory (Linux); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_rss() -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
