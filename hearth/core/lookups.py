"""`field__any=[...]`: membership in a long list of ids as one parameter.

`field__in=ids` sends one parameter per id: for the few thousand open cases of a service area, preparing
and binding them cost more time than PostgreSQL took to answer. On PostgreSQL `__any` sends the list as
one array (`field = ANY(%s)`); elsewhere it is the same `IN (...)` as `__in`. Values must be plain
integers (ids); registered on every field in `CoreConfig.ready()`.
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject, Lookup


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", list(lhs_params)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *values]


def register() -> None:
    Field.register_lookup(Any)
    ForeignObject.register_lookup(Any)  # related fields keep lookups of their own
