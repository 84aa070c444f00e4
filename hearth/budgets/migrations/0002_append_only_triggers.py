"""On PostgreSQL, refuse UPDATE and DELETE on the ledger and the delegated-authority settings in the
database itself (as core/0002 does for the audit log). The ORM already refuses; this catches raw SQL.
TRUNCATE is left to the owner for test databases."""

from django.db import migrations

TABLES = ["budgets_ledgerentry", "budgets_authoritylimit"]

FUNCTION = """
CREATE OR REPLACE FUNCTION hearth_budgets_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION hearth_budgets_refuse_change();",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS hearth_budgets_refuse_change();", params=None)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
