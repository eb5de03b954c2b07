"""The office keeps the check's rules in the admin: editors only, a bad pattern refused."""

import pytest
from django.urls import reverse

from screening.checks import check
from screening.models import Rule

pytestmark = pytest.mark.django_db

ADD = "admin:screening_rule_add"


def test_an_editor_adds_a_word_and_the_check_uses_it_at_once(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse(ADD), {"kind": "kata", "role": "anak", "value": "santri", "active": "on"}
    )
    assert response.status_code == 302
    (finding,) = check(body="<p>Santri Fajar Nugroho dilaporkan hilang.</p>")
    assert (finding.role, finding.name) == ("anak", "Fajar Nugroho")


def test_a_bad_pattern_or_a_marker_without_a_role_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(reverse(ADD), {"kind": "pola", "role": "anak", "value": "(umur"})
    assert response.status_code == 200
    assert "Pola tidak sah" in response.content.decode()
    response = client.post(reverse(ADD), {"kind": "kata", "role": "", "value": "santri"})
    assert "Pilih siapa yang ditandai" in response.content.decode()
    assert not Rule.objects.filter(value__in=["(umur", "santri"]).exists()


def test_a_reporter_cannot_change_the_rules(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse(ADD), {"kind": "kata", "role": "anak", "value": "santri"})
    assert response.status_code == 403
    assert client.get(reverse("admin:screening_rule_changelist")).status_code == 403
