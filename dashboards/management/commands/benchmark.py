"""Median and 95th percentile of the main pages against a trivial page, at two data scales, in one run.

Runs on a separate database (<name>_benchmark, created and dropped here), with the test Client and
force_login, DEBUG off. For each scale it adds synthetic data up to that scale, then requests every page
--repeat times after a warm-up, and counts the queries of one request. The dashboard is also timed cold
(its cache emptied before each request). Targets checked at the end: the same query count at both scales
for every page; the dashboard's median within 10× the trivial page at the larger scale and growing less
than 2× between the scales.
"""

import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import reverse

from accounts.models import User
from budgets.models import Budget
from dashboards.synthetic import COORDINATOR_EMAIL, PER_SCALE, STEERING_EMAIL, generate
from labs.models import Lab
from projects.models import Project

PAGES = ["trivial", "dashboard", "dashboard (cold)", "project dashboard", "project page", "lab page",
         "activity list", "budget page"]


def percentile(values, share):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmark the main pages at two data scales on a separate, temporary database."

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1,10", help="Two scales, e.g. 1,10 (or 1,5 on a small machine).")
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page and scale.")
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")

    def handle(self, *args, scales, repeat, keep, **options):
        try:
            small, large = (int(s) for s in scales.split(","))
        except ValueError:
            raise CommandError("--scales takes two whole numbers, e.g. 1,10.") from None
        if not 0 < small < large:
            raise CommandError("--scales: the second scale must be larger than the first.")
        db = settings.DATABASES["default"]
        db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_benchmark" if connection.vendor != "sqlite" else None
        setup_test_environment(debug=False)
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
        try:
            results = {}
            for scale in (small, large):
                results[scale] = self.measure(scale, repeat)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.report(small, large, results)

    def grow_to(self, scale):
        have = Project.objects.filter(short_name__startswith="SYN").count() // PER_SCALE["projects"]
        if scale > have:
            started = time.perf_counter()
            counts = generate(scale - have)
            self.stdout.write(f"  scale {scale}: added {counts['activities']:,} activities, "
                              f"{counts['registrations']:,} registrations in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None

    def measure(self, scale, repeat):
        self.grow_to(scale)
        steering = User.objects.get(email=STEERING_EMAIL)
        coordinator = User.objects.get(email=COORDINATOR_EMAIL)
        project = Project.objects.filter(short_name="SYN1").get()  # the same project at every scale
        lab = Lab.objects.filter(project=project).order_by("pk").first()
        budget = Budget.objects.filter(project=project, is_current=True).get()
        as_steering, as_coordinator = Client(), Client()
        as_steering.force_login(steering)
        as_coordinator.force_login(coordinator)
        urls = {
            "trivial": (as_steering, reverse("dashboards:trivial")),
            "dashboard": (as_steering, reverse("dashboards:portfolio")),
            "dashboard (cold)": (as_steering, reverse("dashboards:portfolio")),
            "project dashboard": (as_steering, reverse("dashboards:project", args=[project.pk])),
            "project page": (as_coordinator, reverse("projects:detail", args=[project.pk])),
            "lab page": (as_coordinator, reverse("labs:detail", args=[lab.pk])),
            "activity list": (as_coordinator, reverse("labs:activity_log")),
            "budget page": (as_coordinator, reverse("budgets:detail", args=[budget.pk])),
        }
        out = {}
        for name, (client, url) in urls.items():
            try:
                out[name] = self.time_page(client, url, name.endswith("(cold)"), repeat)
            except Exception as exc:  # another app's page broken: report it, measure the rest
                self.stderr.write(f"  {name}: {type(exc).__name__}: {str(exc).splitlines()[0][:150]}")
                out[name] = None
        return out

    def time_page(self, client, url, cold, repeat):
        for _ in range(2):  # warm-up (connections, templates, the cache)
            if cold:
                cache.clear()
            self.get(client, url)
        times = []
        for _ in range(repeat if not cold else max(5, repeat // 3)):
            if cold:
                cache.clear()
            started = time.perf_counter()
            self.get(client, url)
            times.append((time.perf_counter() - started) * 1000)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            self.get(client, url)
        return {"median": statistics.median(times), "p95": percentile(times, 0.95), "queries": len(queries)}

    def get(self, client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    def report(self, small, large, results):
        trivial = {s: results[s]["trivial"]["median"] for s in (small, large)}
        self.stdout.write("")
        header = (f"{'page':<20}" + "".join(
            f"{f'median@{s}':>12}{f'p95@{s}':>10}{f'×triv@{s}':>10}{f'q@{s}':>6}" for s in (small, large))
            + f"{'growth':>8}")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        problems = []
        for page in PAGES:
            row = f"{page:<20}"
            if results[small][page] is None or results[large][page] is None:
                self.stdout.write(row + "  could not be measured (the page failed, see above)")
                problems.append(f"{page}: not measured")
                continue
            for s in (small, large):
                r = results[s][page]
                row += f"{r['median']:>10.1f}ms{r['p95']:>8.1f}ms{r['median'] / trivial[s]:>9.1f}×{r['queries']:>6}"
            growth = results[large][page]["median"] / results[small][page]["median"]
            row += f"{growth:>7.2f}×"
            self.stdout.write(row)
            if results[small][page]["queries"] != results[large][page]["queries"]:
                problems.append(f"{page}: {results[small][page]['queries']} queries at scale {small}, "
                                f"{results[large][page]['queries']} at scale {large}")
        dash = results[large]["dashboard"]["median"] / trivial[large]
        growth = results[large]["dashboard"]["median"] / results[small]["dashboard"]["median"]
        if dash > 10:
            problems.append(f"dashboard median is {dash:.1f}× the trivial page at scale {large} (target ≤ 10×)")
        if growth >= 2:
            problems.append(f"dashboard median grew {growth:.2f}× between the scales (target < 2×)")
        self.stdout.write("")
        if problems:
            self.stdout.write(self.style.WARNING("Targets missed:\n  " + "\n  ".join(problems)))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Targets met: equal query counts; dashboard {dash:.1f}× trivial at scale {large}, "
                f"grew {growth:.2f}×."))
