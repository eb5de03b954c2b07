import datetime
import json
import zoneinfo

import pytest

from articles.models import Unit

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def test_a_batch_is_written_in_chunks_and_a_refused_release_fails_alone(units, monkeypatch, write):
    from articles.importers import import_paths, writer
    from articles.models import Article

    monkeypatch.setattr(writer, "INSERT_ROWS", 2)
    Article.objects.create(
        title="Patroli Subuh",
        slug="patroli-subuh",
        body="<p>Sudah ada.</p>",
        unit=Unit.objects.get(slug="polres-jember"),
        status="published",
        published_at=datetime.datetime(2024, 9, 1, 5, 0, tzinfo=WIB),
    )
    records = [
        {"title": f"Patroli {n}", "body": f"<p>Isi {n}.</p>", "published_at": "2024-09-01"}
        for n in range(1, 8)
    ]
    records[3]["slug"] = "patroli-subuh"
    lines = [json.dumps(record) for record in records]
    summary = import_paths([write("rilis.jsonl", "\n".join(lines))], batch_size=10)
    assert (summary.created, summary.failed) == (6, 1)
    assert summary.failures[0].endswith(
        "baris 4: slug 'patroli-subuh' sudah dipakai pada tanggal itu"
    )
    assert Article.objects.count() == 7
