"""Reader search's own index: the text of each live article, and a full-text index on it.

SQLite: an external-content FTS5 table over news_articlesearchtext, kept in step by
triggers (SQLite 3.40, Debian 12's, has no contentless delete, so the text stays in the
plain table and FTS5 holds only the index). PostgreSQL: tsvector columns generated from
the text, each with a GIN index; weights as Wagtail's backend gave them (headline and
tags B, the rest D), so ts_rank orders as before. The tables are filled by
`masthead update_index` or `masthead index_articles`, and kept by search/signals.py.
"""

from django.db import migrations, models

SQLITE = [
    (
        "CREATE VIRTUAL TABLE news_articlesearchtext_fts USING fts5("
        "title, body, tags, content='news_articlesearchtext', content_rowid='page_id')",
        "DROP TABLE IF EXISTS news_articlesearchtext_fts",
    ),
    (
        "CREATE TRIGGER news_articlesearchtext_insert AFTER INSERT ON news_articlesearchtext "
        "BEGIN INSERT INTO news_articlesearchtext_fts(rowid, title, body, tags) "
        "VALUES (new.page_id, new.title, new.body, new.tags); END",
        "DROP TRIGGER IF EXISTS news_articlesearchtext_insert",
    ),
    (
        "CREATE TRIGGER news_articlesearchtext_delete AFTER DELETE ON news_articlesearchtext "
        "BEGIN INSERT INTO news_articlesearchtext_fts(news_articlesearchtext_fts, rowid, "
        "title, body, tags) VALUES ('delete', old.page_id, old.title, old.body, old.tags); END",
        "DROP TRIGGER IF EXISTS news_articlesearchtext_delete",
    ),
    (
        "CREATE TRIGGER news_articlesearchtext_update AFTER UPDATE ON news_articlesearchtext "
        "BEGIN INSERT INTO news_articlesearchtext_fts(news_articlesearchtext_fts, rowid, "
        "title, body, tags) VALUES ('delete', old.page_id, old.title, old.body, old.tags); "
        "INSERT INTO news_articlesearchtext_fts(rowid, title, body, tags) "
        "VALUES (new.page_id, new.title, new.body, new.tags); END",
        "DROP TRIGGER IF EXISTS news_articlesearchtext_update",
    ),
]
POSTGRESQL = [
    (
        "ALTER TABLE news_articlesearchtext "
        "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('english'::regconfig, title), 'B')) STORED, "
        "ADD COLUMN body_vector tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('english'::regconfig, body), 'D') || "
        "setweight(to_tsvector('english'::regconfig, tags), 'B')) STORED",
        "ALTER TABLE news_articlesearchtext DROP COLUMN title_vector, DROP COLUMN body_vector",
    ),
    (
        "CREATE INDEX news_articlesearchtext_title_vector ON news_articlesearchtext "
        "USING gin (title_vector)",
        "DROP INDEX IF EXISTS news_articlesearchtext_title_vector",
    ),
    (
        "CREATE INDEX news_articlesearchtext_body_vector ON news_articlesearchtext "
        "USING gin (body_vector)",
        "DROP INDEX IF EXISTS news_articlesearchtext_body_vector",
    ),
]


def statements(vendor: str) -> list[tuple[str, str]]:
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])


def create_full_text_index(apps, schema_editor):
    for forward, _reverse in statements(schema_editor.connection.vendor):
        schema_editor.execute(forward)


def drop_full_text_index(apps, schema_editor):
    for _forward, reverse in reversed(statements(schema_editor.connection.vendor)):
        schema_editor.execute(reverse)


class Migration(migrations.Migration):
    dependencies = [("news", "0005_listing_indexes")]

    operations = [
        migrations.CreateModel(
            name="ArticleSearchText",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="news.articlepage",
                    ),
                ),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("tags", models.TextField()),
            ],
            options={"verbose_name": "article search text"},
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index),
    ]
