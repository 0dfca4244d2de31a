"""A closed analysis round is frozen in the database too: any UPDATE of a closed row is aborted."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER coding_round_frozen BEFORE UPDATE ON coding_analysisround
       WHEN OLD.closed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a closed analysis round cannot change'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS coding_round_frozen;"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION coding_round_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.closed_at IS NOT NULL THEN
           RAISE EXCEPTION 'a closed analysis round cannot change';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER coding_round_frozen BEFORE UPDATE ON coding_analysisround
       FOR EACH ROW EXECUTE FUNCTION coding_round_frozen();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS coding_round_frozen ON coding_analysisround;",
    "DROP FUNCTION IF EXISTS coding_round_frozen();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("coding", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
