import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand

from balai.core.scheduler import enqueue_due
from balai.operations.actions import requeue_stale_tasks

REQUEUE_EVERY = 60.0  # seconds between looks for tasks left RUNNING by a dead worker

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the periodic tasks of settings.BALAI_PERIODIC_TASKS when they are due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=10.0,
                            help="seconds between checks (default 10)")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        running = True

        def stop(signum: int, frame: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_requeue = 0.0
        while running:
            for name in enqueue_due():
                logger.info("periodic task enqueued: %s", name)
            if time.monotonic() >= next_requeue:
                # Tasks of a worker killed mid-task stay RUNNING: give them back (a worker
                # cannot do it, they may all be gone).
                requeue_stale_tasks()
                next_requeue = time.monotonic() + REQUEUE_EVERY
            if once:
                break
            deadline = time.monotonic() + interval
            while running and time.monotonic() < deadline:
                time.sleep(0.5)
