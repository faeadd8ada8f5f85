"""The fixed vocabularies a place is tagged with, with stable codes and translated labels.

Codes are English and stable; MEDNUM_* map them to the values of the French data standard for
"lieux de médiation numérique" (v1.0.2) where one fits, so listings can be exchanged later.
"""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from finder.i18n import language_name

SERVICES = {
    "computer_access": _l("Free computer and internet access"),
    "everyday_skills": _l("Learn the basics: computer, phone, e-mail"),
    "online_procedures": _l("Help with online procedures"),
    "job_search": _l("Job search online"),
    "online_safety": _l("Stay safe online"),
    "parents_school": _l("Parents and school online"),
    "creative_workshops": _l("Creative and leisure workshops"),
    "digital_culture": _l("Understand the digital world"),
    "low_cost_devices": _l("Get a low-cost computer"),
    "print_scan": _l("Print and scan documents"),
}

MEDNUM_SERVICES = {
    "computer_access": "Accès internet et matériel informatique",
    "everyday_skills": "Maîtrise des outils numériques du quotidien",
    "online_procedures": "Aide aux démarches administratives",
    "job_search": "Insertion professionnelle via le numérique",
    "online_safety": "Utilisation sécurisée du numérique",
    "parents_school": "Parentalité et éducation avec le numérique",
    "creative_workshops": "Loisirs et créations numériques",
    "digital_culture": "Compréhension du monde numérique",
    "low_cost_devices": "Acquisition de matériel informatique à prix solidaire",
}

AUDIENCES = {
    "youth": _l("Young people"),
    "students": _l("Students"),
    "families": _l("Families and children"),
    "seniors": _l("Seniors"),
    "women": _l("Women"),
    "job_seekers": _l("Job seekers"),
}

MEDNUM_AUDIENCES = {
    "youth": "Jeunes",
    "students": "Étudiants",
    "families": "Familles et/ou enfants",
    "seniors": "Seniors",
    "women": "Femmes",
}

ACCESSIBILITY = {
    "wheelchair": _l("Wheelchair access"),
    "adapted_workstation": _l("Adapted workstation"),
    "deaf": _l("Help for deaf people"),
    "visual_impairment": _l("Help for blind or partially sighted people"),
    "low_literacy": _l("Help for people who find reading hard"),
}

EQUIPMENT = {
    "computers": _l("Computers"),
    "wifi": _l("Wi-Fi"),
    "printer": _l("Printer"),
    "scanner": _l("Scanner"),
    "device_loan": _l("Device loan"),
    "eid_reader": _l("eID card reader"),
}

WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)

PLACE_LABELS = {
    "regional_epn": _l("Public digital space recognised by the Brussels-Capital Region"),
}

# Languages spoken at the desk; names come from Babel in the reader's language.
SPOKEN_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "es", "pt", "ro", "pl", "it", "de", "ru", "uk")

# the lists of tags a place has, by their name in forms and open data, and the kind of tag each holds
TAG_FIELDS = {
    "services": "service",
    "audiences": "audience",
    "languages": "language",
    "accessibility": "accessibility",
    "equipment": "equipment",
}

TAG_TITLES = {
    "service": _l("Services"),
    "audience": _l("Especially for"),
    "language": _l("Languages spoken"),
    "accessibility": _l("Accessibility"),
    "equipment": _l("Equipment for the public"),
}

# labels of the values of Place.cost and Place.access_mode
COST_LABELS = {
    "free": _l("Free"),
    "free_conditional": _l("Free under conditions"),
    "paid": _l("Paid"),
}

ACCESS_LABELS = {
    "walk_in": _l("Just walk in"),
    "appointment": _l("By appointment"),
    "both": _l("Walk in or make an appointment"),
}

TAG_KINDS = {
    "service": SERVICES,
    "audience": AUDIENCES,
    "accessibility": ACCESSIBILITY,
    "equipment": EQUIPMENT,
    "language": dict.fromkeys(SPOKEN_LANGUAGES),
}


def tag_label(kind: str, code: str, lang: str) -> str:
    """Return the label of one tag in a language."""
    if kind == "language":
        return language_name(code, lang)
    with force_locale(lang):
        return str(TAG_KINDS[kind][code])
