"""Demo text the seed does not give: the home page, the service pages, the legal pages (team-written)."""

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
        "digitale qui vous ressemble, et nous vous accompagnons avec agilité jusqu'aux résultats.</p>"
    ),
    "services_intro": "Quatre offres, une même méthode : comprendre votre métier, décider ensemble, mesurer.",
    "glossary_intro": (
        "Community management, social media, SEO, leads… Les mots du marketing digital expliqués simplement par "
        "l'équipe de l'agence."
    ),
}

GLOSSARY_INDEX = {
    "title": "Glossaire",
    "slug": "glossaire",
    "seo_title": "Glossaire du marketing digital",
    "intro": (
        "Les termes du marketing digital et des réseaux sociaux, définis par l'équipe de 50A : une définition "
        "courte pour comprendre, un article pour approfondir."
    ),
}

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
                "Nous travaillons en ateliers courts avec vos équipes : chaque décision est prise ensemble, chaque "
                "livrable est testé auprès de vos clients avant d'être déployé. Vous gardez la main sur votre "
                "communication, nous vous apportons le regard et le savoir-faire de l'agence.",
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
                    "Des campagnes sponsorisées ciblées et des rapports de performance mensuels.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Écouter avant de publier : nous partons de ce que disent déjà vos clients, vos collaborateurs et vos "
                "concurrents, puis nous testons, mesurons et ajustons chaque mois avec vous.",
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
                "Des objectifs chiffrés dès le départ, des tests rapides et un point mensuel sur les résultats : "
                "nous investissons votre budget là où il rapporte des contacts qualifiés.",
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
                    "Un accompagnement dans la durée, jusqu'à l'autonomie de vos équipes.",
                ],
            ),
            ("h2", "Notre méthode"),
            (
                "p",
                "Nous formons en faisant : chaque atelier part d'un cas réel de votre entreprise, et chaque équipe "
                "repart avec un résultat concret et les moyens de le reproduire.",
            ),
        ],
    },
]

CONTACT_PAGE = {
    "title": "Contact",
    "slug": "contact",
    "intro": (
        "Un projet, une question, une envie d'en parler ? Écrivez-nous : nous vous répondons sous un jour ouvré. "
        "Vous pouvez aussi nous appeler ou passer à l'agence."
    ),
    "form_title": "Pas le temps ?",
    "form_subtitle": "Formulaire de contact",
}

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
            "numéro de mobile et votre message. Ces données servent uniquement à répondre à votre demande et, le cas "
            "échéant, à vous présenter nos offres. La base légale du traitement est la réponse à votre demande.",
        ),
        ("h2", "Durée de conservation"),
        (
            "p",
            "Vos demandes sont conservées trois ans après notre dernier échange, conformément aux recommandations "
            "de la CNIL pour les données de prospects, puis supprimées.",
        ),
        ("h2", "Vos droits"),
        (
            "p",
            "Vous pouvez accéder à vos données, les faire rectifier ou effacer, et vous opposer à leur traitement en "
            "écrivant à contact@50a.fr. Vous pouvez aussi adresser une réclamation à la CNIL.",
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
    "intro": "Informations sur l'éditeur du site www.50a.fr.",
    "body": [
        ("h2", "Éditeur"),
        (
            "p",
            "Le site www.50a.fr est édité par l'agence 50A, 28 rue du Chemin Vert, 75011 Paris. Téléphone : "
            "01 40 33 00 65. E-mail : contact@50a.fr.",
        ),
        ("h2", "Directeur de la publication"),
        ("p", "Le représentant légal de l'agence 50A."),
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
