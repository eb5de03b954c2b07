"""Newsroom on two app nodes behind nginx, with a streaming replica, Redis and S3 (conftest.py).

The tests run in this order against one cluster; the last one stops the replica and Redis.
"""

import datetime
import json
import re
import threading
import time
import urllib.request
import zoneinfo

import pytest

from tests import imagedata

from .browser import Browser
from .conftest import PASSWORD, TIMINGS, timed

pytestmark = pytest.mark.multinode
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ADD_URL = "/admin/articles/article/add/"
UPLOAD_URL = "/admin/articles/article/foto/unggah/"


def node(cluster, name, **kwargs):
    return Browser(cluster.nodes[name], **kwargs)


def unit_id(cluster):
    return cluster.primary.sql("SELECT id FROM articles_unit ORDER BY id LIMIT 1")[0][0]


def publish(cluster, browser, title, when=None, photo=None):
    """Publish a release through the admin of the node the browser talks to; return its id."""
    page = browser.get(ADD_URL)
    assert page.status == 200, page.status
    local = when.astimezone(JAKARTA) if when else None
    token = browser.csrf_token(page)
    rows = {"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0"}
    if photo:
        # Uploaded on its own first, as static/js/photo-upload.js does; the form names it.
        uploaded = browser.post(
            UPLOAD_URL, {}, files={"image": ("foto.jpg", photo)}, headers={"X-CSRFToken": token}
        )
        assert uploaded.status == 201, uploaded.text
        rows.update(
            {
                "photos-TOTAL_FORMS": "1",
                "photos-0-upload": str(json.loads(uploaded.text)["id"]),
                "photos-0-alt_text": "Foto kegiatan",
                "photos-0-caption": "",
                "photos-0-credit": "",
                "photos-0-order": "0",
            }
        )
    fields = {
        "csrfmiddlewaretoken": token,
        "title": title,
        "slug": "",
        "dateline": "Jember",
        "lead": "Rilis dari uji banyak mesin.",
        "body": f"<p>Jember - {title}.</p>",
        "editor_initials": "AR",
        "tags": "uji",
        "status": "published",
        "has_time": "on",
        "source_name": "",
        "source_url": "",
        "loaded_version": "",
        "unit": str(unit_id(cluster)),
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "photos-MAX_NUM_FORMS": "1000",
        **rows,
    }
    response = browser.post(ADD_URL, fields)
    if response.status == 200 and 'data-key="' in response.text:
        # The pre-publication check reminds about faces in the photo: the editor confirms.
        keys = set(re.findall(r'data-key="([^"]+)"', response.text))
        fields.update({f"screening-{key}": "tanpa_wajah" for key in keys})
        fields["csrfmiddlewaretoken"] = browser.csrf_token(response)
        response = browser.post(ADD_URL, fields)
    assert response.status == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text)
    rows = cluster.primary.sql(
        f"SELECT id, pub_date, slug FROM articles_article WHERE title = '{title}'"
    )
    assert len(rows) == 1
    article_id, pub_date, slug = rows[0]
    return article_id, f"/berita/{pub_date:%Y/%m/%d}/{slug}/"


def shown(browser, path):
    """Return True if the node shows the release, False while it answers 404."""
    status = browser.get(path).status
    assert status in (200, 404), status
    return status == 200


def editor(cluster, name, username="redaktur"):
    browser = node(cluster, name)
    assert browser.log_in(username, PASSWORD).status == 302
    return browser


def test_a_session_made_on_one_node_is_valid_on_the_other(cluster):
    on_a = editor(cluster, "a")
    on_b = node(cluster, "b", cookies=dict(on_a.cookies))
    page = on_b.get("/admin/")
    assert page.status == 200
    assert "redaktur" in page.text
    # And the balancer alternating between nodes keeps it: ten requests through nginx.
    through = Browser(cluster.nginx, cookies=dict(on_a.cookies))
    assert {through.get("/admin/").status for _ in range(10)} == {200}


def test_published_on_a_with_a_photo_shows_on_b_at_once_with_the_photo_from_s3(cluster):
    title = "Kapolres Tinjau Pos Pengamanan Multi Node"
    with timed("publish with photo on A, read on B"):
        _, path = publish(
            cluster, editor(cluster, "a"), title, photo=imagedata.jpeg_bytes(size=(1200, 675))
        )
        reader = node(cluster, "b")
        assert reader.get(path).status == 200, "node B does not show what node A published"
        page = reader.get(path)
    assert page.status == 200 and title in page.text
    assert title in reader.get("/").text
    photos = set(
        re.findall(r'(?:src|srcset)="(' + re.escape(cluster.media_base) + r'[^" ]+)', page.text)
    )
    assert photos, "the page links the photo in the bucket"
    for url in photos:
        with urllib.request.urlopen(url, timeout=5) as served:
            assert served.status == 200 and served.read(3) in (b"\xff\xd8\xff", b"RIF")
    # The node's own media folder stays empty: files only go through the storage API.
    assert not any((cluster.folder / "a" / "media").rglob("*.*"))
    # Through nginx too, within the micro-cache's second.
    deadline = time.monotonic() + 2
    while title not in Browser(cluster.nginx).get("/").text:
        assert time.monotonic() < deadline, "nginx still serves the home page without it"
        time.sleep(0.1)


