from django.db import models
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishingQuerySet
from core.reversing import reverse


class Page(Publishable):
    """A project page whose text staff edit: home, about, contact, accessibility, privacy."""

    class Key(models.TextChoices):
        HOME = "home", _("Home page")
        ABOUT = "about", _("About the project")
        CONTACT = "contact", _("Contact")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")
        PRESS = "press", _("Press")

    key = models.SlugField(_("page"), choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown under the title.")
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: blank line between paragraphs, “- ” for lists, [text](link)."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishingQuerySet.as_manager()

    class Meta:
        verbose_name = _("project page")
        verbose_name_plural = _("project pages")
        ordering = ["key"]
        # Site-wide rights, read by core.access (every permission needs a model).
        permissions = [
            ("publish_content", _("Can publish content and change its non-text fields")),
            ("edit_all_partners", _("Can edit the content of every partner")),
        ]

    def __str__(self):
        return self.title or self.key

    def get_absolute_url(self):
        if self.key == self.Key.HOME:
            return reverse("home")
        if self.key == self.Key.PRESS:
            return reverse("press:press")  # the press app's page shows this text
        return reverse(f"page-{self.key}")
