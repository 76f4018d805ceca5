from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConsentField, HoneypotForm


class FeedbackForm(HoneypotForm):
    page = forms.CharField(
        label=_("Page concerned (optional)"),
        max_length=500,
        required=False,
        help_text=_("The address of the page, or its title."),
    )
    message = forms.CharField(
        label=_("What is the problem, or what content do you need in an accessible form?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please describe the problem or what you need.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address, for our answer (optional)"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Please enter an e-mail address such as name@example.org.")},
    )
    consent = ConsentField(
        label=_(
            "If I give my address: I agree that IN.TO.EU keeps it with my message to answer "
            "me, as the privacy notice explains, and deletes both a year after the answer."
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("consent"):
            self.add_error(
                "consent", _("Please agree that we keep your address to answer, or leave it out.")
            )
        return cleaned
