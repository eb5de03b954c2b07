import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_reporters_write_but_cannot_publish_or_delete():
    perms = codenames("Reporter")
    assert {"articles.add_article", "articles.change_article", "articles.view_article"} <= perms
    assert "articles.publish_article" not in perms
    assert "articles.delete_article" not in perms
    assert not any(
        p.split(".")[1].startswith(("add_", "change_", "delete_"))
        for p in perms - {"articles.add_article", "articles.change_article"}
    )


def test_editors_publish_and_manage_units_reporters_and_tags():
    perms = codenames("Editor")
    assert {"articles.publish_article", "articles.delete_article"} <= perms
    for model in ("articles.%s_unit", "articles.%s_author", "taggit.%s_tag"):
        assert {model % action for action in ("add", "change", "delete", "view")} <= perms
