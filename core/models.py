from django.conf import settings
from django.db import models


class StaffLanguage(models.Model):
    """The language a staff member last used the admin in: the language of the mails the
    site sends them (a new accessibility feedback message, say)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_language"
    )
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)

    def __str__(self):
        return f"{self.user} ({self.language})"


def remember_language(sender, request, user, **kwargs):
    """On login: the language the admin is shown in (LocaleMiddleware chose it)."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    if user.is_staff and language in dict(settings.LANGUAGES):
        StaffLanguage.objects.update_or_create(user=user, defaults={"language": language})


def language_of(user):
    found = StaffLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return found or settings.LANGUAGE_CODE


class Editing(models.Model):
    """A staff member with an item's change form open, as its page last told the site
    (core/presence.py). Only ever a notice: it locks nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    since = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_editing_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.content_type_id}:{self.object_id}"
