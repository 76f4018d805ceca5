"""Deployment checks of our own, run by `manage.py check --deploy`, and the warning a
server started with the development key logs."""

import logging
import re

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# A request.META name: REMOTE_ADDR, or an HTTP header as Django spells it.
META_NAME = re.compile(r"REMOTE_ADDR|HTTP_[A-Z0-9_]+")


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    # PRODUCTION=true refuses this key at start-up already (settings.py); this catches a
    # deployment that forgot PRODUCTION as well.
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the built-in development key.",
                hint="Set SECRET_KEY in the environment to 50 or more random characters.",
                id="into_eu.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_client_ip_header(app_configs, **kwargs):
    header = settings.CLIENT_IP_HEADER
    if not header:
        if not settings.PRODUCTION:
            return []
        return [
            Warning(
                "CLIENT_IP_HEADER is not set: login throttling reads REMOTE_ADDR, which "
                "behind a proxy is the proxy's address, so five wrong passwords from anyone "
                "lock a staff name out for everyone.",
                hint="Behind the nginx example set CLIENT_IP_HEADER=HTTP_X_REAL_IP; if clients "
                "connect to gunicorn directly, set CLIENT_IP_HEADER=REMOTE_ADDR.",
                id="into_eu.W001",
            )
        ]
    if not META_NAME.fullmatch(header):
        return [
            Warning(
                f"CLIENT_IP_HEADER={header} is not a request.META name: it is never found, "
                "and every login counts against REMOTE_ADDR.",
                hint="Write the header as Django names it: CLIENT_IP_HEADER=HTTP_X_REAL_IP for "
                "X-Real-IP, or CLIENT_IP_HEADER=REMOTE_ADDR if clients connect directly.",
                id="into_eu.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://") or not settings.PRODUCTION:
        return []
    return [
        Warning(
            f"SITE_URL={settings.SITE_URL} is not an https:// address: the links in the "
            "alerts' mails, and their List-Unsubscribe address, would point elsewhere.",
            hint="Set SITE_URL to the site's public address, e.g. https://into-eu.example.org.",
            id="into_eu.W003",
        )
    ]


def warn_of_the_development_key():
    """Said once per process that serves pages (into_eu/wsgi.py): a site started without
    DEBUG may be reachable by others, and the development key is in the public source."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        logging.getLogger("into_eu").warning(
            "INSECURE: SECRET_KEY is the built-in development key, published with the "
            "source: anyone can forge sessions and signed links. Set SECRET_KEY to 50 or "
            "more random characters before anyone else can reach this site."
        )
