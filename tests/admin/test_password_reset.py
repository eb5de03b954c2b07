import datetime
import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.password_reset import LOG_MESSAGE, StaffPasswordResetView

pytestmark = pytest.mark.django_db

RESET_URL = "/admin/password_reset/"
LOGIN_URL = "/admin/login/"
NEW_PASSWORD = "kuda-lumping-malam-2024"
# Start of a clock hour: the rate limits count per clock hour.
HOUR_START = datetime.datetime(2025, 3, 3, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        "redaktur", "redaktur@humas.example.id", "lama-sekali-123", is_staff=True
    )


@pytest.fixture(autouse=True)
def no_mail_yet():
    mail.outbox.clear()


def request_reset(client, email, ip="127.0.0.1", **kwargs):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=ip, **kwargs)


def link_in(message):
    return re.search(r"http://testserver(/reset/\S+/\S+/)", message.body).group(1)


def answer(email, ip="127.0.0.1", forwarded=None):
    """What a fresh browser sees for a reset request, CSRF tokens blanked out."""
    client = Client()
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    response = request_reset(client, email, ip=ip, follow=True, headers=headers)
    first = response.redirect_chain[0]
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return {
        "redirects": response.redirect_chain,
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": response.cookies.output(),
        "content": content,
        "messages": [str(m) for m in get_messages(response.wsgi_request)],
        "first": first,
    }


def log_in(password, username="redaktur"):
    return Client().post(LOGIN_URL, {"username": username, "password": password})


def test_admin_login_page_links_to_password_reset(client):
    response = client.get(LOGIN_URL)

    assert f'<a href="{RESET_URL}">Lupa kredensial masuk?</a>' in response.content.decode()


def test_locked_out_staff_member_sets_a_new_password_through_the_mailed_link(client, staff):
    User.objects.create_user("lain", "lain@humas.example.id", "x", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("tebakan-penyerang")
    assert log_in("lama-sekali-123").status_code != 302  # locked out

    response = request_reset(client, "Redaktur@Humas.example.id")

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    assert [m.to for m in mail.outbox] == [["redaktur@humas.example.id"]]
    message = mail.outbox[0]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Penyetelan ulang sandi" in message.subject
    assert "Tautan ini berlaku 2\xa0jam dan hanya bisa dipakai sekali." in message.body
    link = link_in(message)

    form_page = client.get(link, follow=True)
    assert "Masukkan sandi baru" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert done.redirect_chain == [("/reset/done/", 302)]
    assert f'<a href="{LOGIN_URL}">Masuk</a>' in done.content.decode()
    entry = LogEntry.objects.get(object_id=str(staff.pk))
    assert (entry.user, entry.action_flag, entry.change_message) == (staff, CHANGE, LOG_MESSAGE)
    assert not AccessAttempt.objects.filter(username="redaktur").exists()
    assert log_in(NEW_PASSWORD).status_code == 302
    again = Client().get(link, follow=True)
    assert "tidak berlaku lagi" in again.content.decode()
    assert not again.redirect_chain


@pytest.mark.parametrize("kind", ["unknown", "not staff", "inactive staff"])
def test_address_without_active_staff_account_gets_the_same_answer_and_no_mail(staff, kind, caplog):
    email = "orang@humas.example.id"
    if kind != "unknown":
        User.objects.create_user(
            "orang", email, "x", is_staff=kind == "inactive staff", is_active=kind == "not staff"
        )

    with time_machine.travel(HOUR_START, tick=False):  # the same Expires header
        known = answer(staff.email)
        assert len(mail.outbox) == 1
        with caplog.at_level(logging.INFO):
            other = answer(email)

    assert other == known
    assert known["first"] == ("/admin/password_reset/done/", 302)
    assert known["messages"] == []
    assert len(mail.outbox) == 1
    assert email not in caplog.text
    assert "Password reset requested" in caplog.text


def test_mail_is_rendered_and_sent_only_after_the_answer_went_out(client, staff):
    token = client.get(RESET_URL).context["csrf_token"]
    cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
    view = StaffPasswordResetView.as_view()

    def post(email):
        request = RequestFactory().post(
            RESET_URL,
            {"email": email, "csrfmiddlewaretoken": str(token)},
            headers={"cookie": f"{settings.CSRF_COOKIE_NAME}={cookie}"},
        )
        with CaptureQueriesContext(connection) as queries:
            response = view(request)
        return response, len(queries)

    unknown, unknown_queries = post("orang@humas.example.id")
    known, known_queries = post(staff.email)

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_queries == unknown_queries
    assert mail.outbox == []
    with translation.override("en"):  # whatever the thread does next, the mail keeps its language
        known.close()  # what the server does once the answer is sent
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert mail.outbox[0].subject.startswith("Penyetelan ulang sandi")


def test_requests_for_one_address_are_limited_per_hour_whatever_the_client(staff):
    with time_machine.travel(HOUR_START, tick=False) as clock:
        allowed = [answer(staff.email, ip=f"10.0.0.{n}") for n in range(3)]
        assert len(mail.outbox) == 3
        # Later in the same hour, longer than the cache's default timeout of five minutes.
        clock.move_to(HOUR_START + datetime.timedelta(minutes=50))
        refused = answer(staff.email.upper(), ip="10.0.0.9")

        assert len(mail.outbox) == 3
        assert refused["redirects"] == allowed[0]["redirects"]
        assert refused["content"] == allowed[0]["content"]

        clock.move_to(HOUR_START + datetime.timedelta(hours=1))
        answer(staff.email, ip="10.0.0.9")
        assert len(mail.outbox) == 4


def test_requests_from_one_client_are_limited_per_hour(staff):
    with time_machine.travel(HOUR_START, tick=False):
        for n in range(10):
            first = answer(f"orang{n}@humas.example.id", ip="10.0.0.1")
        refused = answer(staff.email, ip="10.0.0.1")

        assert mail.outbox == []
        assert refused == first

        answer(staff.email, ip="10.0.0.2")
        assert [m.to for m in mail.outbox] == [[staff.email]]


def test_clients_behind_a_trusted_proxy_are_limited_each_by_their_own_address(settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(HOUR_START, tick=False):
        for n in range(10):
            answer(f"orang{n}@humas.example.id", ip="10.0.0.1", forwarded="203.0.113.7")
        answer(staff.email, ip="10.0.0.1", forwarded="203.0.113.7")
        assert mail.outbox == []

        answer(staff.email, ip="10.0.0.1", forwarded="203.0.113.8")
        assert [m.to for m in mail.outbox] == [[staff.email]]


def test_expired_link_is_refused_in_indonesian(client, staff):
    request_reset(client, staff.email)
    link = link_in(mail.outbox[0])
    later = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)

    with time_machine.travel(later):
        response = client.get(link, follow=True)

    page = response.content.decode()
    assert "Penyetelan ulang sandi gagal" in page
    assert "tidak berlaku lagi" in page
    assert f'<a href="{RESET_URL}">Minta tautan baru</a>' in page
    assert not response.redirect_chain


def test_link_stops_working_when_the_account_is_no_longer_staff(client, staff):
    request_reset(client, staff.email)
    staff.is_staff = False
    staff.save()

    response = client.get(link_in(mail.outbox[0]), follow=True)

    assert "tidak berlaku lagi" in response.content.decode()
    assert not response.redirect_chain


@pytest.mark.parametrize("url", [RESET_URL, "/admin/password_reset/done/", "/reset/done/"])
def test_reset_pages_tell_caches_not_to_store_them(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
