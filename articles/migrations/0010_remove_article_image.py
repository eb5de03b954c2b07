"""The photo fields of Article are gone: 0006 moved each release's photo to a Photo row.

A migration of its own: on PostgreSQL the rows 0006 wrote still have deferred foreign-key
checks pending in its transaction, and the table they point at cannot be altered then.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_photo")]

    operations = [
        migrations.RemoveField(model_name="article", name=name)
        for name in (
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "image_height",
            "image_width",
            "renditions",
        )
    ]
