"""Gunicorn hooks for Prometheus' multiprocess mode: `gunicorn -c python:balai.operations.gunicorn`.

When a worker exits, its live gauges are removed from PROMETHEUS_MULTIPROC_DIR (its counters
and histograms stay: they are totals).
"""

import os


def child_exit(server, worker):  # noqa: ANN001 - gunicorn's hook signature
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
