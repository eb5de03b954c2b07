import datetime

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, UnitFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(article=None, publisher=False, **overrides):
    """The POST of the release form as the browser sends it, for the given role."""
    data = {
        "title": "Polsek Kaliwates Amankan Pencuri Motor",
        "slug": "",
        "dateline": "Jember",
        "lead": "Pelaku diamankan warga.",
        "body": "<p>Jember - Polsek Kaliwates mengamankan pelaku.</p>",
        "editor_initials": "AR",
        "tags": "curanmor, kaliwates",
        "status": "draft",
        "has_time": "on",
        "source_name": "",
        "source_url": "",
        "loaded_version": "",
    }
    if article is not None:
        article.refresh_from_db()
        data.update(
            title=article.title,
            slug=article.slug,
            body=article.body,
            unit=str(article.unit_id),
            status=article.status,
            loaded_version=article.updated_at.isoformat(),
        )
        data["authors"] = [str(a.pk) for a in article.authors.all()]
        data["tags"] = ", ".join(t.name for t in article.tags.all())
        if publisher:
            local = timezone.localtime(article.published_at) if article.published_at else None
            data["published_at_0"] = local.strftime("%Y-%m-%d") if local else ""
            data["published_at_1"] = local.strftime("%H:%M:%S") if local else ""
            if article.featured:
                data["featured"] = "on"
    elif publisher:
        data.update(published_at_0="", published_at_1="")
    data.update(photo_rows(article))
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def photo_rows(article=None, new=()):
    """The photo inline's part of the POST: the release's photos, then new uploads.

    new: (Photo, alt text) pairs of uploads the form refers to.
    """
    photos = list(article.photos.all()) if article is not None and article.pk else []
    data = {
        "photos-TOTAL_FORMS": str(len(photos) + len(new)),
        "photos-INITIAL_FORMS": str(len(photos)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for number, photo in enumerate(photos):
        data.update(
            {
                f"photos-{number}-id": str(photo.pk),
                f"photos-{number}-article": str(article.pk),
                f"photos-{number}-alt_text": photo.alt_text,
                f"photos-{number}-caption": photo.caption,
                f"photos-{number}-credit": photo.credit,
                f"photos-{number}-order": str(photo.order),
            }
        )
    for number, (photo, alt_text) in enumerate(new, start=len(photos)):
        data.update(
            {
                f"photos-{number}-upload": str(photo.pk),
                f"photos-{number}-alt_text": alt_text,
                f"photos-{number}-caption": "",
                f"photos-{number}-credit": "",
                f"photos-{number}-order": str(number),
            }
        )
    return data


def own_draft(reporter, unit, **kwargs):
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, unit=unit, created_by=reporter, **kwargs
    )
    article.authors.add(reporter.author)
    return article


# Roles: reporters


def test_reporter_new_release_form_has_their_author_and_unit(client, reporter, unit):
    client.force_login(reporter)
    page = client.get(ADD_URL)
    form = page.context["adminform"].form
    assert form.initial["authors"] == [reporter.author.pk]
    assert form.initial["unit"] == unit.pk
    # Publication time and featuring are shown, not offered.
    assert 'name="published_at_0"' not in page.text and 'name="featured"' not in page.text


def test_reporter_adds_a_release_and_submits_it_for_review(client, reporter, unit):
    client.force_login(reporter)
    response = client.post(
        ADD_URL, form_data(unit=unit.pk, authors=[reporter.author.pk], status="review")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "dikirim ke editor" in client.get(response["Location"]).text
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.created_by == reporter
    assert list(article.authors.all()) == [reporter.author]
    assert sorted(t.name for t in article.tags.all()) == ["curanmor", "kaliwates"]
    assert article.published_at is None


def test_reporter_crafted_post_with_published_status_is_refused(client, reporter, unit):
    client.force_login(reporter)
    response = client.post(ADD_URL, form_data(unit=unit.pk, status="published"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_reporter_crafted_post_with_publication_time_is_refused(client, reporter, unit):
    article = own_draft(reporter, unit)
    client.force_login(reporter)
    response = client.post(
        change_url(article),
        form_data(article, published_at_0="2020-01-01", published_at_1="08:00:00"),
    )
    assert response.status_code == 200
    assert "Hanya editor" in str(response.context["adminform"].form.non_field_errors())
    article.refresh_from_db()
    assert article.published_at is None


def test_reporter_crafted_post_featuring_a_release_is_refused(client, reporter, unit):
    article = own_draft(reporter, unit)
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, featured="on", title="Baru"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert not article.featured and article.title != "Baru"


def test_reporter_edits_own_release_while_waiting_for_review(client, reporter, unit):
    article = own_draft(reporter, unit)
    article.status = Article.Status.REVIEW
    article.save()
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, title="Judul diperbaiki"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Judul diperbaiki" and article.status == Article.Status.REVIEW


def test_reporter_cannot_edit_another_reporters_release(client, reporter, other_reporter, unit):
    article = own_draft(other_reporter, unit)
    client.force_login(reporter)
    page = client.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = client.post(change_url(article), form_data(article, title="Dibajak"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Dibajak"


def test_reporter_cannot_edit_own_published_release(client, reporter, unit):
    article = own_draft(reporter, unit)
    article.publish()
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, status="draft"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.is_public


def test_reporter_cannot_delete_even_own_draft(client, reporter, unit):
    article = own_draft(reporter, unit)
    client.force_login(reporter)
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_run_publishing_actions(client, reporter, unit):
    article = own_draft(reporter, unit)
    client.force_login(reporter)
    for action in ("publish_now", "feature", "unpublish"):
        client.post(LIST_URL, {"action": action, "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.featured


def test_reporter_cannot_restore_old_versions(client, reporter, editor, unit):
    article = own_draft(reporter, unit)
    client.force_login(editor)
    client.post(change_url(article), form_data(article, publisher=True, title="Versi editor"))
    version = Version.objects.get_for_object(article).first()
    client.force_login(reporter)
    url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 403


def test_publish_model_method_refuses_a_reporter(reporter, unit):
    from django.core.exceptions import PermissionDenied

    article = own_draft(reporter, unit)
    with pytest.raises(PermissionDenied):
        article.publish(by=reporter)


# Roles: editors


def test_editor_publishes_through_the_form_and_the_time_is_set(client, editor, unit):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, unit=unit)
    client.force_login(editor)
    response = client.post(
        change_url(article), form_data(article, publisher=True, status="published")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editor_schedules_a_release_that_appears_by_itself(client, editor, unit):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, unit=unit)
    later = timezone.localtime() + datetime.timedelta(hours=2)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            publisher=True,
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(later + datetime.timedelta(seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.get(pk=article.pk).published_at == article.published_at


def test_editor_edits_any_release_and_deletes(client, editor, reporter, unit):
    article = own_draft(reporter, unit)
    client.force_login(editor)
    response = client.post(
        change_url(article), form_data(article, publisher=True, title="Disunting")
    )
    assert response.status_code == 302
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "action, start, check, message",
    [
        (
            "publish_now",
            {"status": "review", "published_at": None},
            lambda a: a.is_public,
            "Diterbitkan",
        ),
        ("unpublish", {}, lambda a: a.status == "draft", "Ditarik"),
        ("feature", {}, lambda a: a.featured, "rekomendasi"),
        ("unfeature", {"featured": True}, lambda a: not a.featured, "Dihapus dari rekomendasi"),
    ],
)
def test_editor_actions_change_the_release_and_are_logged(
    client, editor, unit, action, start, check, message
):
    article = ArticleFactory(unit=unit, **start)
    client.force_login(editor)
    response = client.post(LIST_URL, {"action": action, "_selected_action": [article.pk]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert check(article)
    entry = LogEntry.objects.get(object_id=str(article.pk), action_flag=CHANGE)
    assert entry.user == editor and message in entry.get_change_message()
    assert Version.objects.get_for_object(article).first().revision.user == editor


def action_messages(response):
    return [str(m) for m in response.context["messages"]]


def logged_releases():
    return sorted(
        int(pk)
        for pk in LogEntry.objects.filter(action_flag=CHANGE).values_list("object_id", flat=True)
    )


@pytest.mark.parametrize(
    "action, changed, unchanged, message",
    [
        ("publish_now", {"status": "review", "published_at": None}, {}, "2 rilis diterbitkan."),
        ("unpublish", {}, {"status": "draft", "published_at": None}, "2 rilis ditarik."),
        ("feature", {}, {"featured": True}, "2 rilis diubah."),
        ("unfeature", {"featured": True}, {}, "2 rilis diubah."),
    ],
)
def test_actions_count_and_log_only_the_releases_they_changed(
    client, editor, unit, action, changed, unchanged, message
):
    to_change = ArticleFactory.create_batch(2, unit=unit, **changed)
    left_alone = ArticleFactory(unit=unit, **unchanged)
    client.force_login(editor)
    selected = [a.pk for a in [*to_change, left_alone]]
    response = client.post(LIST_URL, {"action": action, "_selected_action": selected}, follow=True)
    assert action_messages(response) == [message]
    assert logged_releases() == sorted(a.pk for a in to_change)


def test_revoking_preview_links_from_the_list_gives_each_release_a_new_token(client, editor, unit):
    articles = ArticleFactory.create_batch(2, unit=unit)
    tokens = {a.pk: a.preview_token for a in articles}
    client.force_login(editor)
    response = client.post(
        LIST_URL,
        {"action": "revoke_preview_links", "_selected_action": list(tokens)},
        follow=True,
    )
    assert action_messages(response) == ["Tautan pratinjau lama tidak berlaku lagi."]
    for article in articles:
        article.refresh_from_db()
        assert article.preview_token != tokens[article.pk]
    assert logged_releases() == sorted(tokens)
    assert {e.get_change_message() for e in LogEntry.objects.all()} == {"Tautan pratinjau dicabut."}


def test_slug_is_read_only_once_published(client, editor, unit):
    article = ArticleFactory(unit=unit, slug="judul-asli")
    client.force_login(editor)
    response = client.post(change_url(article), form_data(article, publisher=True, slug="lain"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "judul-asli"


def test_view_on_site_only_for_public_releases(client, editor, unit):
    public = ArticleFactory(unit=unit)
    draft = ArticleFactory(unit=unit, status="draft", published_at=None)
    client.force_login(editor)
    assert client.get(change_url(public)).context["has_absolute_url"]
    page = client.get(change_url(draft))
    assert not page.context["has_absolute_url"]
    assert f"/admin/articles/article/{draft.pk}/pratinjau/" in page.text


# Writing


def test_body_is_sanitised_whatever_the_browser_sent(client, editor, unit):
    client.force_login(editor)
    body = '<p onclick="x()">Isi <script>alert(1)</script><a href="javascript:alert(1)">t</a></p><h1>H</h1>'
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body=body))
    assert response.status_code == 302
    stored = Article.objects.get().body
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored
    assert "<h1>" not in stored


def test_editor_extensions_produce_only_allowed_tags():
    from django_prose_editor.config import allowlist_from_extensions, expand_extensions

    from articles.forms import EDITOR_EXTENSIONS
    from articles.html import ALLOWED_TAGS

    tags = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))["tags"]
    assert tags <= ALLOWED_TAGS
    assert {"p", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote"} <= tags


def test_unit_autocomplete_shows_the_hierarchy(client, reporter):
    polres = UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")
    UnitFactory(name="Polsek Kaliwates", slug="polsek-kaliwates", parent=polres)
    client.force_login(reporter)
    url = reverse("admin:articles_article_unit_autocomplete")
    response = client.get(
        url,
        {
            "term": "Kaliwates",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "unit",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Polres Jember › Polsek Kaliwates"]


# No lost edits


def test_stale_save_is_refused_and_nothing_is_overwritten(client, editor, editor2, unit):
    article = ArticleFactory(unit=unit, title="Judul awal")
    client.force_login(editor)
    opened = form_data(article, publisher=True)  # editor opens the form
    other = form_data(article, publisher=True, title="Judul dari editor kedua")
    Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at)  # unchanged
    client.force_login(editor2)
    assert client.post(change_url(article), other).status_code == 302
    client.force_login(editor)
    response = client.post(change_url(article), {**opened, "title": "Judul editor pertama"})
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "sudah diubah orang lain" in errors
    assert f'href="{change_url(article)}"' in response.text
    article.refresh_from_db()
    assert article.title == "Judul dari editor kedua"


def test_save_on_the_latest_version_goes_through(client, editor, unit):
    article = ArticleFactory(unit=unit)
    client.force_login(editor)
    first = client.post(change_url(article), form_data(article, publisher=True, title="Satu"))
    second = client.post(change_url(article), form_data(article, publisher=True, title="Dua"))
    assert first.status_code == second.status_code == 302
    article.refresh_from_db()
    assert article.title == "Dua"


# Revisions


def test_every_save_is_a_revision_with_its_author_and_can_be_restored(client, editor, unit):
    client.force_login(editor)
    client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, title="Versi satu", tags="awal"))
    article = Article.objects.get()
    client.post(
        change_url(article), form_data(article, publisher=True, title="Versi dua", tags="baru")
    )
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}
    oldest = versions.last()
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200 and "Versi" in history.text
    url = f"/admin/articles/article/{article.pk}/history/{oldest.pk}/"
    restore_form = client.get(url).context["adminform"].form
    data = form_data(article, publisher=True, title="Versi satu", tags="awal")
    data["loaded_version"] = restore_form["loaded_version"].value()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Versi satu"
    assert [t.name for t in article.tags.all()] == ["awal"]


# Lists and dashboard


def test_list_searches_reporters_and_filters_waiting_for_review(client, editor, unit):
    author = AuthorFactory(name="Aipda Budi Santoso")
    waiting = ArticleFactory(unit=unit, status="review", published_at=None, title="Menunggu")
    waiting.authors.add(author)
    ArticleFactory(unit=unit, title="Sudah terbit")
    client.force_login(editor)
    found = client.get(LIST_URL, {"q": "Budi"})
    assert [a.title for a in found.context["cl"].result_list] == ["Menunggu"]
    review = client.get(LIST_URL, {"status__exact": "review"})
    assert [a.title for a in review.context["cl"].result_list] == ["Menunggu"]


def test_admin_index_shows_waiting_scheduled_and_last_published(client, editor, unit):
    ArticleFactory(unit=unit, status="review", published_at=None, title="Rilis menunggu")
    ArticleFactory(
        unit=unit, title="Rilis terjadwal", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    ArticleFactory(unit=unit, title="Rilis terbit")
    client.force_login(editor)
    page = client.get("/admin/").text
    waiting, scheduled, published = (
        page.index("menunggu-tinjauan"),
        page.index('id="terjadwal"'),
        page.index("terakhir-terbit"),
    )
    assert waiting < page.index("Rilis menunggu") < scheduled
    assert scheduled < page.index("Rilis terjadwal") < published
    assert published < page.index("Rilis terbit")


def test_body_editor_import_map_carries_the_csp_nonce(client, editor):
    import re

    client.force_login(editor)
    page = client.get(ADD_URL)
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    import_map = re.search(r"<script[^>]*type=\"importmap\"[^>]*>", page.text).group(0)
    assert f'nonce="{nonce}"' in import_map
    # Pages without inline code get no nonce at all.
    assert "nonce-" not in client.get(LIST_URL)["Content-Security-Policy"]


def test_publishing_through_the_form_is_in_the_admin_log(client, editor, unit):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, unit=unit)
    client.force_login(editor)
    client.post(change_url(article), form_data(article, publisher=True, status="published"))
    entry = LogEntry.objects.get(object_id=str(article.pk), action_flag=CHANGE)
    assert entry.user == editor and "Status" in entry.get_change_message()


def test_release_list_runs_the_same_number_of_queries_for_1_and_20_releases(client, editor, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def list_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    client.force_login(editor)
    author = AuthorFactory()
    ArticleFactory(unit=unit, authors=[author], tags=["satu"])
    one = list_queries()
    for n in range(19):
        ArticleFactory(unit=UnitFactory(), authors=[AuthorFactory()], tags=[f"tag{n}"])
    assert list_queries() == one


def test_an_empty_editor_body_is_refused(client, editor, unit):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body="<p></p>"))
    assert response.status_code == 200
    assert "Isi rilis masih kosong." in str(response.context["adminform"].form.errors["body"])


def test_delete_permission_alone_does_not_let_a_reporter_delete(client, reporter, unit):
    from django.contrib.auth.models import Permission

    reporter.user_permissions.add(Permission.objects.get(codename="delete_article"))
    article = own_draft(reporter, unit)
    client.force_login(reporter)
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_publishing_two_releases_with_the_same_address_today_explains_instead_of_failing(
    client, editor, unit
):
    ArticleFactory(unit=unit, slug="patroli", published_at=timezone.now())
    twin = ArticleFactory(unit=unit, slug="patroli", status="review", published_at=None)
    client.force_login(editor)
    response = client.post(
        LIST_URL, {"action": "publish_now", "_selected_action": [twin.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "sudah memakai alamat" in response.text
    twin.refresh_from_db()
    assert twin.status == Article.Status.REVIEW


def test_a_release_refused_for_its_address_leaves_the_rest_of_the_selection_published(
    client, editor, unit
):
    ArticleFactory(unit=unit, slug="patroli", published_at=timezone.now())
    twin = ArticleFactory(
        unit=unit, slug="patroli", title="Patroli Kedua", status="review", published_at=None
    )
    other = ArticleFactory(unit=unit, slug="razia", status="review", published_at=None)
    client.force_login(editor)
    response = client.post(
        LIST_URL, {"action": "publish_now", "_selected_action": [twin.pk, other.pk]}, follow=True
    )
    refused, done = action_messages(response)
    assert "\u201cPatroli Kedua\u201d tidak diterbitkan" in refused and "patroli" in refused
    assert done == "1 rilis diterbitkan."
    other.refresh_from_db()
    assert other.is_public
    assert logged_releases() == [other.pk]


def test_form_refuses_an_address_already_used_that_day(client, editor, unit):
    ArticleFactory(unit=unit, slug="patroli", published_at=timezone.now())
    twin = ArticleFactory(unit=unit, slug="patroli", status="review", published_at=None)
    client.force_login(editor)
    response = client.post(change_url(twin), form_data(twin, publisher=True, status="published"))
    assert response.status_code == 200
    assert "patroli" in str(response.context["adminform"].form.errors["slug"])
    twin.refresh_from_db()
    assert twin.status == Article.Status.REVIEW


def test_body_editor_dialogs_speak_indonesian(client, editor):
    client.force_login(editor)
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert "Ubah tautan" in catalog


def test_reporter_cannot_recover_their_own_deleted_release(client, reporter, editor, unit):
    article = own_draft(reporter, unit)
    client.force_login(editor)
    client.post(change_url(article), form_data(article, publisher=True, title="Versi editor"))
    version = Version.objects.get_for_object(article).first()
    client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    client.force_login(reporter)
    assert client.get(f"/admin/articles/article/recover/{version.pk}/").status_code == 403
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/recover/{version.pk}/").status_code == 200


def test_only_editors_see_and_recover_deleted_releases(client, reporter, editor):
    url = "/admin/articles/article/recover/"
    client.force_login(reporter)
    assert client.get(url).status_code == 403
    assert "Pulihkan rilis terhapus" not in client.get(LIST_URL).text
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert "Pulihkan rilis terhapus" in client.get(LIST_URL).text


def test_releases_an_import_held_are_on_the_dashboard_with_notes_and_in_a_filter(
    client, editor, unit
):
    ArticleFactory(
        unit=unit,
        status="review",
        title="Rilis diragukan",
        import_unsure=True,
        import_notes="Perlu dicek: foto utama tidak terbawa (tanpa --media): 2024/09/a.jpg",
    )
    ArticleFactory(unit=unit, status="review", title="Rilis biasa")
    ArticleFactory(unit=unit, title="Sudah terbit", import_unsure=True, import_notes="x")
    client.force_login(editor)
    page = client.get("/admin/").text
    held = page[page.index('id="ditahan-impor"') : page.index('id="menunggu-tinjauan"')]
    assert "Rilis diragukan" in held and "2024/09/a.jpg" in held
    assert "Rilis biasa" not in held and "Sudah terbit" not in held
    listed = client.get("/admin/articles/article/?impor=perlu-dicek")
    assert "Perlu dicek (impor)" in listed.text
    assert [a.title for a in listed.context["cl"].result_list] == ["Rilis diragukan"]
    article = Article.objects.get(title="Rilis diragukan")
    change = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "Catatan impor" in change and "2024/09/a.jpg" in change


def test_the_dashboard_has_no_held_box_when_nothing_is_held(client, editor, unit):
    client.force_login(editor)
    assert 'id="ditahan-impor"' not in client.get("/admin/").text
