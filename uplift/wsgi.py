"""WSGI entry point (gunicorn uplift.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
application = get_wsgi_application()
