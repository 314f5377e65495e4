import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.notifications.actions import deliver_due_messages, queue_message
from balai.notifications.models import Message
from balai.notifications.tasks import deliver_due_messages as sweep_task

pytestmark = pytest.mark.django_db


def _sms(body, *, due_in=None, status=Message.Status.QUEUED):
    # Queued inside the test's transaction, so no after-commit task runs: as if it was lost.
    message = queue_message(channel=Message.Channel.SMS, address="081234567890", body=body)
    changes = {"status": status}
    if due_in is not None:
        changes["next_attempt_at"] = timezone.now() + due_in
    Message.objects.filter(pk=message.pk).update(**changes)
    return message


def test_sweep_delivers_due_messages_only(sms):
    lost = _sms("lost enqueue")
    retry_due = _sms("retry due", due_in=dt.timedelta(minutes=-3))
    _sms("retry later", due_in=dt.timedelta(minutes=5))
    _sms("already sent", due_in=dt.timedelta(minutes=-3), status=Message.Status.SENT)
    _sms("given up", due_in=dt.timedelta(minutes=-3), status=Message.Status.FAILED)

    assert deliver_due_messages() == 2

    assert sorted(body for _to, body in sms.sent) == ["lost enqueue", "retry due"]
    assert set(Message.objects.filter(status=Message.Status.SENT, provider_id__startswith="rec-")
               .values_list("pk", flat=True)) == {lost.pk, retry_due.pk}
    assert deliver_due_messages() == 0
    assert len(sms.sent) == 2


def test_sweep_walks_all_due_messages_in_batches(sms):
    for n in range(7):
        _sms(f"pesan {n}", due_in=dt.timedelta(seconds=-60 + n))
    assert deliver_due_messages(batch_size=3) == 7
    assert [body for _to, body in sms.sent] == [f"pesan {n}" for n in range(7)]
    assert not Message.objects.filter(status=Message.Status.QUEUED).exists()


def test_sweep_moves_on_past_messages_that_fail_again(sms):
    sms.fail_with = "sibuk"
    for n in range(3):
        _sms(f"pesan {n}", due_in=dt.timedelta(seconds=-10))
    assert deliver_due_messages(batch_size=2) == 3
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    assert deliver_due_messages() == 0


def test_sweep_reads_the_queue_through_its_index():
    from django.db import connection

    due = (Message.objects.filter(status=Message.Status.QUEUED,
                                  next_attempt_at__lte=timezone.now())
           .order_by("next_attempt_at", "pk").values("pk")[:100])
    sql, params = due.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # An empty table is cheapest to scan; ask what the planner does with a real queue.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "message_queue_idx" in plan


def test_send_outbox_command_delivers_due_messages(sms):
    _sms("lost enqueue")
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "1 pesan" in out.getvalue()
    assert [body for _to, body in sms.sent] == ["lost enqueue"]


def test_sweep_task_delivers_due_messages(sms):
    _sms("lost enqueue")
    result = sweep_task.enqueue()
    assert result.return_value == 1
    assert len(sms.sent) == 1
