from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from meetings.views import AnnouncementPreviewView, MeetingPreviewView

from . import health, views
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

if settings.SERVE_MEDIA:
    # Local and small installs only; in production the web server serves uploads.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
