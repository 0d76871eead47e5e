"""The search column is stemmed as Indonesian (PostgreSQL's Snowball stemmer, behind unaccent).

A generated column's expression cannot be altered in place: it is dropped and added again,
which PostgreSQL fills for every row (about a minute at a million reports).
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION lapor_indonesian (COPY = pg_catalog.indonesian);
ALTER TEXT SEARCH CONFIGURATION lapor_indonesian
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, indonesian_stem;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0019_public_list_index"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(CREATE_CONFIG, "DROP TEXT SEARCH CONFIGURATION lapor_indonesian"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_search"),
        migrations.RemoveField(model_name="complaint", name="search"),
        migrations.AddField(
            model_name="complaint",
            name="search",
            field=models.GeneratedField(
                db_persist=True,
                expression=SearchVector("title", weight="A", config="lapor_indonesian")
                + SearchVector("description", weight="B", config="lapor_indonesian"),
                output_field=SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=GinIndex(fields=["search"], name="complaint_search"),
        ),
    ]
