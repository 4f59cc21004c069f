r"""Load test: a steering-group member's pages against gunicorn, with the synthetic data.

Prepare (on a database with `manage.py generate_synthetic`, never production):
    python manage.py shell -c "from accounts.models import User; \
        u = User.objects.get(email='styrgrupp@synthetic.invalid'); u.set_password('load-test-only'); u.save()"
Run (gunicorn with N workers, then 2×N users for a minute; see README "Performance"):
    locust -f dashboards/loadtest/locustfile.py --headless -u 4 -r 4 -t 60s --host http://127.0.0.1:8123
Any response other than 200 counts as a failure.
"""

import os
import random
import re

from locust import HttpUser, between, task

EMAIL = os.environ.get("LOAD_EMAIL", "styrgrupp@synthetic.invalid")
PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-only")


class SteeringMember(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        page = self.client.get("/konto/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.client.post("/konto/login/", {"csrfmiddlewaretoken": token, "login": EMAIL,
                                                      "password": PASSWORD},
                                    headers={"Referer": self.host + "/konto/login/"}, name="login")
        if "/konto/login/" in response.url:
            raise RuntimeError("Could not log in: prepare the load-test password first (see the docstring).")
        dashboard = self.client.get("/oversikt/", name="dashboard").text
        self.projects = sorted(set(re.findall(r'href="/oversikt/projekt/(\d+)/"', dashboard))) or ["1"]
        self.municipalities = re.findall(r'<option value="(\d+)"', dashboard)[:13] or [""]
        self.labs = sorted(set(re.findall(r'href="/labb/(\d+)/"', dashboard)))

    @task(4)
    def dashboard(self):
        self.client.get("/oversikt/", name="dashboard")

    @task(2)
    def dashboard_by_municipality(self):
        self.client.get(f"/oversikt/?municipality={random.choice(self.municipalities)}",
                        name="dashboard, one municipality")

    @task(2)
    def project_dashboard(self):
        self.client.get(f"/oversikt/projekt/{random.choice(self.projects)}/", name="project dashboard")

    @task(1)
    def meetings(self):
        self.client.get("/oversikt/moten/", name="meetings")

    @task(1)
    def lab(self):
        if self.labs:
            self.client.get(f"/labb/{random.choice(self.labs)}/", name="lab page")

    @task(1)
    def trivial(self):
        self.client.get("/oversikt/referens/", name="trivial page")
