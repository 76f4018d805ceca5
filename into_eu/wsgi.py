import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "into_eu.settings")
application = get_wsgi_application()

# Imported once the apps are ready (the page cache reads the models).
from into_eu.web.checks import warn_of_the_development_key  # noqa: E402
from into_eu.web.pagecache import code_version  # noqa: E402

warn_of_the_development_key()
# Once, before gunicorn forks its workers (preload_app), rather than in each worker's
# first request.
code_version()