def test_nginx_micro_cache_serves_visitors_but_never_a_signed_in_editor(cluster):
    visitor = Browser(cluster.nginx)
    path = f"/?micro={time.monotonic()}"
    assert visitor.get(path).header("X-Cache-Status") == "MISS"
    assert visitor.get(path).header("X-Cache-Status") == "HIT"
    signed_in = Browser(cluster.nginx, cookies=dict(editor(cluster, "a").cookies))
    assert signed_in.get(path).header("X-Cache-Status") == "BYPASS"
    login = visitor.get("/admin/login/")
    assert login.status == 200 and login.header("X-Cache-Status") == "BYPASS"
    # Photos up to the app's 10 MB limit get through nginx to the app.
    big = visitor.post("/admin/login/", {}, files={"image": ("foto.jpg", b"\xff" * 9_000_000)})
    assert big.status == 403  # the app's CSRF refusal, not nginx's 413


def test_a_replica_that_stopped_replaying_never_feeds_the_page_cache(cluster):
    replica = cluster.replica
    reader = node(cluster, "b")
    # Once the replica has what the marker announced, node B reads it.
    deadline = time.monotonic() + 5
    # Each probe a search no page cache holds (other query parameters are redirected away).
    while reader.get(f"/cari/?q=probe{time.monotonic_ns()}").header("X-Newsroom-Read") != "replica":
        assert time.monotonic() < deadline, "node B never read from the caught-up replica"
        time.sleep(0.1)
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        title = "Rilis Saat Replika Tertinggal"
        article_id, path = publish(cluster, editor(cluster, "a"), title)
        assert replica.sql(f"SELECT count(*) FROM articles_article WHERE id = {article_id}") == [
            (0,)
        ], "the replica is behind, as the test needs"
        assert shown(reader, path), "node B answered 404 for a release the replica lacks"
        page = reader.get(path)
        assert page.status == 200 and title in page.text
        assert page.header("X-Newsroom-Read") is None  # rendered from the primary
        home = reader.get("/")
        assert title in home.text
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    # What is in the page cache now is what the primary had, and stays right after the resume.
    assert title in reader.get("/").text
    assert reader.get(path).status == 200


def test_a_scheduled_release_appears_on_both_nodes_on_time_without_cron(cluster):
    title = "Rilis Terjadwal Uji Banyak Mesin"
    when = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=4)).replace(
        microsecond=0
    )
    _, path = publish(cluster, editor(cluster, "a"), title, when=when)
    readers = {name: node(cluster, name) for name in cluster.nodes}
    for reader in readers.values():
        assert not shown(reader, path), "shown before its time"
    appeared = {}
    deadline = when.timestamp() + 5
    while len(appeared) < len(readers) and time.time() < deadline:
        for name, reader in readers.items():
            if name not in appeared and shown(reader, path):
                appeared[name] = time.time() - when.timestamp()
        time.sleep(0.05)
    for name, late in appeared.items():
        TIMINGS[f"scheduled release shown on {name}, after"] = late
    assert set(appeared) == set(readers), f"appeared on {sorted(appeared)} only"
    # Never before its time (the clock's second), and within a second after it.
    assert all(-0.05 <= late < 1.5 for late in appeared.values()), appeared


def test_axes_behind_nginx_locks_the_attacker_not_the_editor(cluster):
    attacker = Browser(cluster.nginx, source="127.0.0.2")
    for _ in range(5):
        attacker.log_in("redaktur2", "salah-sandi")
    # Locked out now, even with the right password, from that address.
    assert attacker.log_in("redaktur2", PASSWORD).status != 302
    colleague = Browser(cluster.nginx, source="127.0.0.3")
    assert colleague.log_in("redaktur2", PASSWORD).status == 302
    assert colleague.get("/admin/").status == 200


def test_a_search_storm_is_refused_by_nginx_while_other_pages_are_served(cluster):
    statuses = []

    def search(index):
        response = Browser(cluster.nginx).get(f"/cari/?q=pos+{index}")
        # nginx's own refusal, not the app's (search has its own slots behind it)
        refused_by_nginx = response.status == 503 and "<center>nginx" in response.text
        statuses.append("nginx 503" if refused_by_nginx else response.status)

    storm = [threading.Thread(target=search, args=(i,)) for i in range(30)]
    for thread in storm:
        thread.start()
    home = [Browser(cluster.nginx, source="127.0.0.4").get("/").status for _ in range(5)]
    for thread in storm:
        thread.join()
    assert home == [200] * 5
    assert "nginx 503" in statuses and 200 in statuses, statuses
    assert set(statuses) <= {200, 503, "nginx 503"}


def test_readyz_while_the_replica_and_then_redis_are_stopped(cluster):
    probe = node(cluster, "a", host="10.0.0.5:8000")  # a balancer's own Host header
    ready = probe.get("/readyz")
    assert ready.status == 200, ready.text
    assert '"replica": "ok"' in ready.text
    assert probe.get("/healthz").status == 200

    cluster.replica.stop()
    with timed("readyz with the replica stopped"):
        ready = probe.get("/readyz")
    assert ready.status == 200, ready.text  # the primary serves public reads meanwhile
    assert '"replica": "unavailable"' in ready.text
    # Public pages keep being served from the primary.
    page = node(cluster, "b").get(f"/cari/?q=sesudah{time.monotonic_ns()}")
    assert page.status == 200, cluster.log("node-b")[-3000:]

    cluster.redis.terminate()
    cluster.redis.wait(5)
    with timed("readyz with Redis stopped"):
        ready = probe.get("/readyz")
    assert ready.status == 503, ready.text
    assert '"cache": "unavailable"' in ready.text
    assert '"database": "ok"' in ready.text
    assert probe.get("/healthz").status == 200
    # Pages are rendered without the cache meanwhile: Redis is no single point of failure.
    assert node(cluster, "b").get("/").status == 200, cluster.log("node-b")[-3000:]
