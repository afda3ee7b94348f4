"""The glossary entry "Agence community management", as published on www.50a.fr (the seed)."""

TITLE = "Agence community management"
SLUG = "agence-community-management"

SHORT_DEFINITION = (
    "Une agence de community management élabore des stratégies de création de communautés sur les réseaux "
    "sociaux et gère l'image, l'e-réputation et la présence sur le Web de la marque de son client."
)

INTRO = (
    "Une agence de community management est spécialisée dans l'élaboration de stratégies de création de "
    "communautés sur les réseaux sociaux. Cette agence gère l'image de la marque de son client ou de l'entreprise "
    "en elle-même, mais gère également sa e-reputation et sa présence sur le Web. Le projet est mené par un "
    "community manager qui veille continuellement sur les tendances du marché, sur les concurrents mais garde "
    "aussi un oeil sur l'ensemble des interventions des membres de communautés (commentaires, partages, avis liés "
    "aux produits, à la marque, à la personnalité)."
)

FIRST_IMAGE_ALT = "Illustration community management"
SECOND_IMAGE_ALT = "Illustration de community manager attirant les réactions d'une communauté"

NUMBERED_LIST = [
    "Un gestionnaire de communauté doit être un excellent communicateur, surtout lorsqu'il utilise des canaux "
    "numériques comme le courriel et les médias sociaux. Comment interagissent-ils avec les gens en ligne ? "
    "Sont-ils amicaux et engageants ? C'est essentiel pour établir des relations saines entre votre entreprise et "
    "ses utilisateurs.",
    "Un gestionnaire de communauté a besoin de savoir écouter. Ils seront à l'écoute de ce dont parle votre "
    "communauté et devraient être en mesure de comprendre les problèmes et de fournir un soutien essentiel pour "
    "garder vos utilisateurs satisfaits.",
    "Dans ce monde en ligne en évolution rapide, un gestionnaire de communauté doit connaître les dernières "
    "évolutions technologiques et être suffisamment adaptable pour s'y adapter. Une stratégie de croissance qui "
    "pourrait fonctionner à l'heure actuelle pourrait être dépassée dans un mois. La volonté de changement est "
    "essentielle.",
    "Dans une journée typique, un gestionnaire communautaire jongle avec de nombreuses responsabilités "
    "différentes en même temps. Ils doivent porter une grande attention aux détails, avec la capacité de gérer "
    "plusieurs projets et de continuer à pousser chacun d'entre eux tout en exécutant les tâches quotidiennes.",
    "Un gestionnaire de communauté est un selfstarter, parce qu'il est proactif et qu'il établit des relations "
    "avec les utilisateurs en ligne. Vous ne pouvez pas attendre que les gens viennent dans votre entreprise - un "
    "gestionnaire communautaire est toujours à la recherche de nouvelles occasions d'engagement et les saisit "
    "lorsqu'elles se présentent.",
    "Un gestionnaire de communauté est analytique. La gestion communautaire est plus qu'une question de "
    "relations, c'est une affaire de chiffres. En étudiant les données des utilisateurs, les taux d'activité, les "
    "engagements des médias sociaux et plus encore, ils s'assurent que votre communauté est sur la bonne voie pour "
    "atteindre les objectifs de votre entreprise.",
]

