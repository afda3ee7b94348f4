"""The offers' demo content: the index page and the four offers (titles and teasers are the seed's)."""

from agency_site.demo.loader import stream_blocks
from agency_site.typography import french_typography

from .models import ServiceIndexPage, ServicePage

SERVICE_INDEX = {
    "title": "Nos offres",
    "slug": "offres",
    "intro": (
        "Nous co-construisons avec vous chaque projet, de la stratégie à l'exécution, et nous vous accompagnons "
        "avec agilité pour que vos équipes gagnent en autonomie."
    ),
}

# Titles and teasers are the seed's; intro and body are the team's.
SERVICES = [
    {
        "title": "Communication digitale",
        "slug": "communication-digitale",
        "teaser_headline": "Co-construire votre communication digitale.",
        "teaser_text": "Vous accompagner avec agilité pour promouvoir vos offres et services digitaux.",
        "intro": (
            "Site, contenus, campagnes : nous construisons avec vous une communication digitale claire, cohérente "
            "et mesurable, au service de vos offres."
        ),
        "body": [
            ("h2", "Ce que nous faisons avec vous"),
            (
                "ul",
                [
                    "Un diagnostic de votre présence en ligne et de celle de vos concurrents.",
                    "Une plateforme de marque et des messages adaptés à chacun de vos publics.",
                    "Un plan éditorial et des contenus : articles, vidéos, infographies, newsletters.",
                    "Des campagnes de lancement pour vos nouvelles offres et vos nouveaux services.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Nous travaillons en ateliers avec vos équipes et nous prenons les décisions ensemble. Vous gardez "
                "la main sur votre communication, nous vous apportons le regard et le savoir-faire de l'agence.",
            ),
        ],
    },
    {
        "title": "Social media",
        "slug": "social-media",
        "teaser_headline": "Co-construire votre stratégie social media.",
        "teaser_text": "Vous accompagner avec agilité pour engager vos communautés professionnelles.",
        "intro": (
            "LinkedIn, Instagram, Facebook, YouTube : nous définissons avec vous les réseaux où parler, quoi y dire "
            "et comment animer des communautés qui vous font confiance."
        ),
        "body": [
            ("h2", "Ce que nous faisons avec vous"),
            (
                "ul",
                [
                    "Un audit de vos comptes et de votre e-réputation.",
                    "Une ligne éditoriale, un calendrier de publication et une charte de modération.",
                    "Le community management au quotidien, par l'agence ou aux côtés de vos équipes.",
                    "Des campagnes sponsorisées ciblées et le suivi de leurs résultats.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Écouter avant de publier : nous partons de ce que disent déjà vos clients, vos collaborateurs et vos "
                "concurrents, puis nous mesurons et ajustons avec vous.",
            ),
        ],
    },
    {
        "title": "Marketing digital",
        "slug": "marketing-digital",
        "teaser_headline": "Co-construire votre stratégie de marketing digital.",
        "teaser_text": "Vous accompagner avec agilité pour générer des leads.",
        "intro": (
            "SEO, SEA, inbound marketing, marketing automation : nous construisons avec vous un dispositif qui "
            "attire des prospects qualifiés et les accompagne jusqu'à la vente."
        ),
        "body": [
            ("h2", "Ce que nous faisons avec vous"),
            (
                "ul",
                [
                    "Des personas et un parcours client fondés sur vos données.",
                    "Le référencement naturel et payant de votre site.",
                    "Des contenus et des offres qui transforment vos visiteurs en leads.",
                    "Le suivi des leads dans votre CRM et des tableaux de bord partagés.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Nous fixons ensemble les objectifs et les indicateurs qui comptent pour vous, puis nous suivons "
                "les résultats avec vous pour orienter votre budget vers ce qui apporte des contacts qualifiés.",
            ),
        ],
    },
    {
        "title": "Transformation digitale",
        "slug": "transformation-digitale",
        "teaser_headline": "Co-construire votre transformation digitale.",
        "teaser_text": "Vous accompagner pour faire monter en compétences vos équipes.",
        "intro": (
            "Outils, organisation, compétences : nous accompagnons vos équipes pour qu'elles s'approprient les "
            "usages du digital et les fassent vivre dans la durée."
        ),
        "body": [
            ("h2", "Ce que nous faisons avec vous"),
            (
                "ul",
                [
                    "Un état des lieux de vos outils, de vos processus et des compétences de vos équipes.",
                    "Une feuille de route priorisée, projet par projet.",
                    "Des formations pratiques : réseaux sociaux, contenus, outils collaboratifs, données.",
                    "Un accompagnement de vos équipes dans la mise en pratique.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Nous formons en faisant : les ateliers partent de cas réels de votre entreprise, pour que vos "
                "équipes s'approprient les outils et les usages.",
            ),
        ],
    },
]


def load(context):
    """Create the offers index and the four offer pages under the home page; add the index to the main menu."""
    service_index = context.child(
        context.home,
        ServiceIndexPage,
        SERVICE_INDEX["slug"],
        title=SERVICE_INDEX["title"],
        intro=french_typography(SERVICE_INDEX["intro"]),
    )
    for spec in SERVICES:
        context.child(
            service_index,
            ServicePage,
            spec["slug"],
            title=spec["title"],
            teaser_headline=french_typography(spec["teaser_headline"]),
            teaser_text=french_typography(spec["teaser_text"]),
            intro=french_typography(spec["intro"]),
            listing_summary=french_typography(f"{spec['teaser_headline']} {spec['teaser_text']}"),
            body=stream_blocks(spec["body"]),
        )
    context.main_menu.append(service_index)
