"""System checks of what the site publishes: the legal notice French law asks of a company's site."""

from django.core.checks import Warning, register
from django.db import DatabaseError

LEGAL_NOTICE_INCOMPLETE = "agency_site.W001"
LEGAL_NOTICE_UNREADABLE = "agency_site.W002"


@register("legal", deploy=True)
def check_legal_notice(app_configs, **kwargs):
    """`manage.py check --deploy` warns while a site's legal notice (LCEN art. 6) has an empty field."""
    from wagtail.models import Site

    from .models import AgencySettings

    try:
        sites = list(Site.objects.order_by("hostname"))
        settings_by_site = {row.site_id: row for row in AgencySettings.objects.filter(site__in=sites)}
    except DatabaseError as error:
        return [
            Warning(
                "Mentions légales non vérifiées : la base de données est illisible.",
                hint=f"Migrez la base de production puis relancez la vérification ({error.__class__.__name__}).",
                id=LEGAL_NOTICE_UNREADABLE,
            )
        ]
    warnings = []
    for site in sites:
        # Read, never created: a check does not write.
        agency = settings_by_site.get(site.pk) or AgencySettings(site=site)
        missing = agency.missing_legal_notice
        if missing:
            warnings.append(
                Warning(
                    f"Mentions légales incomplètes pour le site {site.hostname} : "
                    + ", ".join(str(label) for label in missing)
                    + ".",
                    hint="Renseignez-les dans l’admin, Paramètres › Coordonnées de l’agence (LCEN, article 6).",
                    obj=site,
                    id=LEGAL_NOTICE_INCOMPLETE,
                )
            )
    return warnings
