"""One screen per role. The app imports a screen's module only when it is shown
(``balie.app.MODES``); this list, which the start screen and the palette offer,
costs nothing to import."""

SCREENS = [
    ("desk", "Gastvrouw", "bezoekers aanmelden, afspraken inchecken, wegwijzen"),
    ("counter", "Balie", "bezoekers oproepen, helpen, doorsturen en afronden"),
    ("board", "Wachtbord", "het scherm in de hal: oproepen en wachttijden, zonder namen"),
    ("dagstart", "Dagstart", "de stand-up: checklist, bezetting, cijfers van de vorige openingsdag"),
    ("report", "Rapport", "teamleider: wachttijden en servicelevel per periode"),
    ("kennis", "Kennisbank", "onderwerpen en antwoorden voor het wegwijzen"),
]
