from django.conf import settings
from django.utils.translation import get_language_from_path


class RememberLanguageMiddleware:
    """Remember the language of the last page read, so that `/` leads back to it.

    The cookie is only set when it changes, so ordinary responses stay cookie-free
    and cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if (
            language
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=365 * 24 * 60 * 60,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response
