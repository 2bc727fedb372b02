"""Run queued tasks in the test's process, the way `manage.py db_worker` does."""

from unittest import mock

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks(*, retries: bool = False, rounds: int = 20) -> None:
    """Run every task due now; with `retries`, also those queued for later.

    A task queued for later (a retry) is made due at once, round after round,
    until nothing is left to run.
    """
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker drops database connections left out of autocommit: the
    # test's own transaction is one of them.
    with mock.patch.object(db_worker, "close_old_connections"):
        for _ in range(rounds):
            worker.run()
            later = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
            if not retries or not later.update(run_after=timezone.now()):
                return
    raise AssertionError(f"tasks still queued after {rounds} rounds")
