"""The contact page's demo content."""

from django.contrib.auth.models import Permission

from agency_site.typography import french_typography

from .models import ContactPage

CONTACT_PAGE = {
    "title": "Contact",
    "slug": "contact",
    "intro": (
        "Un projet, une question, une envie d'en parler ? Venez nous voir à l'agence, appelez-nous ou écrivez-nous."
    ),
    "form_title": "Pas le temps ?",
    "form_subtitle": "Formulaire de contact",
}


def load(context):
    """Create the contact page, add it to both menus and let the demo editor handle leads."""
    contact_page = context.child(
        context.home,
        ContactPage,
        CONTACT_PAGE["slug"],
        title=CONTACT_PAGE["title"],
        intro=french_typography(CONTACT_PAGE["intro"]),
        form_title=CONTACT_PAGE["form_title"],
        form_subtitle=CONTACT_PAGE["form_subtitle"],
    )
    context.main_menu.append(contact_page)
    context.footer_links.append(contact_page)
    # Editors handle leads (mark them « traité », release spam) without being superusers.
    context.editor_permissions.extend(
        Permission.objects.filter(
            content_type__app_label="contact", codename__in=["view_contactsubmission", "change_contactsubmission"]
        )
    )
