"""The contact form: the seed's five fields, validated with French messages."""

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        error_messages={
            "required": _("Indiquez votre nom et prénom."),
            "max_length": _("Le nom ne peut pas dépasser %(limit_value)d caractères."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    company = forms.CharField(
        label=_("Société"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Le nom de la société ne peut pas dépasser %(limit_value)d caractères.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail pour que nous puissions vous répondre."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@societe.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile"),
        max_length=32,
        required=False,
        error_messages={"max_length": _("Le numéro ne peut pas dépasser %(limit_value)d caractères.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : %(limit_value)d caractères au plus (il en compte %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    # Filled by contact.js (or by the server's confirmation step): signed issue time + idempotency key.
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=400)
    # Honeypot: hidden from people and assistive technology, irresistible to naive bots.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            "company",
            "email",
            "phone",
            "message",
            "token",
            Div("website", css_class="contact-form__trap visually-hidden", aria_hidden="true"),
        )

    def clean_name(self):
        # Control characters count as blanks: a name made only of them is no name.
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"], code="required")
        return name

    def clean_company(self):
        # It heads the notification's subject and a label line of its body: one line, like the name.
        return " ".join(self.cleaned_data["company"].split())

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."),
                code="invalid_phone",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
