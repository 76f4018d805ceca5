from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from core.sitemaps import ListSitemap
from meetings import media
from meetings import sitemaps as meeting_sitemaps
from meetings.views import AnnouncementPreviewView, MeetingPreviewView
from pages import sitemaps as page_sitemaps
from pages import views
from partners import sitemaps as partner_sitemaps

from .web import errors, health, language, robots

handler400 = "into_eu.web.errors.bad_request"
handler403 = "into_eu.web.errors.permission_denied"
handler404 = "into_eu.web.errors.page_not_found"
handler500 = "into_eu.web.errors.server_error"

SITEMAPS = {
    "pages": page_sitemaps.ProjectPageSitemap,
    "lists": ListSitemap.of(page_sitemaps.lists, partner_sitemaps.lists, meeting_sitemaps.lists),
    "partners": partner_sitemaps.PartnerSitemap,
    "meetings": meeting_sitemaps.MeetingSitemap,
    "announcements": meeting_sitemaps.AnnouncementSitemap,
}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("language/", language.choose_language, name="choose-language"),
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
    path("press/", include("press.urls")),
    path("search/", include("search.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("registrations.urls")),
    path("feedback/", include("feedback.urls")),
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
