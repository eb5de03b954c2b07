"""Self-service password reset for staff, on Django's own views (django.contrib.auth.views).

What this adds to Django's flow:

- Only active staff accounts get a mail (StaffPasswordResetForm).
- Every address gets the same answer, the redirect to the "sent" page. The mail is rendered
  and sent only once that answer has gone out (MailAfterResponse), so a known address does not
  answer later than an unknown one. Both do the same work before answering: one query for the
  accounts, and the same rate-limit counting.
- At most PER_ADDRESS requests per address and PER_CLIENT per client address in each clock
  hour (WINDOW), counted in the shared cache so every process sees them. Over the limit the answer
  is the same and no mail goes out, so the limit tells nothing about an address either. While
  the cache is unavailable nothing can be counted, so no mail goes out (the same answer again).
- A link works once (Django's token changes with the password) and for PASSWORD_RESET_TIMEOUT
  seconds; a new password set through it is written to the admin log and lifts the account's
  django-axes lockout.
"""

import datetime
import functools
import logging
import math
import time
import unicodedata

from axes.utils import get_client_ip_address
from axes.utils import reset as reset_axes_lockout
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from pagecache.backends import CacheUnavailable

logger = logging.getLogger(__name__)

PER_ADDRESS = 3
PER_CLIENT = 10
WINDOW = 60 * 60  # seconds

# Stored as is (not translated at display), like the admin's own plain-text log messages.
LOG_MESSAGE = "Kata sandi diatur ulang lewat tautan surel."


def client_ip(request):
    """Return the client's address as django-axes counts it (TRUSTED_PROXY_COUNT included)."""
    return get_client_ip_address(request)


def count_request(kind, value, limit):
    """Count one request for value in this clock hour; return True if it is over the limit."""
    window, elapsed = divmod(time.time(), WINDOW)
    remaining = math.ceil(WINDOW - elapsed)
    # Keyed by a keyed hash, so the cache holds no e-mail address in the clear.
    digest = salted_hmac("password-reset", value).hexdigest()
    key = f"password-reset:{kind}:{int(window)}:{digest}"
    cache.add(key, 0, remaining)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, 1, remaining)
        count = 1
    else:
        # The file cache's incr() starts the entry's timeout over at the default five minutes.
        cache.touch(key, remaining)
    return count > limit


def link_lifetime():
    """Return the start and end of a new link's validity, for the templates' timeuntil."""
    now = timezone.now()
    return {
        "link_valid_from": now,
        "link_valid_until": now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    }


class StaffPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form for active staff accounts only; mails wait in ``outbox``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outbox = []

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def send_mail(self, *args, **kwargs):
        # Rendering and sending wait until the answer has gone out (MailAfterResponse), in the
        # language of the request.
        send = functools.partial(super().send_mail, *args, **kwargs)
        self.outbox.append((translation.get_language(), send))
        logger.info("Password reset mail for user id %s", args[2]["user"].pk)


class MailAfterResponse(HttpResponseRedirect):
    """A redirect that sends the queued mails when the server closes it, after sending it.

    The WSGI (and ASGI) handler calls close() once the response has been written to the client.
    A thread or transaction.on_commit() would not do: requests run in autocommit, so on_commit
    callbacks run at once, before the answer.
    """

    def __init__(self, redirect_to, outbox):
        super().__init__(redirect_to)
        self.outbox = outbox

    def close(self):
        try:
            for language, send in self.outbox:
                with translation.override(language):
                    send()
        finally:
            self.outbox = []
            super().close()


class AdminPageMixin:
    """The admin's header and titles on these pages, never stored by a cache."""

    @method_decorator(never_cache)
    def dispatch(self, *args, **kwargs):
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class StaffPasswordResetView(AdminPageMixin, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm

    def form_valid(self, form):
        ip = client_ip(self.request)
        address = unicodedata.normalize("NFKC", form.cleaned_data["email"]).casefold()
        # Both counters count every request, whichever is over the limit.
        try:
            address_over = count_request("address", address, PER_ADDRESS)
            client_over = count_request("client", ip or "", PER_CLIENT)
        except CacheUnavailable:
            # Uncounted requests could mail an address without limit: none go out until the
            # cache is back. The answer is the same as ever.
            logger.warning("Password reset refused: the rate-limit cache is unavailable")
            return HttpResponseRedirect(self.get_success_url())
        if address_over or client_over:
            logger.warning(
                "Password reset refused: too many requests for %s (client %s)",
                "this address" if address_over else "this client",
                ip,
            )
            return HttpResponseRedirect(self.get_success_url())
        logger.info("Password reset requested (client %s)", ip)
        self.extra_email_context = link_lifetime()
        super().form_valid(form)
        return MailAfterResponse(self.get_success_url(), form.outbox)


class StaffPasswordResetDoneView(AdminPageMixin, auth_views.PasswordResetDoneView):
    pass


class StaffPasswordResetConfirmView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A link mailed to staff stops working when the account is no longer active staff.
        if user is None or not (user.is_active and user.is_staff):
            return None
        return user

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **link_lifetime()}

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=LOG_MESSAGE,
            single_object=True,
        )
        # The owner of the mailbox is back in: failed logins, an attacker's included, are void.
        reset_axes_lockout(username=user.get_username())
        logger.info("Password of user id %s reset through a mailed link", user.pk)
        return response


class StaffPasswordResetCompleteView(AdminPageMixin, auth_views.PasswordResetCompleteView):
    pass
