"""Pieces of the few queries written as SQL rather than through the ORM.

The pages read on every visit (an article, its related pieces) ask for a
handful of rows with fixed conditions; built through the ORM, those queries
cost more time in Python than the database takes to answer them.
"""

from django.db import connection


def table(model) -> str:
    """The model's table name, quoted."""
    return connection.ops.quote_name(model._meta.db_table)


def columns(model, *, without: tuple[str, ...] = ()) -> str:
    """The model's columns but the fields named in `without`, for a SELECT."""
    name, quote = table(model), connection.ops.quote_name
    return ", ".join(
        f"{name}.{quote(field.column)}"
        for field in model._meta.concrete_fields
        if field.name not in without
    )


def json_rows(values: list[str], source: str, order: str) -> str:
    """A subquery giving `values` of each row of `source` as JSON text.

    `values` are SQL expressions, one per item of a row's array; `source` is
    what follows FROM (tables and conditions); the rows come in `order`. No
    rows give "[]".
    """
    values = ", ".join(values)
    if connection.vendor == "postgresql":
        return (
            f"(SELECT COALESCE(json_agg(json_build_array({values}) ORDER BY {order}),"
            f" '[]')::text FROM {source})"
        )
    # SQLite keeps a subquery's order when it aggregates over it.
    return (
        f"(SELECT json_group_array(json(r)) FROM"
        f" (SELECT json_array({values}) AS r FROM {source} ORDER BY {order}))"
    )
