"""The README's architecture section is true of the code.

The table's "May import" column, the list of grportal's infrastructure modules and every file the section names are
checked against the import graph (grimp, the library import-linter is built on) and the tree, so the README cannot
drift from the code without a failing test. import-linter (`.importlinter`, run by `make test`) enforces the
contracts; this test keeps the README's words and those contracts the same.
"""

import configparser
import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["grportal", "accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards"]


def _section(heading: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"## {heading}\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


ARCHITECTURE = _section("Architecture")


def _table() -> dict[str, set[str]]:
    """App -> the apps of ours the README says it may import."""
    allowed: dict[str, set[str]] = {}
    for line in ARCHITECTURE.splitlines():
        row = re.match(r"\| `(\w+)/` \| .* \| (?P<may>[^|]+) \|$", line)
        if not row:
            continue
        app, may = row.group(1), row.group("may")
        if may.startswith("every app"):
            names = set(APPS)
        elif may.startswith("nothing of ours"):
            names = set()
        elif may.startswith("everything above"):
            names = set(allowed)
        else:
            names = {name for name in re.findall(r"`(\w+)`", may.split(";")[0]) if name in APPS}
        allowed[app] = names - {app}
    return allowed


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*APPS)


def _app_code(graph):
    for module in graph.modules:
        parts = module.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        yield module


def _infrastructure_contract() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    section = config["importlinter:contract:infrastructure-imports-no-app"]
    return {line.strip() for line in section["source_modules"].splitlines() if line.strip()}


def test_the_table_names_every_app_once():
    assert sorted(_table()) == sorted(APPS)


def test_each_app_imports_only_what_the_readme_allows(graph):
    allowed = _table()
    found: dict[str, set[str]] = {app: set() for app in APPS}
    for module in _app_code(graph):
        app = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")[0]
            if other != app and other != "grportal":
                found[app].add(other)
    beyond = {app: sorted(found[app] - allowed[app]) for app in APPS if found[app] - allowed[app]}
    assert beyond == {}, f"imports the README's table does not allow: {beyond}"


def test_apps_use_only_grportals_infrastructure_modules(graph):
    """Every app may use grportal's infrastructure modules (the README lists them) and nothing else of grportal."""
    infrastructure = _infrastructure_contract()
    used = {imported for module in _app_code(graph) if not module.startswith("grportal")
            for imported in graph.find_modules_directly_imported_by(module) if imported.startswith("grportal.")}
    assert used - infrastructure == set()


def test_the_readme_lists_exactly_the_infrastructure_modules_of_the_contract():
    start = ARCHITECTURE.index("`grportal`'s infrastructure modules import no app of ours")
    end = ARCHITECTURE.index("The arrows point one way")
    named = {f"grportal.{name}" for name in re.findall(r"`(\w+)\.py`", ARCHITECTURE[start:end])}
    assert named == _infrastructure_contract()


def test_every_file_the_architecture_section_names_exists():
    missing = []
    for name in set(re.findall(r"`([\w/.]+\.(?:py|html))`", ARCHITECTURE)):
        if "/" in name:
            candidates = [ROOT / name] + [ROOT / app / name for app in APPS]
        else:
            candidates = [ROOT / app / name for app in APPS] + [ROOT / app / "tests" / name for app in APPS]
            candidates.append(ROOT / name)
        if not any(path.exists() for path in candidates):
            missing.append(name)
    assert sorted(missing) == []


def test_every_contract_is_described():
    """Each import-linter contract's subject appears in the README's sentence on the contracts."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    contracts = [name for name in config.sections() if name.startswith("importlinter:contract:")]
    assert len(contracts) == 4, "a new contract: describe it in the README's architecture section and here"
    sentence = " ".join(ARCHITECTURE[ARCHITECTURE.index("The arrows point one way"):].split())
    for words in ("the layers", "`projects` importing no app built on it", "nothing importing `dashboards`",
                  "grportal's infrastructure modules importing no app"):
        assert words in sentence
