import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.synthetic import COORDINATOR_EMAIL, STEERING_EMAIL, generate


class Command(BaseCommand):
    help = ("Add synthetic data for benchmarks: --scale 1 is about GR today (10 projects, 100 labs, 20,000 "
            "activities, 5,000 seminar registrations), --scale 10 ten times that. Never on production data.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--yes", action="store_true", help="Do not ask (the database gets synthetic rows).")

    def handle(self, *args, scale, yes, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not yes:
            answer = input("This adds synthetic projects to the database. Continue? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                raise CommandError("Nothing was added.")
        started = time.perf_counter()
        counts = generate(scale)
        self.stdout.write(self.style.SUCCESS(
            f"Added {counts['projects']} projects, {counts['labs']} labs, {counts['activities']} activities, "
            f"{counts['registrations']} registrations in {time.perf_counter() - started:.1f} s. "
            f"Logins without password: {STEERING_EMAIL} (steering group), {COORDINATOR_EMAIL} (coordinator)."))
