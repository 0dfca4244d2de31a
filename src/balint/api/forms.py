import secrets

from django import forms
from django.core.validators import RegexValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext_lazy

from balint.api.models import ApiToken
from balint.api.services import EXPIRY_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=gettext_lazy("What the token is for, e.g. “Residency dashboard”."),
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=[
            ("read", gettext_lazy("Read only")),
            ("write", gettext_lazy("Read and write (record attendance, apply codes)")),
        ],
        initial="read",
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Either way the token acts as you, with your roles and nothing more."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            *((str(d), format_lazy(ngettext_lazy("in {d} day", "in {d} days", d), d=d)) for d in EXPIRY_DAYS),
            ("", gettext_lazy("never")),
        ],
        coerce=int,
        empty_value=None,
        initial="90",
        required=False,
    )
    form_nonce = forms.CharField(
        widget=forms.HiddenInput,
        max_length=32,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]{16,32}$")],
        initial=lambda: secrets.token_urlsafe(16),
    )
