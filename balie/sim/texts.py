"""What people type in a simulated office: questions, names, topics, the stand-up's news."""

from __future__ import annotations

QUESTIONS = {
    "burgerzaken": [
        "paspoort verlengen", "ID-kaart ophalen", "rijbewijs aanvragen", "verhuizing doorgeven",
        "uittreksel BRP", "geboorteaangifte", "VOG aanvragen", "naamgebruik wijzigen",
    ],
    "vergunningen": [
        "dakkapel plaatsen", "parkeervergunning bewoner", "evenement in de straat",
        "kapvergunning boom", "uitrit aanleggen", "terras uitbreiden",
    ],
    "sociaal": [
        "hulp bij huishouden (WMO)", "schuldhulp", "bijstand aanvragen", "vervoer naar dagbesteding",
        "mantelzorg ondersteuning", "jeugdhulp",
    ],
}
TOPICS = {
    "burgerzaken": ["paspoort", "ID-kaart", "rijbewijs", "verhuizing", "uittreksel", "VOG"],
    "vergunningen": ["omgevingsvergunning", "parkeervergunning", "evenement", "kapvergunning"],
    "sociaal": ["WMO", "schuldhulp", "bijstand", "jeugdhulp"],
}
NAMES = [
    "J. de Vries", "mevr. Jansen", "A.B.", "Mohammed", "fam. Bakker", "dhr. Visser", "S.", "Fatima",
    "mw. Smit", "P. Mulder", "Kees", "E. de Boer", "", "", "", "",
]
# Who does the stand-up, and the news a morning may bring (None: a quiet day).
COLLEAGUES = ["Anna", "Petra", "Kees", "Fatima", "Joost", "Sanne", "Mehmet", "Ilse"]
NEWS = [
    "WOZ-brieven zijn verstuurd: vragen over de WOZ-waarde naar de vakafdeling",
    "Storing pinautomaat balie 2: alleen contant of factuur",
    "Stempassen voor de verkiezingen komen deze week binnen",
    "Sanne loopt vandaag mee aan balie 3",
    "Telefonie: doorschakeling KCC werkt weer",
    None, None, None,
]
# Questions at the desk the demo's kennisbank has no subject for (yet): the curator's list.
UNMATCHED = [
    "kan ik hier pinnen?",
    "waar kan ik mijn fiets stallen",
    "is er een notaris in het gebouw",
    "vraag over de nieuwe bibliotheek",
    "laadpaal voor de deur aanvragen",
    "naamgebruik wijzigen na scheiding",
    "mag ik hier mijn kind aanmelden voor de kinderopvang",
    "waar hangen de bekendmakingen",
]
