"""Create the chain head and make the entries table append-only in the database itself."""

from django.db import migrations

SQLITE_UP = [
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;",
    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_update;",
    "DROP TRIGGER IF EXISTS ledger_entry_no_delete;",
]
POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ledger entries are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_ledgerentry "
    "FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();",
    "CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_ledgerentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_append_only();",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON ledger_ledgerentry;",
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_ledgerentry;",
    "DROP FUNCTION IF EXISTS ledger_entry_append_only();",
]


def create_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def create_head(apps, schema_editor):
    apps.get_model("ledger", "LedgerHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
