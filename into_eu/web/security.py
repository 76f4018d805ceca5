"""Response headers Django has no setting for, and refusing oversized requests early."""

from django.conf import settings

from . import errors


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.MAX_REQUEST_BYTES:
            # Said before the body is read, so a huge upload costs us nothing.
            response = errors.too_large(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # Django's XFrameOptionsMiddleware misses answers made outside it, such as the
        # language redirect of `/`; old browsers ignore CSP's frame-ancestors.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
