"""Full-text search on PostgreSQL: a weighted tsvector column with a GIN index.

The text-search configuration differs per row (``turkish`` for Turkish
articles, ``english`` for English ones), so the vector is stored in its own
column, filled by a trigger on every write that touches title, summary, body or
language. A trigger, rather than a save() hook, keeps bulk_create(),
QuerySet.update() and raw imports correct too; a stored column, rather than an
expression index, lets ranking read the vector instead of re-parsing every
matching body. The column is not a model field, so ordinary queries never load
it; ``publications.search`` refers to it by name.

Other databases have no text search of their own and skip this migration; the
search falls back to substring matching there.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION publications_article_search_vector(
    title text, summary text, body text, language text
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(cfg, coalesce(title, '')), 'A')
        || setweight(to_tsvector(cfg, coalesce(summary, '')), 'B')
        || setweight(to_tsvector(cfg, coalesce(body, '')), 'C')
    FROM (
        SELECT CASE WHEN language = 'tr' THEN 'turkish'::regconfig
                    ELSE 'english'::regconfig END AS cfg
    ) AS config
$$;

CREATE FUNCTION publications_article_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := publications_article_search_vector(
        NEW.title, NEW.summary, NEW.body, NEW.language
    );
    RETURN NEW;
END
$$;

ALTER TABLE publications_article ADD COLUMN search_vector tsvector;

UPDATE publications_article SET search_vector =
    publications_article_search_vector(title, summary, body, language);

CREATE TRIGGER publications_article_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, body, language
    ON publications_article
    FOR EACH ROW EXECUTE FUNCTION publications_article_search_vector_update();

CREATE INDEX publications_article_search_idx
    ON publications_article USING gin (search_vector);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS publications_article_search_vector ON publications_article;
DROP INDEX IF EXISTS publications_article_search_idx;
ALTER TABLE publications_article DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS publications_article_search_vector_update();
DROP FUNCTION IF EXISTS publications_article_search_vector(text, text, text, text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0003_create_groups"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
