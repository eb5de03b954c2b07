"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Web requests get the database's statement timeout (DATABASE_STATEMENT_TIMEOUT, see settings).
os.environ.setdefault("NEWSROOM_WEB_PROCESS", "1")

application = get_wsgi_application()
