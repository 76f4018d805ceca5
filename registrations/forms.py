from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import ConsentField, HoneypotForm


class RegisterForm(HoneypotForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Please enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter an e-mail address such as name@example.org."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    language = forms.ChoiceField(label=_("Language of the mails"), choices=settings.LANGUAGES)
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        help_text=_(
            "For example step-free access, sign language interpretation, a hearing loop, "
            "documents in large print or a quiet place."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = ConsentField(
        label=_(
            "I agree that the organisers keep these details to manage my place and to write "
            "to me about this meeting, and my access needs only to prepare for them, as the "
            "privacy notice explains. All are deleted 30 days after the meeting, or at once if "
            "I cancel."
        ),
        required=True,
        error_messages={"required": _("Please agree, or we cannot register you.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
