"""A meeting's photos for the press in one download: the originals and a text file of
their captions, credits and licences in every language. Made once for a given set of
photos and kept in the media storage (never at a public address: the press view hands
it out while the meeting is public); a change to the photos makes a new one."""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage as storage
from modeltranslation.utils import build_localized_fieldname

FOLDER = "packs"
# What the text file says of each photo, by field.
DESCRIBED = ["caption", "alt_text"]


def _fingerprint(photos):
    described = [
        [photo.image.name, photo.credit, photo.licence]
        + [
            getattr(photo, build_localized_fieldname(field, code)) or ""
            for field in DESCRIBED
            for code, _name in settings.LANGUAGES
        ]
        for photo in photos
    ]
    return hashlib.sha256(repr(described).encode()).hexdigest()[:16]


def name_of(meeting, photos):
    return f"{FOLDER}/{meeting.slug}-{_fingerprint(photos)}.zip"


def credits_text(meeting, photos):
    lines = [f"IN.TO.EU — {meeting.slug}", ""]
    for number, photo in enumerate(photos, start=1):
        lines.append(f"{number:02d}.jpg")
        for field in DESCRIBED:
            for code, _name in settings.LANGUAGES:
                value = getattr(photo, build_localized_fieldname(field, code))
                if value:
                    lines.append(f"  {field} [{code}]: {value}")
        lines.append(f"  credit: {photo.credit or '-'}")
        lines.append(f"  licence: {photo.licence or '-'}")
        lines.append("")
    return "\n".join(lines)


def pack(meeting, photos):
    """The stored name of the meeting's pack, made now if this set of photos has none."""
    name = name_of(meeting, photos)
    if storage.exists(name):
        return name
    buffer = io.BytesIO()
    # JPEGs are compressed already: stored as they are.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, photo in enumerate(photos, start=1):
            with photo.image.open("rb") as original:
                archive.writestr(f"{number:02d}.jpg", original.read())
        archive.writestr(
            "photos.txt", credits_text(meeting, photos), compress_type=zipfile.ZIP_DEFLATED
        )
    _forget_older(meeting, keep=name)
    return storage.save(name, ContentFile(buffer.getvalue()))


def _forget_older(meeting, keep):
    try:
        _folders, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for file in files:
        path = f"{FOLDER}/{file}"
        if file.startswith(f"{meeting.slug}-") and path != keep:
            storage.delete(path)
