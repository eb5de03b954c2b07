"""The data migrations survive a round trip: forward, backward and forward again."""

import importlib

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, Photo
from tests.factories import ArticleFactory, UnitFactory

ROLES = importlib.import_module("articles.migrations.0002_roles").ROLES
# Apps whose own migrations give the groups their permissions.
OTHER_ROLES = {
    "operations": importlib.import_module("operations.migrations.0002_roles").ROLES,
    "screening": importlib.import_module("screening.migrations.0003_roles").ROLES,
    "office": {
        "Editor": importlib.import_module("office.migrations.0002_editor_permissions").CODENAMES
    },
    "corrections": {
        "Editor": importlib.import_module("corrections.migrations.0002_roles").EDITOR_PERMISSIONS
    },
}
BEFORE_ROLES = [("articles", "0001_initial")]
BEFORE_SEARCH = [("articles", "0002_roles")]


@pytest.fixture
def migrate():
    """Migrate the test database to the given targets; at the end, back to the latest migration."""
    executor = MigrationExecutor(connection)

    def run(targets=None):
        executor.loader.build_graph()  # see what the previous run applied or unapplied
        executor.migrate(targets or executor.loader.graph.leaf_nodes())

    yield run
    run()


def permissions(group):
    return {(p.content_type.app_label, p.codename) for p in group.permissions.all()}


def memberships():
    return {
        (user.username, group.name)
        for group in Group.objects.all()
        for user in group.user_set.all()
    }


@pytest.mark.django_db(transaction=True)
def test_roles_round_trip_keeps_groups_members_and_permissions(migrate):
    # Transactional tests flush the tables, the groups included: the first pass creates them.
    migrate(BEFORE_ROLES)
    migrate()
    reporter, editor = Group.objects.get(name="Reporter"), Group.objects.get(name="Editor")
    for n in range(20):
        User.objects.create_user(f"wartawan{n}").groups.add(reporter)
    User.objects.create_user("editor").groups.add(editor)
    before = memberships()
    assert len(before) == 21

    migrate(BEFORE_ROLES)
    assert memberships() == before

    migrate()
    assert memberships() == before
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Editor", "Reporter"]
    for name, codenames in ROLES.items():
        expected = set(codenames) | {
            (app, codename)
            for app, roles in OTHER_ROLES.items()
            for codename in roles.get(name, [])
        }
        assert permissions(Group.objects.get(name=name)) == expected, name


@pytest.mark.django_db(transaction=True)
def test_search_index_round_trip_keeps_releases_and_search(migrate):
    release = ArticleFactory(title="Polsek Kaliwates Ungkap Curanmor", unit=UnitFactory())

    migrate(BEFORE_SEARCH)
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    assert not {"article_search", "article_search_vector"} & set(indexes)

    migrate()
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    # 0005 replaces 0003's expression index with one on the stored search vector.
    assert ("article_search_vector" in indexes) == (connection.vendor == "postgresql")
    assert list(Article.objects.published().search("kaliwates")) == [release]


BEFORE_PHOTOS = [("articles", "0008_article_withdrawn")]


def old_models():
    """Return the Unit and Article models as they were before photos had their own rows."""
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(BEFORE_PHOTOS[0])
    return state.apps.get_model("articles", "Unit"), state.apps.get_model("articles", "Article")


@pytest.mark.django_db(transaction=True)
def test_photos_migration_keeps_each_release_photo_as_its_main_photo(migrate):
    migrate(BEFORE_PHOTOS)
    OldUnit, OldArticle = old_models()
    unit = OldUnit.objects.create(name="Polres Jember", slug="polres-jember", kind="polres")
    name = default_storage.save("releases/ab/" + "a" * 32 + ".jpg", ContentFile(b"x" * 1234))
    renditions = {"thumb": {"width": 480, "height": 270, "jpeg": "releases/ab/t.jpg"}}
    common = {"unit": unit, "body": "<p>Isi.</p>", "status": "draft"}
    with_photo = OldArticle.objects.create(
        title="Dengan foto",
        slug="dengan-foto",
        image=name,
        image_width=1600,
        image_height=900,
        image_alt="Polisi berjaga",
        image_caption="Pengamanan KPU",
        image_credit="Humas",
        renditions=renditions,
        **common,
    )
    gone = OldArticle.objects.create(
        title="Berkas hilang",
        slug="berkas-hilang",
        image="releases/cd/" + "b" * 32 + ".jpg",
        image_width=800,
        image_height=600,
        **common,
    )
    without = OldArticle.objects.create(title="Tanpa foto", slug="tanpa-foto", **common)

    migrate()
    photo = Photo.objects.get(article_id=with_photo.pk)
    assert (photo.image.name, photo.alt_text, photo.caption, photo.credit) == (
        name,
        "Polisi berjaga",
        "Pengamanan KPU",
        "Humas",
    )
    assert (photo.width, photo.height, photo.order, photo.renditions) == (1600, 900, 0, renditions)
    assert photo.file_size == 1234  # read once from the storage, so feeds never have to
    assert Article.objects.get(pk=with_photo.pk).main_photo == photo
    # A photo whose file is gone still moves; only its size is unknown.
    assert Photo.objects.get(article_id=gone.pk).file_size is None
    assert not Photo.objects.filter(article_id=without.pk).exists()
    assert Photo.objects.count() == 2

    # Back: the main photo returns to the release's own fields, a second photo cannot.
    Photo.objects.create(article_id=with_photo.pk, image="releases/ef/x.jpg", order=1)
    migrate(BEFORE_PHOTOS)
    _, OldArticle = old_models()
    fields = ["image", "image_alt", "image_caption", "image_credit", "image_width", "image_height"]
    back = OldArticle.objects.values(*fields, "renditions").get(pk=with_photo.pk)
    assert back == {
        "image": name,
        "image_alt": "Polisi berjaga",
        "image_caption": "Pengamanan KPU",
        "image_credit": "Humas",
        "image_width": 1600,
        "image_height": 900,
        "renditions": renditions,
    }
    assert OldArticle.objects.values_list("image", flat=True).get(pk=without.pk) == ""
