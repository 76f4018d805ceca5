"""Every uploaded file, answered by Django: meetings' photos, their renditions, documents,
and partners' images.

A meeting's file is served only when the meeting is public, or to staff who may view it
in the admin; anyone else gets 404, so a draft's files are no more reachable than its
page. Partners have no drafts: their images are always public. Files never answer as
something a browser would run: documents are downloads (application/pdf, attachment), and
the media CSP sandboxes whatever is opened.

With MEDIA_ACCEL_REDIRECT set, the view only decides and nginx sends the bytes from an
internal location (X-Accel-Redirect); without it the view streams the file itself.
"""

import posixpath
import re
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from core.preview import admin_queryset
from partners.models import Partner

from .models import Document, Meeting, Photo

MEDIA_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
PUBLIC_CACHE = "public, max-age=3600"
STAFF_ONLY_CACHE = "private, no-store"
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    # Partners' images keep their format (core.validators.ALLOWED_FORMATS).
    ".png": "image/png",
    ".gif": "image/gif",
}
# renditions.make_renditions names them after the original: "renditions/<original's name
# without .jpg>-<width>.<ext>"; "_xxxxxxx" is the suffix storage adds on a name clash.
RENDITION = re.compile(r"renditions/(?P<stem>.+)-[0-9]+(?:_[A-Za-z0-9]{7})?\.(?:webp|jpg)")


class MediaFile(NamedTuple):
    name: str
    meeting: Meeting | None  # None: public whatever happens (a partner's image)
    content_type: str
    download_name: str | None  # set for files the browser must save, not open


def is_clean(path):
    """A relative path without '..', '//', backslashes or control characters."""
    return (
        bool(path)
        and not path.startswith("/")
        and posixpath.normpath(path) == path
        and not path.startswith("..")
        and "\\" not in path
        and path.isprintable()
    )


def find(path):
    """The media file stored under `path`, with its meeting, from one query; or None."""
    if path.startswith("documents/"):
        document = Document.objects.select_related("meeting").filter(file=path).first()
        if document:
            meeting = document.meeting
            name = f"{meeting.slug}-{document.kind}-{document.language}.pdf"
            return MediaFile(path, meeting, "application/pdf", name)
        return None
    content_type = IMAGE_TYPES.get(posixpath.splitext(path)[1].lower())
    if content_type is None:
        return None
    if path.startswith("partners/"):
        exists = Partner.objects.filter(image=path).exists()
        return MediaFile(path, None, content_type, None) if exists else None
    if path.startswith("photos/"):
        photo = Photo.objects.select_related("meeting").filter(image=path).first()
        return MediaFile(path, photo.meeting, content_type, None) if photo else None
    rendition = RENDITION.fullmatch(path)
    if rendition:
        original = rendition["stem"] + ".jpg"
        photo = Photo.objects.select_related("meeting").filter(image=original).first()
        if photo and any(path in entry.values() for entry in photo.renditions):
            return MediaFile(path, photo.meeting, content_type, None)
    return None


def may_view(request, meeting):
    try:
        return admin_queryset(request, Meeting).filter(pk=meeting.pk).exists()
    except Http404:
        return False


@require_safe
def serve(request, path):
    media = find(path) if is_clean(path) else None
    if media is None:
        raise Http404
    if media.meeting is None or media.meeting.is_public:
        cache_control = PUBLIC_CACHE
    elif may_view(request, media.meeting):
        cache_control = STAFF_ONLY_CACHE
    else:
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(b"", content_type=media.content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(media.name)
        if media.download_name:
            response["Content-Disposition"] = content_disposition_header(True, media.download_name)
    else:
        try:
            handle = default_storage.open(media.name, "rb")
        except (FileNotFoundError, SuspiciousFileOperation):
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=media.content_type,
            as_attachment=media.download_name is not None,
            filename=media.download_name or "",
        )
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, django-csp's middleware leaves it alone (it only fills in a missing header).
    response["Content-Security-Policy"] = MEDIA_CSP
    return response
