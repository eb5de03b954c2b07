"""An imported published release with findings stays published; the report lists them."""

import json

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "Polsek Patrang Amankan Pelaku Curanmor",
    "body": "<p>Petugas mengamankan pelaku Joko Susilo (41) di rumahnya.</p>",
    "published_at": "2024-09-06T08:00:00+07:00",
    "unit": "polsek-patrang",
}


def test_findings_of_an_imported_release_are_noted_and_it_stays_published(units, run_import, write):
    result = run_import(write("rilis.jsonl", json.dumps(RECORD)))
    assert "1 dibuat" in result.out
    report = result.out + result.err
    assert "Joko Susilo" in report
    assert "Petugas mengamankan pelaku Joko Susilo (41) di rumahnya." in report
    assert "tetap terbit, periksa di admin" in report
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_a_draft_or_a_release_with_initials_gets_no_note(units, run_import, write):
    draft = {**RECORD, "status": "draft", "published_at": None}
    initials = {**RECORD, "title": "Lain", "body": "<p>Pelaku JS (41) diamankan.</p>"}
    result = run_import(write("rilis.jsonl", json.dumps(draft) + "\n" + json.dumps(initials)))
    assert "2 dibuat" in result.out
    assert "pemeriksaan" not in result.out + result.err
