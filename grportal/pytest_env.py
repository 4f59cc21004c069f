"""Loaded by pytest before Django's settings (pytest.ini: -p grportal.pytest_env).

Tests run the development-safe configuration (plain http for the live server, a throwaway
secret key); DATABASE_URL and REDIS_URL still choose the real services.
"""

import os

os.environ.setdefault("GRPORTAL_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
