"""The demo glossary: categories and about thirty entries of the agency's field, written by the team."""

CATEGORIES = [
    ("reseaux-sociaux", "Réseaux sociaux"),
    ("referencement", "Référencement"),
    ("marketing-digital", "Marketing digital"),
    ("mesure-et-donnees", "Mesure et données"),
    ("experience-utilisateur", "Expérience utilisateur"),
    ("strategie", "Stratégie et transformation"),
]

SOCIAL = ["social-media", "communication-digitale"]
MARKETING = ["marketing-digital"]
TRANSFORMATION = ["transformation-digitale"]

ENTRIES = [
    {
        "slug": "community-manager",
        "title": "Community manager",
        "category": "reseaux-sociaux",
        "synonyms": ["CM", "community managers", "gestionnaire de communauté", "animateur de communauté"],
        "definition": "Le community manager anime et fédère les communautés d'une marque sur les réseaux sociaux, "
        "en publiant, en répondant et en mesurant ce qui s'y dit.",
        "body": [
            (
                "p",
                "Au quotidien, le community manager planifie les publications selon la ligne éditoriale, répond "
                "aux commentaires et aux messages, et remonte les signaux faibles repérés grâce à l'écoute sociale.",
            ),
            ("h2", "Ses indicateurs"),
            (
                "p",
                "Il suit le taux d'engagement, la croissance de l'audience et le sentiment exprimé, autant de KPI "
                "qui nourrissent le bilan mensuel présenté au social media manager.",
            ),
        ],
        "related": ["social-media-manager", "community-management", "ecoute-sociale", "taux-d-engagement"],
        "services": SOCIAL,
    },
    {
        "slug": "social-media-manager",
        "title": "Social media manager",
        "category": "reseaux-sociaux",
        "synonyms": ["SMM", "responsable des réseaux sociaux", "social media managers"],
        "definition": "Le social media manager définit la stratégie d'une marque sur les réseaux sociaux, fixe les "
        "objectifs et pilote les moyens, dont les community managers.",
        "body": [
            (
                "p",
                "Là où le community manager anime la conversation, le social media manager décide des "
                "plateformes, du budget publicitaire et des personas à toucher.",
            ),
            ("p", "Il rend compte du retour sur investissement des actions sociales à la direction marketing."),
        ],
        "related": ["community-manager", "reseaux-sociaux", "kpi"],
        "services": SOCIAL,
    },
    {
        "slug": "community-management",
        "title": "Community management",
        "category": "reseaux-sociaux",
        "synonyms": ["gestion de communauté", "animation de communauté"],
        "definition": "Le community management regroupe les actions qui créent, animent et fidélisent une "
        "communauté autour d'une marque, en ligne comme hors ligne.",
        "body": [
            (
                "p",
                "Il s'appuie sur une ligne éditoriale claire, des contenus réguliers et une écoute attentive : "
                "une communauté se construit dans la durée.",
            ),
            ("p", "Bien mené, il protège l'e-réputation de la marque et transforme ses clients en ambassadeurs."),
        ],
        "related": ["community-manager", "e-reputation", "ligne-editoriale"],
        "services": SOCIAL,
    },
    {
        "slug": "reseaux-sociaux",
        "title": "Réseaux sociaux",
        "category": "reseaux-sociaux",
        "synonyms": ["réseau social", "médias sociaux", "social media"],
        "definition": "Les réseaux sociaux sont les plateformes en ligne où les internautes publient, partagent et "
        "échangent : LinkedIn, Instagram, TikTok, Facebook, YouTube ou X.",
        "body": [
            (
                "p",
                "Chaque plateforme a ses codes, ses formats et son audience : une marque choisit ceux où se "
                "trouvent ses personas plutôt que d'être partout.",
            ),
            ("p", "En B2B, LinkedIn reste le premier canal pour générer des leads et installer une expertise."),
        ],
        "related": ["social-media-manager", "community-management", "ugc"],
        "services": SOCIAL,
    },
    {
        "slug": "e-reputation",
        "title": "E-réputation",
        "category": "reseaux-sociaux",
        "synonyms": ["e-reputation", "réputation en ligne", "réputation numérique"],
        "definition": "L'e-réputation est l'image d'une marque, d'une entreprise ou d'une personne telle qu'elle "
        "ressort de ce qui se dit d'elle sur le Web.",
        "body": [
            (
                "p",
                "Avis clients, articles, commentaires et résultats de recherche la façonnent. On la surveille par "
                "l'écoute sociale et on la travaille par le contenu et le dialogue.",
            ),
            ("h2", "Réagir à une crise"),
            (
                "p",
                "Répondre vite, reconnaître les faits et proposer une solution : une crise bien gérée peut "
                "renforcer la confiance.",
            ),
        ],
        "related": ["ecoute-sociale", "community-management", "seo"],
        "services": SOCIAL,
    },
    {
        "slug": "ecoute-sociale",
        "title": "Écoute sociale",
        "category": "reseaux-sociaux",
        "synonyms": ["social listening", "veille sociale", "veille des réseaux sociaux"],
        "definition": "L'écoute sociale consiste à suivre et analyser ce qui se dit d'une marque, de ses concurrents "
        "et de son marché sur les réseaux sociaux et le Web.",
        "body": [
            (
                "p",
                "Des outils collectent les mentions ; l'analyste en tire des tendances, des irritants clients et "
                "des idées de contenus.",
            ),
            ("p", "C'est le premier rempart de l'e-réputation et une source précieuse pour affiner ses personas."),
        ],
        "related": ["e-reputation", "community-manager", "persona"],
        "services": SOCIAL,
    },
    {
        "slug": "taux-d-engagement",
        "title": "Taux d'engagement",
        "category": "mesure-et-donnees",
        "synonyms": ["engagement rate", "taux d'interaction"],
        "definition": "Le taux d'engagement rapporte les interactions (réactions, commentaires, partages, clics) "
        "d'une publication à sa portée ou à l'audience du compte.",
        "body": [
            (
                "p",
                "Plus qu'un nombre d'abonnés, il dit si le contenu intéresse vraiment. On le compare d'une "
                "publication à l'autre et à la moyenne du secteur.",
            ),
            (
                "p",
                "Un bon taux d'engagement dépend de la plateforme : ce qui est excellent sur LinkedIn peut être "
                "moyen sur TikTok.",
            ),
        ],
        "related": ["kpi", "community-manager", "reseaux-sociaux"],
        "services": SOCIAL,
    },
    {
        "slug": "ugc",
        "title": "UGC",
        "category": "reseaux-sociaux",
        "synonyms": ["contenu généré par les utilisateurs", "user generated content"],
        "definition": "Les UGC sont les contenus créés par les clients ou les fans d'une marque : avis, photos, "
        "vidéos, témoignages.",
        "body": [
            (
                "p",
                "Authentiques, ils inspirent davantage confiance que la publicité. Une marque peut les encourager "
                "par un concours ou un hashtag, puis les relayer avec l'accord de leurs auteurs.",
            ),
        ],
        "related": ["reseaux-sociaux", "marketing-d-influence"],
        "services": SOCIAL,
    },
    {
        "slug": "marketing-d-influence",
        "title": "Marketing d'influence",
        "category": "reseaux-sociaux",
        "synonyms": ["influence marketing", "marketing des influenceurs"],
        "definition": "Le marketing d'influence associe une marque à des créateurs de contenu suivis par son public "
        "cible, pour gagner en visibilité et en crédibilité.",
        "body": [
            (
                "p",
                "On choisit un créateur pour l'affinité de son audience avec la marque plus que pour sa taille ; "
                "la collaboration commerciale doit toujours être signalée.",
            ),
        ],
        "related": ["ugc", "reseaux-sociaux", "brand-content"],
        "services": SOCIAL,
    },
    {
        "slug": "seo",
        "title": "SEO",
        "category": "referencement",
        "synonyms": ["référencement naturel", "search engine optimization"],
        "definition": "Le SEO regroupe les techniques qui améliorent la position d'un site dans les résultats non "
        "payants des moteurs de recherche.",
        "body": [
            ("h2", "Trois piliers"),
            (
                "p",
                "La technique (un site rapide et explorable), le contenu (des pages qui répondent aux questions "
                "des internautes) et la popularité (des liens venant de sites de confiance).",
            ),
            ("p", "Le SEO s'inscrit dans la durée ; le SEA apporte une visibilité immédiate en complément."),
        ],
        "related": ["sea", "sem", "marketing-de-contenu"],
        "services": MARKETING,
    },
    {
        "slug": "sea",
        "title": "SEA",
        "category": "referencement",
        "synonyms": ["référencement payant", "search engine advertising"],
        "definition": "Le SEA désigne les annonces payantes affichées dans les moteurs de recherche, achetées aux "
        "enchères sur des mots-clés.",
        "body": [
            (
                "p",
                "On paie au clic : le SEA donne des résultats dès le premier jour, à condition de soigner la "
                "landing page et de suivre le taux de conversion.",
            ),
        ],
        "related": ["seo", "sem", "landing-page"],
        "services": MARKETING,
    },
    {
        "slug": "sem",
        "title": "SEM",
        "category": "referencement",
        "synonyms": ["search engine marketing", "marketing des moteurs de recherche"],
        "definition": "Le SEM réunit SEO et SEA : toutes les actions qui rendent une marque visible dans les moteurs "
        "de recherche.",
        "body": [
            (
                "p",
                "Piloter SEO et SEA ensemble évite de payer des clics sur des requêtes où le site est déjà bien "
                "placé naturellement.",
            ),
        ],
        "related": ["seo", "sea"],
        "services": MARKETING,
    },
    {
        "slug": "inbound-marketing",
        "title": "Inbound marketing",
        "category": "marketing-digital",
        "synonyms": ["marketing entrant"],
        "definition": "L'inbound marketing attire les prospects vers la marque grâce à des contenus utiles, au lieu "
        "d'aller les chercher par la publicité intrusive.",
        "body": [
            (
                "p",
                "Attirer, convertir, conclure, fidéliser : chaque étape a ses contenus, du billet de blog à la "
                "newsletter, et ses outils, du CRM au marketing automation.",
            ),
            ("p", "Il repose sur des personas précis et sur le lead nurturing."),
        ],
        "related": ["marketing-de-contenu", "lead", "lead-nurturing", "persona"],
        "services": MARKETING,
    },
    {
        "slug": "lead",
        "title": "Lead",
        "category": "marketing-digital",
        "synonyms": ["prospect", "contact commercial"],
        "definition": "Un lead est un contact qui a montré un intérêt pour une offre, par exemple en remplissant un "
        "formulaire, et que l'on peut transformer en client.",
        "body": [
            (
                "p",
                "On distingue le lead marketing, encore en découverte, du lead commercial, prêt à échanger avec un "
                "vendeur. Le CRM garde la trace de chaque échange.",
            ),
        ],
        "related": ["lead-nurturing", "crm", "taux-de-conversion"],
        "services": MARKETING,
    },
    {
        "slug": "lead-nurturing",
        "title": "Lead nurturing",
        "category": "marketing-digital",
        "synonyms": ["maturation des leads", "nurturing"],
        "definition": "Le lead nurturing entretient la relation avec des prospects pas encore prêts à acheter, par "
        "des contenus adaptés à leur avancement.",
        "body": [
            (
                "p",
                "Une série d'e-mails, une invitation à un webinaire, une étude de cas : chaque message fait mûrir "
                "le projet jusqu'au bon moment pour un échange commercial.",
            ),
        ],
        "related": ["lead", "marketing-automation", "inbound-marketing"],
        "services": MARKETING,
    },
    {
        "slug": "persona",
        "title": "Persona",
        "category": "marketing-digital",
        "synonyms": ["buyer persona", "personas", "client type"],
        "definition": "Un persona est le portrait semi-fictif d'un client type : ses objectifs, ses freins, ses "
        "habitudes et les canaux où il s'informe.",
        "body": [
            (
                "p",
                "Construit à partir d'entretiens et de données réelles, il aide toute l'équipe à écrire pour "
                "quelqu'un plutôt que pour tout le monde.",
            ),
        ],
        "related": ["inbound-marketing", "ux", "ecoute-sociale"],
        "services": MARKETING,
    },
    {
        "slug": "crm",
        "title": "CRM",
        "category": "mesure-et-donnees",
        "synonyms": ["gestion de la relation client", "customer relationship management", "GRC"],
        "definition": "Le CRM est à la fois la démarche et le logiciel qui centralisent les informations et "
        "l'historique des échanges avec chaque client et prospect.",
        "body": [
            (
                "p",
                "Relié au site et aux outils de marketing automation, il permet de suivre un lead du premier "
                "contact à la signature, puis de le fidéliser.",
            ),
        ],
        "related": ["lead", "marketing-automation"],
        "services": TRANSFORMATION,
    },
    {
        "slug": "kpi",
        "title": "KPI",
        "category": "mesure-et-donnees",
        "synonyms": ["indicateur clé de performance", "key performance indicator", "indicateurs de performance"],
        "definition": "Un KPI est un indicateur chiffré choisi pour mesurer l'atteinte d'un objectif précis.",
        "body": [
            (
                "p",
                "Un bon KPI est lié à un objectif, mesurable et suivi dans le temps : taux de conversion, coût "
                "par lead, taux d'engagement ou retour sur investissement.",
            ),
        ],
        "related": ["taux-d-engagement", "taux-de-conversion", "roi"],
        "services": MARKETING,
    },
    {
        "slug": "taux-de-conversion",
        "title": "Taux de conversion",
        "category": "mesure-et-donnees",
        "synonyms": ["conversion rate"],
        "definition": "Le taux de conversion est la part des visiteurs qui accomplissent l'action attendue : achat, "
        "demande de devis, inscription.",
        "body": [
            ("p", "On l'améliore par une landing page claire, un call-to-action visible et un formulaire court."),
        ],
        "related": ["landing-page", "call-to-action", "kpi"],
        "services": MARKETING,
    },
    {
        "slug": "roi",
        "title": "ROI",
        "category": "mesure-et-donnees",
        "synonyms": ["retour sur investissement", "return on investment"],
        "definition": "Le ROI compare ce qu'une action a rapporté à ce qu'elle a coûté.",
        "body": [
            (
                "p",
                "En marketing digital, il se calcule d'autant mieux que le parcours du lead est suivi jusqu'à la "
                "vente dans le CRM.",
            ),
        ],
        "related": ["kpi", "crm"],
        "services": MARKETING,
    },
    {
        "slug": "landing-page",
        "title": "Landing page",
        "category": "marketing-digital",
        "synonyms": ["page d'atterrissage", "page de destination"],
        "definition": "Une landing page est une page conçue pour accueillir les visiteurs d'une campagne et les "
        "amener à une seule action.",
        "body": [
            (
                "p",
                "Un titre qui reprend la promesse de l'annonce, des preuves, un call-to-action unique : tout y sert "
                "le taux de conversion.",
            ),
        ],
        "related": ["call-to-action", "taux-de-conversion", "sea"],
        "services": MARKETING,
    },
    {
        "slug": "call-to-action",
        "title": "Call-to-action",
        "category": "experience-utilisateur",
        "synonyms": ["CTA", "appel à l'action", "bouton d'action"],
        "definition": "Un call-to-action est le bouton ou le lien qui invite le visiteur à passer à l'étape "
        "suivante : « Demander un devis », « Télécharger le guide ».",
        "body": [
            (
                "p",
                "Un verbe d'action, un bénéfice clair et un contraste suffisant le rendent efficace, y compris "
                "pour les personnes qui naviguent au clavier.",
            ),
        ],
        "related": ["landing-page", "ux"],
        "services": MARKETING,
    },
    {
        "slug": "ux",
        "title": "UX",
        "category": "experience-utilisateur",
        "synonyms": ["expérience utilisateur", "user experience", "UX design"],
        "definition": "L'UX désigne l'expérience vécue par une personne qui utilise un site, une application ou un "
        "service : facilité, efficacité, satisfaction.",
        "body": [
            (
                "p",
                "Elle se travaille par la recherche utilisateur, les personas, les tests et l'accessibilité, bien "
                "avant l'apparence, qui relève de l'UI.",
            ),
        ],
        "related": ["ui", "persona", "call-to-action"],
        "services": TRANSFORMATION,
    },
    {
        "slug": "ui",
        "title": "UI",
        "category": "experience-utilisateur",
        "synonyms": ["interface utilisateur", "user interface", "UI design"],
        "definition": "L'UI est l'interface visible d'un produit numérique : mise en page, typographie, couleurs, "
        "boutons et composants.",
        "body": [
            ("p", "Une bonne UI rend l'UX évidente : chaque élément a l'air de ce qu'il fait."),
        ],
        "related": ["ux"],
        "services": TRANSFORMATION,
    },
    {
        "slug": "transformation-digitale",
        "title": "Transformation digitale",
        "category": "strategie",
        "synonyms": ["transformation numérique", "digitalisation"],
        "definition": "La transformation digitale est l'intégration des outils et des usages numériques dans tous les "
        "métiers d'une organisation, pour mieux servir ses clients.",
        "body": [
            (
                "p",
                "Elle touche les outils (CRM, marketing automation), les méthodes de travail et la culture. La "
                "technologie ne suffit pas : l'accompagnement des équipes décide du succès.",
            ),
        ],
        "related": ["crm", "marketing-automation", "ux"],
        "services": TRANSFORMATION,
    },
    {
        "slug": "marketing-de-contenu",
        "title": "Marketing de contenu",
        "category": "marketing-digital",
        "synonyms": ["content marketing", "stratégie de contenu"],
        "definition": "Le marketing de contenu crée et diffuse des contenus utiles (articles, guides, vidéos) pour "
        "attirer et fidéliser un public, plutôt que de lui vendre directement.",
        "body": [
            ("p", "Il nourrit le SEO, les réseaux sociaux et la newsletter, et sert de socle à l'inbound marketing."),
        ],
        "related": ["inbound-marketing", "brand-content", "ligne-editoriale"],
        "services": ["communication-digitale", "marketing-digital"],
    },
    {
        "slug": "brand-content",
        "title": "Brand content",
        "category": "marketing-digital",
        "synonyms": ["contenu de marque"],
        "definition": "Le brand content est un contenu produit par une marque pour exprimer ses valeurs et son "
        "univers, sans parler directement de ses produits.",
        "body": [
            (
                "p",
                "Série vidéo, podcast ou magazine : il installe une relation durable et se distingue de la "
                "publicité par sa valeur propre.",
            ),
        ],
        "related": ["marketing-de-contenu", "marketing-d-influence"],
        "services": ["communication-digitale"],
    },
    {
        "slug": "ligne-editoriale",
        "title": "Ligne éditoriale",
        "category": "strategie",
        "synonyms": ["charte éditoriale", "lignes éditoriales"],
        "definition": "La ligne éditoriale fixe les sujets, le ton, les formats et le rythme des contenus d'une "
        "marque, pour qu'elle parle d'une seule voix.",
        "body": [
            ("p", "Partagée par toute l'équipe et par l'agence, elle guide le community manager au quotidien."),
        ],
        "related": ["community-management", "marketing-de-contenu"],
        "services": SOCIAL,
    },
    {
        "slug": "growth-hacking",
        "title": "Growth hacking",
        "category": "marketing-digital",
        "synonyms": ["growth marketing", "growth hacker"],
        "definition": "Le growth hacking cherche une croissance rapide par des expérimentations courtes, mesurées et "
        "peu coûteuses sur tout le parcours client.",
        "body": [
            (
                "p",
                "Hypothèse, test A/B, mesure, décision : on garde ce qui fait monter le taux de conversion et on "
                "abandonne le reste.",
            ),
        ],
        "related": ["taux-de-conversion", "kpi"],
        "services": MARKETING,
    },
    {
        "slug": "marketing-automation",
        "title": "Marketing automation",
        "category": "marketing-digital",
        "synonyms": ["automatisation du marketing", "automatisation marketing"],
        "definition": "Le marketing automation déclenche automatiquement des messages personnalisés selon le "
        "comportement de chaque contact.",
        "body": [
            (
                "p",
                "Relié au CRM, il rend possible le lead nurturing à grande échelle : le bon contenu, au bon "
                "moment, sans envoi manuel.",
            ),
        ],
        "related": ["lead-nurturing", "crm", "newsletter"],
        "services": MARKETING,
    },
    {
        "slug": "newsletter",
        "title": "Newsletter",
        "category": "marketing-digital",
        "synonyms": ["lettre d'information", "infolettre", "newsletters"],
        "definition": "Une newsletter est un e-mail envoyé régulièrement aux abonnés qui l'ont demandé, pour les "
        "informer et entretenir la relation.",
        "body": [
            (
                "p",
                "Son succès se lit dans le taux d'ouverture et de clic ; le consentement des abonnés est une "
                "obligation du RGPD.",
            ),
        ],
        "related": ["marketing-automation", "marketing-de-contenu"],
        "services": ["communication-digitale"],
    },
    {
        "slug": "4p-du-marketing",
        "title": "4P du marketing",
        "category": "strategie",
        "synonyms": ["marketing mix", "mix marketing", "4P"],
        "definition": "Les 4P (produit, prix, place, promotion) sont les quatre leviers classiques du mix marketing "
        "d'une offre.",
        "body": [
            (
                "p",
                "Le numérique les a enrichis : la promotion passe par les réseaux sociaux et le SEA, la place par "
                "le site et les marketplaces.",
            ),
        ],
        "related": ["inbound-marketing", "transformation-digitale"],
        "services": MARKETING,
    },
]
