"""The environment of a subprocess that starts the portal as production would (manage.py, settings checks)."""

import os
import re
import secrets

# Variables that shape the settings; each subprocess starts from none of them.
SETTINGS_VARIABLES = re.compile(r"^(DJANGO_|GRPORTAL_|DATABASE_|REDIS_URL$|EMAIL_URL$|CELERY_)")


def production_env(**overrides) -> dict:
    """This process's environment without any settings variable, plus the few production needs; an override of
    None removes that variable."""
    env = {key: value for key, value in os.environ.items() if not SETTINGS_VARIABLES.match(key)}
    env.update(
        DJANGO_SETTINGS_MODULE="grportal.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="portal.goteborgsregionen.se",
    )
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env
