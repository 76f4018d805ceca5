"""Headers of the static files, which WhiteNoise answers before any other middleware.

WhiteNoise sits right after SecurityMiddleware (nosniff, referrer and opener policies), as
its documentation recommends, so a static file costs no other middleware. The rest of
what pages get from middleware is added here, once per file when WhiteNoise indexes it.
"""

from csp.utils import build_policy
from django.conf import settings


def add_static_headers(headers, path, url):
    headers["Content-Security-Policy"] = build_policy(
        config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    )
    headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
