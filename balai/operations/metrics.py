"""Prometheus metrics, served at /metrics in the text exposition format.

Request latency and ledger append time are histograms observed in the processes that serve
requests and append. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty
directory before the processes start: prometheus_client then keeps each process's values in
files there, and /metrics adds them up (docs/deployment.md, "Metrics").

Queue depth, outbox backlog and SLA breaches are read from the database when /metrics is
scraped, so every worker answers the same and nothing has to be counted as it happens.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator

# An empty PROMETHEUS_MULTIPROC_DIR (`make run` exports every line of .env) means "not set":
# prometheus-client only asks whether the variable exists, and would write its files into the
# working directory. This must run before prometheus_client is imported.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)

from django.utils import timezone  # noqa: E402
from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily  # noqa: E402
from prometheus_client.registry import Collector  # noqa: E402

logger = logging.getLogger(__name__)

# A route is the URL pattern (never the raw path, which would make a series per application
# number); methods outside this list count as "other".
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUEST_LATENCY = Histogram(
    "balai_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL route, method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

LEDGER_APPEND = Histogram(
    "balai_ledger_append_duration_seconds",
    "Time to append one ledger entry (an insert: the chain head is the sequencer's alone).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


UNAVAILABLE = Counter(
    "balai_unavailable_responses",
    "503 answers because the database was out of reach or the file storage full.",
    ["reason"],
)


def count_unavailable(reason: str) -> None:
    """reason: "database" or "storage"."""
    UNAVAILABLE.labels(reason=reason).inc()


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(route=route, method=method if method in METHODS else "other",
                           status=f"{status // 100}xx").observe(seconds)


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("balai_metrics_database_up",
                               "1 when the figures below could be read from the database.")
        try:
            families = list(_database_families(timezone.now()))
        except Exception:
            logger.exception("metrics: reading the database figures failed")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families


def _database_families(now: dt.datetime) -> Iterator[GaugeMetricFamily]:
    from balai.applications.queries import overdue_for_escalation as overdue_applications
    from balai.complaints.queries import overdue_for_escalation as overdue_complaints
    from balai.information.queries import overdue_objections, overdue_requests
    from balai.operations.queries import (
        oldest_ready_task_age,
        oldest_running_task_age,
        outbox_backlog,
        task_queue_depth,
    )

    depth = GaugeMetricFamily("balai_task_queue_depth",
                              "Tasks ready to run and waiting for a worker.", labels=["queue"])
    for queue, count in sorted(task_queue_depth().items()):
        depth.add_metric([queue], count)
    yield depth
    yield GaugeMetricFamily("balai_task_queue_oldest_age_seconds",
                            "How long the oldest ready task has been waiting.",
                            value=oldest_ready_task_age(now=now))
    yield GaugeMetricFamily("balai_task_oldest_running_seconds",
                            "How long the longest-running task has been running (a task left "
                            "by a dead worker grows until it is requeued).",
                            value=oldest_running_task_age(now=now))
    queued, due = outbox_backlog(now=now)
    yield GaugeMetricFamily("balai_outbox_backlog",
                            "Messages of the notifications outbox not yet delivered.",
                            value=queued)
    yield GaugeMetricFamily("balai_outbox_due",
                            "Outbox messages whose next delivery attempt is due now.", value=due)
    from balai.ledger.queries import pending_count

    yield GaugeMetricFamily("balai_ledger_pending",
                            "Ledger entries written but not yet chained by the sequencer.",
                            value=pending_count())
    # The apps' own "overdue" queries: open cases past their deadline that the morning
    # escalation has not yet handed to the office head.
    today = timezone.localdate(now)
    breaches = GaugeMetricFamily(
        "balai_sla_breaches",
        "Open cases past their deadline and not yet escalated, by kind.", labels=["kind"])
    breaches.add_metric(["application"], overdue_applications(today=today).count())
    breaches.add_metric(["complaint"], overdue_complaints(today=today).count())
    # UU KIP deadlines: information requests and objections (UU 14/2008 Pasal 22, 36).
    breaches.add_metric(["information_request"], overdue_requests(today=today).count())
    breaches.add_metric(["objection"], overdue_objections(today=today).count())
    yield breaches


_database_registry = CollectorRegistry(auto_describe=False)
_database_registry.register(DatabaseCollector())


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_database_registry), CONTENT_TYPE_LATEST
