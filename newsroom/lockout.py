"""The page a login locked out by django-axes answers with: when the editor may try again."""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    """Render the lockout page; every failure while locked starts the cool-off again."""
    cool_off = get_cool_off(request)
    until = timezone.localtime() + cool_off if cool_off else None
    return render(request, "registration/lockout.html", {"until": until}, status=429)
