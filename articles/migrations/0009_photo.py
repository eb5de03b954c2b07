"""Photos of a release as their own rows: an ordered set whose first photo is the main one.

Every release keeps its one photo (Article.image and its texts, size and renditions) as
its main photo; the file size is read once from the storage, so feeds never have to.
Going back copies each release's main photo to the Article fields again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models

BATCH = 500


def photos_from_articles(apps, schema_editor):
    from django.core.files.storage import default_storage

    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("articles", "Photo")
    db = schema_editor.connection.alias
    photos = []
    # Values, not instances: an Article instance with an image but no stored size would
    # open the file to measure it (ImageField's width_field), one storage read per release.
    rows = (
        Article.objects.using(db)
        .exclude(image="")
        .order_by("pk")
        .values(
            "pk",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "image_width",
            "image_height",
            "renditions",
        )
    )
    for row in rows.iterator():
        try:
            file_size = default_storage.size(row["image"])
        except (OSError, NotImplementedError):
            file_size = None  # a file that is gone: the feed leaves its enclosure out
        photos.append(
            Photo(
                article_id=row["pk"],
                image=row["image"],
                alt_text=row["image_alt"],
                caption=row["image_caption"],
                credit=row["image_credit"],
                order=0,
                width=row["image_width"],
                height=row["image_height"],
                file_size=file_size,
                renditions=row["renditions"] or {},
            )
        )
        if len(photos) >= BATCH:
            Photo.objects.using(db).bulk_create(photos)
            photos = []
    Photo.objects.using(db).bulk_create(photos)


def articles_from_photos(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("articles", "Photo")
    db = schema_editor.connection.alias
    seen = set()
    photos = Photo.objects.using(db).filter(article__isnull=False).order_by("article", "order", "pk")
    for photo in photos.iterator():
        if photo.article_id in seen:
            continue  # only the main photo fits the old fields
        seen.add(photo.article_id)
        Article.objects.using(db).filter(pk=photo.article_id).update(
            image=photo.image.name,
            image_alt=photo.alt_text,
            image_caption=photo.caption,
            image_credit=photo.credit,
            image_width=photo.width,
            image_height=photo.height,
            renditions=photo.renditions,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_withdrawn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Photo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("image", models.ImageField(max_length=200, upload_to=articles.models.image_upload_to, verbose_name="foto")),
                ("alt_text", models.CharField(blank=True, help_text="Apa yang terlihat di foto, untuk pembaca tunanetra.", max_length=300, verbose_name="teks alternatif")),
                ("caption", models.CharField(blank=True, max_length=500, verbose_name="keterangan foto")),
                ("credit", models.CharField(blank=True, max_length=200, verbose_name="kredit foto")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="urutan")),
                ("width", models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="lebar")),
                ("height", models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="tinggi")),
                ("file_size", models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="ukuran berkas")),
                ("renditions", models.JSONField(blank=True, default=dict, editable=False, verbose_name="turunan foto")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="diunggah")),
                ("article", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="articles.article", verbose_name="rilis")),
                ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="diunggah oleh")),
            ],
            options={
                "verbose_name": "foto",
                "verbose_name_plural": "foto",
                "ordering": ["order", "pk"],
                "indexes": [
                    models.Index(fields=["article", "order"], name="photo_article_order"),
                    models.Index(condition=models.Q(("article__isnull", True)), fields=["created_at"], name="photo_unattached"),
                ],
            },
        ),
        migrations.RunPython(photos_from_articles, articles_from_photos, elidable=False),
    ]
