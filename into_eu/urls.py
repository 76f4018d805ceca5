from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from meetings import media
from meetings.views import AnnouncementPreviewView, MeetingPreviewView

from . import errors, health, views
from .sitemaps import SITEMAPS

handler400 = "into_eu.errors.bad_request"
handler403 = "into_eu.errors.permission_denied"
handler404 = "into_eu.errors.page_not_found"
handler500 = "into_eu.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # For nginx's error_page 413 (deploy/nginx.conf): the page Django shows itself.
    path("errors/request-too-large", errors.request_too_large, name="request-too-large"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.page, {"key": "about"}, name="page-about"),
    path("contact/", views.page, {"key": "contact"}, name="page-contact"),
    path("accessibility/", views.page, {"key": "accessibility"}, name="page-accessibility"),
    path("privacy/", views.page, {"key": "privacy"}, name="page-privacy"),
    path("partners/", include("partners.urls")),
    path("", include("meetings.urls")),
    path("preview/pages/<int:pk>/", views.page_preview, name="preview-page"),
    path("preview/meetings/<int:pk>/", MeetingPreviewView.as_view(), name="preview-meeting"),
    path(
        "preview/announcements/<int:pk>/",
        AnnouncementPreviewView.as_view(),
        name="preview-announcement",
    ),
)

# Always answered here, behind nginx too: only the view knows whose draft a file belongs
# to (with MEDIA_ACCEL_REDIRECT, nginx then sends the bytes).
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", media.serve, name="media"),
]
