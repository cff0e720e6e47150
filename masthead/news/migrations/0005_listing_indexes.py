from django.db import migrations, models

# Wagtail's page table has no index that serves "the live articles under this section"
# (its path index cannot be combined with the type, the state and the depth), so counting
# a section's articles read every page row. This one answers the count from the index.
# `live` comes last: Django writes the condition as a bare boolean, which SQLite can
# check inside an index but not seek on.
PAGE_TREE_INDEX = "news_page_type_depth_path_live"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_alter_articlepage_body"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {PAGE_TREE_INDEX} ON wagtailcore_page "
            "(content_type_id, depth, path, live)",
            f"DROP INDEX {PAGE_TREE_INDEX}",
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(fields=["tag", "content_object"], name="articletag_tag_article"),
        ),
    ]
