"""The worker's part in-process, for tests that do not need a real worker: a task queued with .delay() (as
grportal.queueing.enqueue_on_commit does after the commit) runs at once in the test's process. Without it, a test run
with REDIS_URL set (CI) would hand the task to the broker, where no worker of this test runs it."""


def run_in_process(monkeypatch, *tasks) -> None:
    """Make each task's .delay(*args) run it in-process (task.apply), as the worker would."""
    for task in tasks:
        monkeypatch.setattr(task, "delay", lambda *args, task=task: task.apply(args=args))
