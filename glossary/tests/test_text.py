"""French folding rules behind the A–Z, sorting and search."""

from agency_site.text import collation_key, fold, normalise, plural_variants
from glossary.text import initial_letter


def test_letters_fold_the_french_way():
    assert initial_letter("Écoute sociale") == "E"
    assert initial_letter("E-réputation") == "E"
    assert initial_letter("Œil du client") == "O"
    assert initial_letter("Ça marche") == "C"
    assert initial_letter("360°") == "0-9"
    assert initial_letter("#hashtag") == "0-9"
    assert initial_letter("« Zèbre »") == "0-9"


def test_collation_ignores_accents_and_ligatures_and_puts_digits_first():
    titles = ["Zèbre", "Œil", "Emoji", "Écoute sociale", "E-réputation", "eau", "360°", "Oasis", "émoji"]
    assert sorted(titles, key=collation_key) == [
        "360°",
        "eau",
        "Écoute sociale",
        "Emoji",
        "émoji",
        "E-réputation",
        "Oasis",
        "Œil",
        "Zèbre",
    ]
    # Byte order would have put every accented or ligatured title after Z.
    assert sorted(titles)[-3:] == ["Écoute sociale", "émoji", "Œil"]


def test_search_normalisation_drops_accents_case_elisions_and_plurals():
    assert fold("Œuvre ÉCOUTÉE") == "oeuvre ecoutee"
    assert normalise("L’Engagement des Leads") == "engagement des lead"
    assert normalise("réseaux sociaux") == normalise("Réseau social")
    assert normalise("KPIs") == normalise("KPI")


def test_auto_link_plurals_cover_s_x_and_al_aux():
    assert plural_variants("reseau social") >= {"reseau social", "reseaux sociaux", "reseau sociaux"}
    assert plural_variants("lead") >= {"lead", "leads"}
    assert plural_variants("taux") == {"taux"}
