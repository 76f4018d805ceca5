from django.shortcuts import get_object_or_404, render

from core.preview import admin_queryset, mark_preview
from meetings.models import Announcement, Meeting
from partners import directory

from .models import Page


def home(request):
    return render_home(request, Page.objects.published().filter(key=Page.Key.HOME).first())


def render_home(request, page, **extra):
    featured, featured_is_upcoming = Meeting.objects.published().for_cards().next_or_latest()
    return render(
        request,
        "pages/home.html",
        {
            "page": page,
            "partners": directory.for_request(request),
            "featured_meeting": featured and directory.attach([featured], "host", request)[0],
            "featured_is_upcoming": featured_is_upcoming,
            "announcements": directory.attach(
                Announcement.objects.published().for_cards()[:3], "partner", request
            ),
            **extra,
        },
    )


def page(request, key):
    page = get_object_or_404(Page.objects.published(), key=key)
    return render(request, "pages/page.html", {"page": page})


def page_preview(request, pk):
    page = get_object_or_404(admin_queryset(request, Page), pk=pk)
    if page.key == Page.Key.HOME:
        return mark_preview(render_home(request, page, preview=page))
    return mark_preview(render(request, "pages/page.html", {"page": page, "preview": page}))
