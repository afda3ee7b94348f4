"""Demo text the seed does not give: the agency's details, the home page, the legal pages (team-written)."""

AGENCY = {
    "name": "50A",
    "block_title": "Nous contacter",
    "block_subtitle": "Venez à l'agence de Paris",
    "street_address": "28 rue du Chemin Vert",
    "postcode": "75011",
    "city": "Paris",
    "email": "contact@50a.fr",
    "phone": "01 40 33 00 65",
    "map_url": "https://www.google.com/maps/search/?api=1&query=28+rue+du+Chemin+Vert+75011+Paris",
    "latitude": "48.857700",
    "longitude": "2.373400",
    "notification_recipients": "contact@50a.fr",
}

HOME = {
    "title": "Accueil",
    "slug": "accueil",
    "seo_title": "50A, agence digitale à Paris : communication, social media, marketing",
    "search_description": (
        "50A, agence digitale à Paris, co-construit avec vous votre communication digitale, votre stratégie "
        "social media, votre marketing digital et votre transformation digitale."
    ),
    "hero_title": "Votre agence digitale à Paris, qui co-construit avec vous",
    "hero_text": (
        "<p>Communication, social media, marketing, transformation : nous bâtissons avec vos équipes une présence "
        "digitale qui vous ressemble, et nous vous accompagnons avec agilité.</p>"
    ),
    "services_intro": "Quatre offres, une même méthode : comprendre votre métier, décider ensemble, mesurer.",
    "glossary_intro": (
        "Community management, social media, SEO, leads… Les mots du marketing digital expliqués simplement par "
        "l'équipe de l'agence."
    ),
}

# The privacy page says what the notice under the form says (contact.pipeline.privacy_notice_text), at length;
# neither says the agency will send offers. The legal page's publisher and host come from the agency settings
# (the legal_notice block), « à compléter » until the agency fills them in.
PRIVACY_PAGE = {
    "title": "Politique de confidentialité",
    "slug": "confidentialite",
    "intro": "Comment 50A traite les données personnelles que vous nous confiez sur ce site.",
    "body": [
        ("h2", "Responsable du traitement"),
        (
            "p",
            "Les données sont traitées par l'agence 50A, 28 rue du Chemin Vert, 75011 Paris, joignable à "
            "contact@50a.fr ou au 01 40 33 00 65.",
        ),
        ("h2", "Données collectées et finalité"),
        (
            "p",
            "Le formulaire de contact recueille votre nom et prénom, votre société, votre adresse e-mail, votre "
            "numéro de mobile et votre message. L'agence traite ces informations uniquement pour répondre à votre "
            "demande.",
        ),
        ("h2", "Base légale"),
        (
            "p",
            "Selon votre demande, le traitement repose sur l'exécution de mesures précontractuelles prises à votre "
            "demande (RGPD, article 6, paragraphe 1, b) ou, à défaut, sur l'intérêt légitime de l'agence à "
            "répondre à qui la contacte (article 6, paragraphe 1, f).",
        ),
        ("h2", "Destinataires"),
        (
            "p",
            "Seules l'équipe de l'agence et ses prestataires techniques (hébergement du site, envoi des e-mails) "
            "ont accès à ces informations, pour les seuls besoins de votre demande.",
        ),
        ("h2", "Durée de conservation"),
        (
            "p",
            "Vos demandes sont conservées trois ans à compter de votre demande, puis supprimées.",
        ),
        ("h2", "Vos droits"),
        (
            "p",
            "Vous pouvez accéder à vos données, les faire rectifier ou effacer, vous opposer à leur traitement ou "
            "en demander la limitation en écrivant à contact@50a.fr ou à l'adresse de l'agence. Vous pouvez aussi "
            "adresser une réclamation à la CNIL (www.cnil.fr).",
        ),
        ("h2", "Cookies"),
        (
            "p",
            "Ce site ne dépose aucun cookie publicitaire ni de mesure d'audience. Les seuls cookies utilisés sont "
            "ceux, strictement nécessaires, de l'espace d'administration.",
        ),
    ],
}

LEGAL_PAGE = {
    "title": "Mentions légales",
    "slug": "mentions-legales",
    "intro": "Informations sur l'éditeur et l'hébergeur du site www.50a.fr.",
    "body": [
        ("h2", "Éditeur et hébergeur du site"),
        ("legal_notice",),
        ("h2", "Contact"),
        (
            "p",
            "Agence 50A, 28 rue du Chemin Vert, 75011 Paris. Téléphone : 01 40 33 00 65. E-mail : contact@50a.fr.",
        ),
        ("h2", "Propriété intellectuelle"),
        (
            "p",
            "Les textes, illustrations et éléments graphiques de ce site sont la propriété de 50A, sauf mention "
            "contraire. Toute reproduction sans autorisation préalable est interdite.",
        ),
        ("h2", "Données personnelles"),
        ("p", "Le traitement de vos données est décrit dans notre politique de confidentialité."),
    ],
}
