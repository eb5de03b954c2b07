from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_withdrawn"),
        ("articles", "0007_merge_operation_unit_aliases"),
    ]

    operations = []
