import os

from django.core.wsgi import get_wsgi_application

from into_eu.web.checks import warn_of_the_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "into_eu.settings")
application = get_wsgi_application()
warn_of_the_development_key()
