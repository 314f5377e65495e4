from typing import Any

from django.core.management.base import BaseCommand

from balai.operations.actions import requeue_stale_tasks


class Command(BaseCommand):
    help = ("Put tasks left RUNNING by a worker that died back in the queue "
            "(settings.BALAI_TASK_STALE_AFTER, BALAI_TASK_MAX_ATTEMPTS).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale-after", type=int, default=None,
                            help="seconds a task may run before it counts as lost "
                                 "(default: BALAI_TASK_STALE_AFTER)")

    def handle(self, *args: Any, stale_after: int | None, **options: Any) -> None:
        result = requeue_stale_tasks(stale_after=stale_after)
        self.stdout.write(f"requeued {len(result.requeued)}, failed {len(result.failed)}")
        for task_id in result.requeued:
            self.stdout.write(f"requeued {task_id}")
        for task_id in result.failed:
            self.stdout.write(f"failed {task_id}")