# The body in reading order: ("h2"|"h3", text), ("p", text), ("image", key, alt), ("ol", items).
BODY = [
    ("p", INTRO),
    ("image", "community-management", FIRST_IMAGE_ALT),
    ("h2", "Que fait un community manager ?"),
    (
        "p",
        "Le rôle d'un community manager est d'agir comme un pont entre une marque et la communauté qu'elle vise à "
        "créer (c'est-à-dire un public fidèle ou un groupe de consommateurs de base liés par un intérêt similaire). "
        "Ils doivent être l'ambassadeur de la marque, s'engager auprès des clients potentiels et établir des "
        "relations avec les clients existants. Ils se concentrent également sur l'évaluation des sentiments autour "
        "de la marque, en utilisant des outils d'écoute sociale afin de suivre les réactions et l'engagement.",
    ),
    ("h2", "Quelle est la différence entre un social media manager et un community manager ?"),
    (
        "p",
        "N'est-ce pas la même chose que ce que fait un social media manager, pourriez-vous demander ? Apparemment "
        "non. Bien qu'il y ait généralement des chevauchements entre les rôles, les deux interagissant avec les "
        "clients sur les mêmes plateformes, il existe des différences marquées. Alors qu'un social media manager se "
        "concentre sur la logistique de la création et de la distribution de contenu - c.-à-d. la gestion d'un "
        "calendrier de contenu, l'affichage sur les analyses sociales et la surveillance - un community manager se "
        "concentre sur l'établissement de directives communautaires, ainsi que sur la facilitation et l'animation "
        "des conversations entre ses membres. Une autre façon de voir les choses est de réfléchir à ce que chacun "
        "pourrait viser à partir d'un message, disons sur Facebook.",
    ),
    (
        "p",
        "Un social media manager peut poster des messages pour engager la conversation avec les clients - ils "
        "mesureront cela par le nombre de réponses directes ou par le nombre de personnes qu'ils aiment. D'autre "
        "part, un gestionnaire de communauté affichera des messages dans le but d'amener les clients à se parler "
        "entre eux - et cela sera également mesuré par des données qualitatives, telles que le sentiment et le "
        "niveau ou la qualité de l'engagement.",
    ),
    ("h2", "Compétences et attributs"),
    (
        "p",
        "Il existe de nombreuses façons de mesurer le succès de la gestion communautaire. Cependant, commençons par "
        "le genre de compétences que les gestionnaires de la communauté doivent posséder, ainsi que les raisons pour "
        "lesquelles elles sont vitales.",
    ),
    ("h3", "Communication"),
    (
        "p",
        "Cela peut sembler une compétence évidente, mais il y a une différence entre être un bon écrivain et "
        "quelqu'un qui est un bon communicateur. La gestion communautaire ne consiste pas seulement à créer des "
        "tweets créatifs ou engageants - il s'agit aussi d'écouter ce que les membres disent et de s'en servir pour "
        "façonner les messages futurs. Le rôle est fondamentalement le réseautage numérique, il est donc vital pour "
        "un gestionnaire de communauté d'avoir d'excellentes compétences en relations humaines, aussi.",
    ),
    ("h3", "Empathie et jugement"),
    (
        "p",
        "Par la suite, un responsable de communauté doit être capable de s'identifier au client et de réagir de "
        "manière à refléter les valeurs et l'identité de la marque. Encore une fois, c'est différent d'un "
        "gestionnaire de médias sociaux ou d'un cadre qui pourrait afficher comme marque, alors qu'en tant que "
        "gestionnaire de communauté, il parle toujours au nom de la marque - et en tant qu'être humain.",
    ),
    (
        "p",
        "Nous avons tous vu des exemples d'échecs sur les réseaux sociaux, avec des employés qui affichent des "
        "réactions instinctives ou inappropriées aux plaintes des clients.",
    ),
    (
        "p",
        "D'un autre côté, lorsqu'une marque réagit bien, elle peut transformer une expérience négative en une "
        "expérience positive. Prenons l'exemple d'Adidas, par exemple, qui a supprimé les commentaires homophobes "
        "sur une photo d'Instagram en utilisant seulement deux emojis.",
    ),
    ("h3", "Organisation et analyse des données"),
    (
        "p",
        "Bien que la gestion communautaire repose sur de nombreux attributs humains et émotionnels, elle exige aussi "
        "des compétences organisationnelles et la capacité de gérer une charge de travail qui évolue rapidement. "
        "Avec de multiples plates-formes à surveiller, il est important de se tenir au courant de la façon dont les "
        "communautés réagissent en temps réel, en utilisant des outils d'analyse pour mesurer des éléments comme la "
        "portée, le trafic et l'engagement.",
    ),
    ("h2", "Avantages de la gestion communautaire"),
    (
        "p",
        "Nous savons donc ce qui est nécessaire pour une gestion efficace de la communauté - mais quels sont les "
        "avantages pour les marques ?",
    ),
    ("h3", "Croissance"),
    (
        "p",
        "La gestion de la communauté ne consiste pas seulement à se faire le champion de la marque, mais aussi à "
        "écouter les commentaires précieux des clients. En acquérant une meilleure compréhension d'un public et de "
        "ce qu'il veut, les marques ont plus de chances d'attirer de nouveaux clients et de fidéliser ceux qui "
        "existent déjà. Les plateformes sociales étant également le lieu où les clients sont le plus susceptibles "
        "d'exprimer leurs émotions réelles, elles donnent aux marques un véritable aperçu de la façon dont leurs "
        "clients réagissent.",
    ),
    ("h3", "Confiance"),
    (
        "p",
        "L'établissement de relations est au cœur de la gestion communautaire. Contrairement à l'époque des médias "
        "sociaux, où le contact individuel entre un client et une marque était rare ou exigeait de parler au "
        "téléphone, c'est maintenant un élément instantané et attendu du service à la clientèle. Qu'il s'agisse "
        "d'un temps de réponse rapide ou d'une relation amicale, les clients se sentiront valorisés et, en retour, "
        "feront confiance à la marque.",
    ),
    ("h3", "Valeur"),
    (
        "p",
        "En créant une communauté - qu'il s'agisse d'un groupe Facebook ou d'un forum de discussion en ligne - les "
        "marques peuvent avoir un impact sur les consommateurs à un niveau plus émotionnel et quotidien. Cela permet "
        "aux entreprises de devenir plus qu'une simple marque sans visage et de servir un objectif basé sur autre "
        "chose que son produit original. En retour, cela peut mener à une plus grande loyauté et à un succès à long "
        "terme.",
    ),
    ("image", "community-manager-reactions", SECOND_IMAGE_ALT),
    ("h2", "Quelles compétences doivent avoir les cm ?"),
    (
        "p",
        "En tant que community manager, vous devriez être passionné par l'entreprise ou la marque que vous "
        "représentez - vous parlez aux clients pour qu'ils commencent ou continuent à acheter les produits de "
        "l'entreprise. De plus, l'engagement constant avec les clients et les fans signifie qu'il est essentiel "
        "d'avoir de solides compétences en communication. Êtes-vous un maître multitâche ? Le travail exige de "
        "jongler avec beaucoup de balles, donc vos compétences en organisation et en gestion de projet doivent être "
        "à la hauteur. Avoir un état d'esprit de serviteur aide aussi, ajoute Olsen. Vous devez aimer aider les "
        "gens, et connecter les gens aux solutions devrait faire chanter votre cœur.",
    ),
    ("ol", NUMBERED_LIST),
    (
        "p",
        "C'est le travail d'un community manager de connaître en profondeur l'auditoire d'une entreprise, de la "
        "fidéliser et de développer de nouvelles relations pour assurer une croissance continue. Assurez-vous que "
        "votre candidat possède les compétences nécessaires pour le faire.",
    ),
]

# The four service teasers under the entry, in the seed's order.
# Not on the seed page: what makes the entry part of the glossary around it.
SYNONYMS = ["agence de CM", "agence social media", "agence de gestion de communauté"]
SEARCH_VARIANTS = ["agences community management", "agence de community managers"]
CATEGORY_SLUG = "reseaux-sociaux"
RELATED_SLUGS = ["community-manager", "social-media-manager", "community-management", "e-reputation", "ecoute-sociale"]

SERVICE_SLUGS = ["communication-digitale", "social-media", "marketing-digital", "transformation-digitale"]
