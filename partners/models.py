from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.fields import CheckedImageField, osm_url, validate_timezone
from core.reversing import reverse


class PartnerQuerySet(models.QuerySet):
    def lead_first(self):
        return self.order_by("role", "order", "slug")

    def for_cards(self):
        """Only the columns a partner's card, the footer, a meeting's host, an
        announcement's author and the map (partners/map.py) show (as
        meetings.models.CARD_FIELDS for meetings)."""
        return self.only(
            "slug",
            "role",
            "name",
            "town",
            "country",
            "summary",
            "timezone",
            "latitude",
            "longitude",
        )


class Partner(models.Model):
    class Role(models.TextChoices):
        # lead_first() relies on "lead" sorting before "partner".
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")

    slug = models.SlugField(_("address name"), unique=True)
    name = models.CharField(_("official name"), max_length=200)
    town = models.CharField(_("town"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence for lists and cards.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: blank line between paragraphs, “- ” for lists, [text](link)."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Tirane",
        validators=[validate_timezone],
        help_text=_("The town's time zone, e.g. Europe/Rome; new meetings hosted here use it."),
    )
    image = CheckedImageField(
        _("image or logo"),
        upload_to="partners/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    editor_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="partner",
        help_text=_("Members of this group edit this partner's meetings and announcements."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PartnerQuerySet.as_manager()
    # A partner's editors may see their own partner (see core.access).
    partner_path = "pk"

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["role", "order", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def is_lead(self):
        return self.role == self.Role.LEAD

    @property
    def map_url(self):
        return osm_url(self.latitude, self.longitude, self.town)

    def clean(self):
        # The default language's description is the one every fallback ends on.
        alt_field = build_localized_fieldname("image_alt", settings.LANGUAGE_CODE)
        if self.image and not getattr(self, alt_field, ""):
            raise ValidationError(
                {alt_field: _("Describe the image for people who cannot see it.")}
            )
