import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that ran a real Celery worker shows the worker's log under its traceback."""
    outcome = yield
    report = outcome.get_result()
    funcargs = getattr(item, "funcargs", {})
    worker = funcargs.get("celery_worker") or funcargs.get("celery_prefork_worker")
    if report.failed and worker is not None:
        report.sections.append(("Celery worker log", worker.log()))
