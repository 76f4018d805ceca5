from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import ConsentField, HoneypotForm
from core.text import translated
from partners.models import Partner

from .models import Subscriber


class PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return translated(partner, "name").text


class ChoicesForm(forms.ModelForm):
    """What to receive, in which language, from which partners."""

    language = forms.ChoiceField(label=_("Language of the mails"), choices=settings.LANGUAGES)
    partner = PartnerChoice(
        label=_("From which partners"),
        queryset=Partner.objects.order_by("role", "order"),
        required=False,
        empty_label=_("All four partners"),
    )

    class Meta:
        model = Subscriber
        fields = ["language", "announcements", "new_meetings", "meeting_changes", "partner"]
        labels = {
            "announcements": _("Announcements"),
            "new_meetings": _("New meetings"),
            "meeting_changes": _(
                "A meeting's date, time, place or status changes, or it is cancelled"
            ),
        }

    def clean(self):
        cleaned = super().clean()
        topics = ("announcements", "new_meetings", "meeting_changes")
        if not any(cleaned.get(name) for name in topics):
            raise forms.ValidationError(_("Please choose at least one kind of alert."))
        return cleaned


class SubscribeForm(HoneypotForm, ChoicesForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Please enter an e-mail address such as name@example.org.")},
    )
    consent = ConsentField(
        label=_(
            "I agree that IN.TO.EU keeps my e-mail address and these choices to send me the "
            "alerts, as the privacy notice explains, until I leave."
        ),
        required=True,
        error_messages={"required": _("Please agree, or we cannot send you alerts.")},
    )

    class Meta(ChoicesForm.Meta):
        fields = ["email", *ChoicesForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()

    def _get_validation_exclusions(self):
        # An address already there is not the form's error: the view answers alike whether
        # or not it is subscribed (the constraint on it is skipped with it excluded).
        return {*super()._get_validation_exclusions(), "email"}
