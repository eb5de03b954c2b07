"""Search on PostgreSQL reads a stored vector, and typos are matched against a table of words.

- articles_article.search_vector: a generated column (title A, lead B, body C, through the
  'simple_unaccent' configuration of migration 0003), kept by the database on every insert and
  update, with a GIN index. It replaces 0003's expression index: a query had to repeat that
  expression exactly to use it, and ranking recomputed to_tsvector for every match.
- articles_searchword: every word of the published releases once, with a trigram index
  (pg_trgm), for "Mungkin maksud Anda". Statement-level triggers add the words of inserted and
  updated rows, so bulk imports pay once per statement. Drafts add none: a suggestion must not
  reveal what an unpublished release says. Words of deleted, withdrawn or still scheduled
  releases may be there; articles.search only suggests what finds a public release.

The model knows neither (articles.search reads them), so SQLite and makemigrations are
unaffected; on other databases this migration does nothing.
"""

from django.db import migrations

CONFIG = "simple_unaccent"
# Words worth suggesting: letters only (after unaccent), not too short, not a token of junk.
WORD_PATTERN = "^[a-z]{3,30}$"

FORWARD = [
    f"""
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(lead, '')), 'B')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_vector ON articles_article USING gin (search_vector)",
    "DROP INDEX IF EXISTS article_search",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE articles_searchword (word text PRIMARY KEY)",
    "CREATE INDEX articles_searchword_trigram ON articles_searchword USING gin (word gin_trgm_ops)",
    # Sorted inserts: two imports adding the same new words wait for each other, never deadlock.
    f"""
    CREATE FUNCTION articles_add_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO articles_searchword (word)
        SELECT DISTINCT lexeme FROM new_rows, unnest(new_rows.search_vector)
        WHERE new_rows.status = 'published' AND lexeme ~ '{WORD_PATTERN}'
        ORDER BY lexeme
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_search_words_on_insert AFTER INSERT ON articles_article
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION articles_add_search_words()
    """,
    """
    CREATE TRIGGER articles_search_words_on_update AFTER UPDATE ON articles_article
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION articles_add_search_words()
    """,
    f"""
    INSERT INTO articles_searchword (word)
    SELECT DISTINCT lexeme FROM articles_article, unnest(search_vector)
    WHERE status = 'published' AND lexeme ~ '{WORD_PATTERN}'
    ON CONFLICT DO NOTHING
    """,
    "ANALYZE articles_article",
    "ANALYZE articles_searchword",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_words_on_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_words_on_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_add_search_words()",
    "DROP TABLE IF EXISTS articles_searchword",
    f"""
    CREATE INDEX IF NOT EXISTS article_search ON articles_article USING gin ((
        setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(lead, '')), 'B')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(body, '')), 'C')
    ))
    """,
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_search_index"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD), elidable=False
        ),
    ]
