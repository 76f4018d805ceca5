import datetime as dt

from django.core.files.storage import default_storage as storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from meetings.models import Meeting
from pages.models import Page
from partners import directory

from . import photo_packs
from .models import Coverage

# FACTS: February 2016 – January 2018, as Durrës's own account gives it.
PROJECT_PERIOD = (dt.date(2016, 2, 1), dt.date(2018, 1, 1))


def press(request):
    page = get_object_or_404(Page.objects.published(), key=Page.Key.PRESS)
    meetings = Meeting.objects.published().for_cards().with_media_flags()
    timeline = meetings.timeline()
    chronological = timeline.past[::-1] + timeline.upcoming + timeline.undated
    directory.attach(chronological, "host", request)
    return render(
        request,
        "press/press.html",
        {
            "page": page,
            "partners": directory.for_request(request),
            "meetings": chronological,
            "with_photos": [meeting for meeting in chronological if meeting.has_photos],
            "period": PROJECT_PERIOD,
            "coverage": Coverage.objects.published().newest_first(),
        },
    )


def photo_pack(request, slug):
    """The meeting's photos as one ZIP, while the meeting is public."""
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    photos = list(meeting.photos.all())
    if not photos:
        raise Http404
    name = photo_packs.pack(meeting, photos)
    response = FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=f"into-eu-{meeting.slug}-photos.zip",
        content_type="application/zip",
    )
    # Not for shared caches: one would keep handing it out after the meeting is withdrawn.
    response["Cache-Control"] = "private, max-age=3600"
    return response
