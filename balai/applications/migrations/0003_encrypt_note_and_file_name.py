"""Officers' notes and the names citizens gave their scans are encrypted at rest like the form:
both can carry a name or a NIK. Existing rows are encrypted in place, in batches."""

from typing import Any

from django.db import migrations

import balai.core.fields
from balai.core import crypto

COLUMNS = [("applicationevent", "note"), ("upload", "original_name")]
BATCH = 2000


def _convert(apps: Any, schema_editor: Any, *, encrypting: bool) -> None:
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, column in COLUMNS:
        table = quote(apps.get_model("applications", model_name)._meta.db_table)
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {quote(column)} FROM {table} WHERE id > %s "  # noqa: S608
                               f"ORDER BY id LIMIT {BATCH}", [last])
                rows = cursor.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                changed = [(_converted(value, encrypting), pk) for pk, value in rows
                           if value and _is_ciphertext(value) != encrypting]
                if changed:
                    cursor.executemany(
                        f"UPDATE {table} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        changed)


def _is_ciphertext(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except crypto.DecryptionError:
        return False
    return True


def _converted(value: str, encrypting: bool) -> str:
    return crypto.encrypt(value) if encrypting else crypto.decrypt(value)


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    _convert(apps, schema_editor, encrypting=True)


def decrypt_existing(apps: Any, schema_editor: Any) -> None:
    _convert(apps, schema_editor, encrypting=False)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_partial_queue_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='applicationevent',
            name='note',
            field=balai.core.fields.EncryptedTextField(blank=True, verbose_name='catatan'),
        ),
        migrations.AlterField(
            model_name='upload',
            name='original_name',
            field=balai.core.fields.EncryptedTextField(verbose_name='nama asli'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
