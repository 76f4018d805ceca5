from modeltranslation.translator import TranslationOptions, register

from .models import Announcement, Document, Meeting, Photo


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "theme",
        "venue_name",
        "venue_address",
        "summary",
        "body",
        "agenda",
        "outcomes",
    )
    required_languages = ("sq",)


@register(Announcement)
class AnnouncementTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "contact_name")
    required_languages = ("sq",)


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")
    required_languages = ("sq",)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("sq",)
