"""The data migrations survive a round trip: forward, backward and forward again."""

import importlib

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
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
