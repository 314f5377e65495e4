"""The SQLite full-text index of the catalogue (FTS5). PostgreSQL searches the search_text
column with its Indonesian configuration instead, so there this migration does nothing."""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_service_fts USING fts5("
    "name, body, tokenize = 'unicode61 remove_diacritics 2')"
)
DROP = "DROP TABLE IF EXISTS catalogue_service_fts"


class SqliteRunSQL(migrations.RunSQL):
    """RunSQL that runs on SQLite only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def index_existing(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from balai.catalogue.search import stemmed

    Service = apps.get_model("catalogue", "Service")
    with schema_editor.connection.cursor() as cursor:
        for service in Service.objects.all():
            cursor.execute(
                "INSERT INTO catalogue_service_fts (rowid, name, body) VALUES (%s, %s, %s)",
                [service.pk, stemmed(service.name), stemmed(service.search_text)],
            )


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        SqliteRunSQL(CREATE, DROP),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
