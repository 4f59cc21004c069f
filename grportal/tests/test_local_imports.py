"""No import inside a function in our apps' code, except the few listed below, each with its reason.

A function-local import is how an import cycle gets hidden (models <-> permissions, services <-> tasks): the
graph is kept one-directional instead (models -> querysets, permissions -> models, services -> tasks -> the
module the task runs). What legitimately stays local is listed in ALLOWED, keyed "path:function:module" (the
module as written, relative ones with their dots), so a new local import fails here until it is either moved to
the top of its module or listed with a reason. Tests and migrations are not checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "budgets", "dashboards", "grportal", "labs", "projects", "reports", "seminars"]

READY = ("AppConfig.ready(): apps.py is loaded while the app registry is being filled; the registrations it makes "
         "import models, so they run once the registry is ready")
MANAGE = "manage.py: Django's own entry point imports the management machinery once the settings module is set"
HEAVY = "a heavy optional library, loaded only by the one function that uses it, not by every web process"

ALLOWED = {
    "manage.py:main:django.core.management": MANAGE,
    "budgets/apps.py:ready:projects.roles": READY,
    "budgets/apps.py:ready:projects.sections": READY,
    "budgets/apps.py:ready:.permissions": READY,
    "budgets/apps.py:ready:.views": READY,
    "dashboards/apps.py:ready:.permissions": READY,
    "dashboards/apps.py:ready:.signals": READY,
    "dashboards/apps.py:ready:grportal.start_page": READY,
    "dashboards/apps.py:ready:.start_panel": READY,
    "grportal/apps.py:ready:.indicators": READY,
    "labs/apps.py:ready:projects.places": READY,
    "labs/apps.py:ready:projects.roles": READY,
    "labs/apps.py:ready:projects.sections": READY,
    "labs/apps.py:ready:.permissions": READY,
    "labs/apps.py:ready:.selectors": READY,
    "labs/apps.py:ready:.tasks": READY,
    "labs/apps.py:ready:.indicators": READY,
    "labs/apps.py:ready:.views": READY,
    "labs/apps.py:ready:accounts.invitations": READY,
    "labs/apps.py:ready:.services": READY,
    "labs/apps.py:ready:projects.people": READY,
    "labs/apps.py:ready:.people": READY,
    "budgets/apps.py:ready:projects.people": READY,
    "budgets/apps.py:ready:accounts.invitations": READY,
    "budgets/apps.py:ready:.services": READY,
    "budgets/apps.py:ready:.views_people": READY,
    "projects/apps.py:ready:accounts.invitations": READY,
    "projects/apps.py:ready:.permissions": READY,
    "projects/apps.py:ready:.services": READY,
    "reports/apps.py:ready:projects.sections": READY,
    "reports/apps.py:ready:.permissions": READY,
    "reports/apps.py:ready:.tasks": READY,
    "reports/apps.py:ready:.views": READY,
    "seminars/apps.py:ready:.permissions": READY,
    "seminars/apps.py:ready:.indicators": READY,
    "projects/export_docx.py:plan_document:docx": HEAVY + " (python-docx and lxml: the plan's Word export)",
    "reports/rendering.py:generator_name:weasyprint": HEAVY + " (WeasyPrint, Pango and fonts: the report PDF)",
    "reports/rendering.py:render_pdf:weasyprint": HEAVY + " (WeasyPrint, Pango and fonts: the report PDF)",
}


def local_imports(source: str, path: str) -> list[str]:
    """'path:function:module' of every import inside a function (the innermost one) of this source."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom) and function is not None:
                if isinstance(child, ast.Import):
                    modules = [alias.name for alias in child.names]
                elif child.module:
                    modules = ["." * child.level + child.module]
                else:  # from . import a, b
                    modules = ["." * child.level + alias.name for alias in child.names]
                found.extend(f"{path}:{function}:{module}" for module in modules)
            else:
                visit(child, function)

    visit(ast.parse(source, filename=path), None)
    return found


def _checked_files() -> list[Path]:
    files = [ROOT / "manage.py"]
    for app in APPS:
        files += [path for path in sorted((ROOT / app).rglob("*.py"))
                  if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts) and path.name != "conftest.py"]
    return files


def _all_local_imports() -> list[str]:
    return [key for path in _checked_files()
            for key in local_imports(path.read_text(), path.relative_to(ROOT).as_posix())]


def test_no_function_local_import_beyond_the_allowed_ones():
    unexplained = sorted(set(_all_local_imports()) - set(ALLOWED))
    assert unexplained == [], (
        "imports inside a function: move them to the top of the module (break a cycle by structure, see this "
        f"test's docstring) or, if one truly must stay local, add it to ALLOWED with its reason: {unexplained}")


def test_every_allowed_local_import_still_exists():
    """An entry whose import has gone (moved to the top, or the function removed) comes off the list."""
    assert sorted(set(ALLOWED) - set(_all_local_imports())) == []


def test_every_allowed_entry_has_a_reason():
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_check_sees_a_local_import_in_a_method_a_nested_function_and_a_from_dot_import():
    source = (
        "import os\n"
        "class A:\n"
        "    def m(self):\n"
        "        from django.utils import timezone\n"
        "        def inner():\n"
        "            import json\n"
        "        from . import models, tasks\n"
        "async def f():\n"
        "    from ..models import Lab\n"
    )
    assert local_imports(source, "x.py") == [
        "x.py:m:django.utils", "x.py:inner:json", "x.py:m:.models", "x.py:m:.tasks", "x.py:f:..models",
    ]
