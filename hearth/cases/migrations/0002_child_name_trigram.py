"""Trigram indexes for searching children by part of a name (PostgreSQL only).

Search filters with `icontains`, which Django writes on PostgreSQL as
`UPPER("first_name"::text) LIKE UPPER('%smi%')`. A GIN index of trigrams over exactly that expression
serves it, so a search of the large authority (60,000 children) reads the index, not the table.
Identifiers (UPN, NHS number) get plain B-tree indexes for their exact matches.

SQLite has no pg_trgm: there the migration does nothing and search runs the same query unindexed.
"""

from django.db import migrations

INDEXES = [
    ("child_first_name_trgm", "USING gin ((UPPER(first_name::text)) gin_trgm_ops)"),
    ("child_last_name_trgm", "USING gin ((UPPER(last_name::text)) gin_trgm_ops)"),
    ("child_upn", "(upn)"),
    ("child_nhs_number", "(nhs_number)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_child {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
