"""The contact form's fields: the empty form's HTML is rendered once per process, and stays what crispy-forms gives."""

from django.template import engines

from contact.forms import ContactForm
from contact.templatetags import contact_tags


def render(template, **context):
    return engines["django"].from_string(template).render(context)


def test_the_empty_form_is_rendered_once_and_exactly_as_crispy_renders_it(monkeypatch):
    monkeypatch.setattr(contact_tags, "_empty_form_fields", {})
    expected = render("{% load crispy_forms_tags %}{% crispy form %}", form=ContactForm())
    first = render("{% load contact_tags %}{% contact_form_fields form %}", form=ContactForm())
    assert first == expected
    assert 'name="email"' in first and "<label" in first

    renders = []
    monkeypatch.setattr(contact_tags, "render_crispy_form", lambda form: renders.append(form) or "")
    assert render("{% load contact_tags %}{% contact_form_fields form %}", form=ContactForm()) == expected
    assert renders == []


def test_a_posted_form_shows_what_the_visitor_typed_and_the_errors(monkeypatch):
    monkeypatch.setattr(contact_tags, "_empty_form_fields", {})
    render("{% load contact_tags %}{% contact_form_fields form %}", form=ContactForm())
    posted = ContactForm(data={"name": "Léa <b>", "email": "pas-une-adresse", "message": ""})
    posted.is_valid()
    html = render("{% load contact_tags %}{% contact_form_fields form %}", form=posted)
    assert html == render("{% load crispy_forms_tags %}{% crispy form %}", form=posted)
    assert "Léa &lt;b&gt;" in html
    assert "pas-une-adresse" in html
    assert "invalid-feedback" in html
