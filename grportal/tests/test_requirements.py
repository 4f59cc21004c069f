"""Production installs requirements.txt alone: every package pinned and hashed, no test tool among them; the tests
and tools come from requirements-dev.txt (issue 14)."""

import re

from django.conf import settings

TEST_TOOLS = {"pytest", "pytest-django", "playwright", "axe-playwright-python", "hypothesis", "factory-boy", "faker",
              "time-machine", "pypdf", "aiosmtpd", "pyflakes", "uv"}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==\S+ \\$")


def pinned(name: str) -> dict[str, str]:
    """{normalised package name: its line} for every pin in a compiled requirements file; fails on an unpinned line."""
    lines = (settings.BASE_DIR / name).read_text().splitlines()
    pins = {}
    for number, line in enumerate(lines):
        if not line or line.startswith((" ", "#")):
            continue
        match = PIN.match(line)
        assert match, f"{name}:{number + 1} is not pinned with a hash: {line!r}"
        assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{name}:{number + 1} has no hash"
        pins[match.group(1).lower().replace("_", "-")] = line
    return pins


def named(name: str) -> set[str]:
    names = set()
    for line in (settings.BASE_DIR / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[\[<>=!~ ]", line)[0].lower().replace("_", "-"))
    return names


def test_production_installs_no_test_tool_and_every_package_is_pinned_and_hashed():
    runtime = pinned("requirements.txt")
    assert TEST_TOOLS.isdisjoint(runtime), sorted(TEST_TOOLS & set(runtime))
    assert named("requirements.in") <= set(runtime)
    assert "django" in runtime and "weasyprint" in runtime and "django-mailer" in runtime


def test_the_tests_and_tools_are_pinned_and_hashed_in_requirements_dev_and_agree_with_production():
    runtime, dev = pinned("requirements.txt"), pinned("requirements-dev.txt")
    assert named("requirements-dev.in") <= set(dev)
    # A package in both files has the same pin (requirements-dev.in is constrained by requirements.txt).
    assert {n: dev[n].split()[0] for n in set(dev) & set(runtime)} == \
        {n: runtime[n].split()[0] for n in set(dev) & set(runtime)}
