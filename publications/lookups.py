"""Query expressions the ORM lacks."""

from django.db.models import BooleanField, Func


class InSubquery(Func):
    """`expression IN (subquery)`, written so PostgreSQL can OR several of them.

    PostgreSQL reads `x IN (SELECT … LIMIT n) OR x IN (…)` as a filter on every
    row of the table; as `x = ANY(ARRAY(SELECT …))` each subquery runs once and
    its values are looked up in the index (a BitmapOr). Elsewhere, plain IN.
    """

    arity = 2
    output_field = BooleanField()
    template = "%(expressions)s"
    arg_joiner = " IN "

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="%(expressions)s)",
            arg_joiner=" = ANY(ARRAY",
            **extra_context,
        )
