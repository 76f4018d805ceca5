from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from meetings.models import Announcement, Meeting
from partners import directory

from .models import Page
from .preview import admin_queryset, mark_preview
from .text import read_languages_only


def home(request):
    pages = read_languages_only(Page.objects.published())
    return render_home(request, pages.filter(key=Page.Key.HOME).first())


def render_home(request, page, **extra):
    partners = directory.for_request(request)
    featured, featured_is_upcoming = Meeting.objects.published().for_cards().next_or_latest()
    announcements = Announcement.objects.published().for_cards()[:3]
    return render(
        request,
        "into_eu/home.html",
        {
            "page": page,
            "partners": partners,
            "featured_meeting": featured and directory.attach([featured], "host", partners)[0],
            "featured_is_upcoming": featured_is_upcoming,
            "announcements": directory.attach(announcements, "partner", partners),
            **extra,
        },
    )


def page(request, key):
    page = get_object_or_404(read_languages_only(Page.objects.published()), key=key)
    return render(request, "into_eu/page.html", {"page": page})


def page_preview(request, pk):
    page = get_object_or_404(admin_queryset(request, Page), pk=pk)
    if page.key == Page.Key.HOME:
        return mark_preview(render_home(request, page, preview=page))
    return mark_preview(render(request, "into_eu/page.html", {"page": page, "preview": page}))


def robots_txt(request):
    """Crawlers may read everything public; the admin is for staff only."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
