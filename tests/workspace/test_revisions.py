"""Restoring an older version keeps every address the release has had (a 301 to the current)."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.admin.test_admin import form_data
from tests.public.conftest import add_photo

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime(2024, 8, day, 15, 54, tzinfo=datetime.UTC)


def test_restoring_an_older_date_keeps_the_newer_address_answering(client, editor, unit):
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_add"),
        form_data(
            unit=unit.pk,
            publisher=True,
            title="Patroli Sore",
            body="<p>Isi.</p>",
            status="published",
            published_at="2024-08-30T15:54",
        ),
    )
    article = Article.objects.get()
    assert article.get_absolute_url() == "/berita/2024/08/30/patroli-sore/"
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(article, publisher=True, _action="update", published_at="2024-08-31T15:54"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/berita/2024/08/31/patroli-sore/"

    oldest = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    form = client.get(url).context["adminform"].form
    data = form_data(article, publisher=True, _action="update", published_at="2024-08-30T15:54")
    data["loaded_version"] = form["loaded_version"].value()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/berita/2024/08/30/patroli-sore/"

    client.logout()
    assert client.get("/berita/2024/08/30/patroli-sore/").status_code == 200
    moved = client.get("/berita/2024/08/31/patroli-sore/")
    assert moved.status_code == 301
    assert moved["Location"] == "/berita/2024/08/30/patroli-sore/"


def test_a_raw_restore_records_the_address_it_leaves(unit):
    """reversion's revert() saves rows raw, past Article.save(): the address is still kept."""
    import reversion

    with reversion.create_revision():
        article = Article.objects.create(
            title="Patroli Pagi",
            body="<p>Isi.</p>",
            unit=unit,
            status="published",
            published_at=at(30),
        )
    with reversion.create_revision():
        article.published_at = at(31)
        article.save()
    Version.objects.get_for_object(article).last().revision.revert()
    article.refresh_from_db()
    assert article.pub_date == datetime.date(2024, 8, 30)
    old = article.old_slugs.values_list("pub_date", "slug")
    assert list(old) == [(datetime.date(2024, 8, 31), "patroli-pagi")]


def test_two_versions_side_by_side_with_a_word_diff(client, editor, unit):
    import reversion

    with reversion.create_revision():
        article = Article.objects.create(
            title="Patroli Pagi",
            body="<p>Polsek Kaliwates menggelar patroli pagi di pasar.</p>",
            unit=unit,
        )
        article.tags.add("patroli")
    with reversion.create_revision():
        article.body = "<p>Polsek Kaliwates menggelar patroli malam di terminal.</p>"
        article.status = "review"
        article.save()
        article.tags.add("terminal")
    client.force_login(editor)
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert reverse("workspace:compare", args=[article.pk]) in history
    page = client.get(reverse("workspace:compare", args=[article.pk]))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    rows = {str(row["label"]): row for row in page.context["rows"]}
    assert not rows["Judul"]["changed"]
    assert str(rows["Isi"]["old"]) == (
        "Polsek Kaliwates menggelar patroli <del>pagi</del> di <del>pasar.</del>"
    )
    assert str(rows["Isi"]["new"]) == (
        "Polsek Kaliwates menggelar patroli <ins>malam</ins> di <ins>terminal.</ins>"
    )
    assert rows["Tag"]["old"] == "patroli" and rows["Tag"]["new"] == "patroli, terminal"
    assert rows["Status dan waktu terbit"]["old"].startswith("Draf")
    assert rows["Status dan waktu terbit"]["new"].startswith("Menunggu tinjauan")
    text = page.text
    assert "Pulihkan versi" in text and "Bandingkan" in text
    restore = client.get(page.context["restore_url"]).text
    assert "Pulihkan versi ini?" in restore and "Ya, pulihkan versi ini" in restore


def test_a_reporter_compares_but_cannot_restore(client, reporter, unit):
    import reversion

    for title in ("Satu", "Dua"):
        with reversion.create_revision():
            article = Article.objects.filter(unit=unit).first() or Article(unit=unit, body="x")
            article.title = title
            article.created_by = reporter
            article.save()
    client.force_login(reporter)
    page = client.get(reverse("workspace:compare", args=[article.pk]))
    assert page.status_code == 200
    assert not page.context["can_restore"]
    client.logout()
    assert client.get(reverse("workspace:compare", args=[article.pk])).status_code == 302


def test_the_comparison_lists_the_photos_of_each_version_main_first(client, editor, unit):
    import reversion

    with reversion.create_revision():
        article = Article.objects.create(title="Patroli", body="<p>Isi.</p>", unit=unit)
        add_photo(article, caption="Patroli di pasar")
    with reversion.create_revision():
        add_photo(article, caption="Patroli di terminal")
        first = article.photos.get(caption="Patroli di pasar")
        first.order = 5  # the terminal photo becomes the main one
        first.save()
        article.save()
    client.force_login(editor)
    page = client.get(reverse("workspace:compare", args=[article.pk]))
    row = {str(row["label"]): row for row in page.context["rows"]}["Foto (yang pertama foto utama)"]
    assert row["changed"]
    assert row["old"].endswith("(Patroli di pasar)") and ";" not in row["old"]
    terminal, pasar = row["new"].split("; ")
    assert terminal.endswith("(Patroli di terminal)") and pasar.endswith("(Patroli di pasar)")
