"""What a chat app (WhatsApp, Telegram) builds its link preview from: the OpenGraph tags."""

import re
from html import unescape

import pytest
from django.core.files.storage import default_storage

from articles import images

from .conftest import add_photo

pytestmark = pytest.mark.django_db


def og(html):
    return {
        name: unescape(content)
        for name, content in re.findall(r'<meta property="(og:[^"]+)" content="([^"]*)">', html)
    }


def test_a_release_with_a_photo_previews_with_title_lead_and_a_1200x630_image(client, release):
    release.lead = "Kampanye aman."
    release.save(update_fields=["lead"])
    add_photo(release, size=(3000, 2000), alt_text="Personel berjaga")
    # A short address is where the message links: the preview comes from its target.
    target = client.get(release.get_short_url())["Location"]
    tags = og(client.get(target).content.decode())
    assert tags["og:title"] == "Polres Jember Amankan Kampanye Damai"
    assert tags["og:description"] == "Kampanye aman."
    assert tags["og:url"] == f"http://testserver{release.get_absolute_url()}"
    social = release.main_photo.renditions["social"]
    assert tags["og:image"] == f"http://testserver/media/{social['jpeg']}"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:type"] == "image/jpeg"
    with default_storage.open(social["jpeg"]) as stored:
        assert len(stored.read()) <= images.SOCIAL_MAX_BYTES


def test_a_release_without_a_photo_previews_without_an_image(client, release):
    tags = og(client.get(release.get_absolute_url()).content.decode())
    assert tags["og:title"] and tags["og:description"]
    assert not {"og:image", "og:image:width"} & set(tags)
