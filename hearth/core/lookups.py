"""`field__any=ids`: membership in a long collection of ids as one parameter.

`field__in=ids` sends one parameter per id, and Django walks a list or tuple item by item before it
gets there: for the thousand or more open cases of a service area, that cost more time than PostgreSQL
took to answer. On PostgreSQL `__any` sends the ids as one array literal (`field = ANY(%s::bigint[])`);
elsewhere it is the same `IN (...)` as `__in`. Pass the ids as a set (a list or tuple is walked item by
item first); values must be integers. Registered on every field in `CoreConfig.ready()`.
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject, Lookup


def pg_array(ids) -> str:
    """Integer ids as a PostgreSQL array literal: one short string to send, however many ids."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return sorted(int(value) for value in self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs
        if not values:
            return "1 = 0", list(lhs_params)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, pg_array(values)]
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *values]


def register() -> None:
    Field.register_lookup(Any)
    ForeignObject.register_lookup(Any)  # related fields keep lookups of their own
