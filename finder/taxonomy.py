"""The fixed vocabularies a place is tagged with, with stable codes and translated labels.

Codes are English and stable; MEDNUM_* map them to the values of the French data standard for
"lieux de médiation numérique" (v1.0.2) where one fits, so listings can be exchanged later.
"""

from functools import lru_cache

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from finder.i18n import language_name

SERVICES = {
    "computer_access": _l("Computer and internet access"),  # the cost is said on its own, when known
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

# how a service goes to people who cannot come (a place with none of these has a door to walk to)
OUTREACH = {
    "home_visits": _l("Comes to people's homes"),
    "visits_groups": _l("Comes to associations and neighbourhood groups"),
    "permanences": _l("Holds help sessions in other places"),
}
MEDNUM_OUTREACH = {"Itinérant": "visits_groups"}

# labels and national programmes a place belongs to, given by the body that runs them
LABELS = {
    "regional_epn": _l("Public digital space recognised by the Brussels-Capital Region"),
    "france_services": _l("France Services (help with public services)"),
    "aidants_connect": _l("Aidants Connect (can do procedures on your behalf)"),
    "conseillers_numeriques": _l("Conseillers numériques (digital advisers)"),
}
# labels_nationaux (v0.1) and dispositif_programmes_nationaux (v1.0) → our code
MEDNUM_LABELS = {
    "France Services": "france_services",
    "Aidants Connect": "aidants_connect",
    "Conseillers numériques": "conseillers_numeriques",
    "CNFS": "conseillers_numeriques",
}
# labels that promise help with online procedures (the help finder counts them as such)
PROCEDURE_LABELS = ("france_services", "aidants_connect")

# Languages spoken at the desk; names come from Babel in the reader's language.
SPOKEN_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "es", "pt", "ro", "pl", "it", "de", "ru", "uk")

# the lists of tags a place has, by their name in forms and open data, and the kind of tag each holds
TAG_FIELDS = {
    "services": "service",
    "audiences": "audience",
    "languages": "language",
    "accessibility": "accessibility",
    "equipment": "equipment",
    "outreach": "outreach",
    "labels": "label",
}

TAG_TITLES = {
    "service": _l("Services"),
    "audience": _l("Especially for"),
    "language": _l("Languages spoken"),
    "accessibility": _l("Accessibility"),
    "equipment": _l("Equipment for the public"),
    "outreach": _l("Comes to people"),
    "label": _l("Labels"),
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
    "outreach": OUTREACH,
    "label": LABELS,
    "language": dict.fromkeys(SPOKEN_LANGUAGES),
}


@lru_cache(maxsize=1024)
def tag_label(kind: str, code: str, lang: str) -> str:
    """Return the label of one tag in a language (each worked out once: a search's cards and the
    figures ask the same ones again and again)."""
    if kind == "language":
        return language_name(code, lang)
    with force_locale(lang):
        return str(TAG_KINDS[kind][code])


# --- the open-data standards' values and ours (imports and exports) ---------------------------------
# A value that maps to None has no equivalent here: imports name it in their report.

# LaMednum before v1.0 had 15 services; v1.0 condensed them into the 9 of MEDNUM_SERVICES
MEDNUM_V0_SERVICES = {
    "Devenir autonome dans les démarches administratives": "online_procedures",
    "Réaliser des démarches administratives avec un accompagnement": "online_procedures",
    "Prendre en main un smartphone ou une tablette": "everyday_skills",
    "Prendre en main un ordinateur": "everyday_skills",
    "Utiliser le numérique au quotidien": "everyday_skills",
    "Approfondir ma culture numérique": "digital_culture",
    "Favoriser mon insertion professionnelle": "job_search",
    "Accéder à une connexion internet": "computer_access",
    "Accéder à du matériel": "computer_access",
    "S'équiper en matériel informatique": "low_cost_devices",
    "Soutenir la parentalité et l'éducation avec le numérique": "parents_school",
    "Créer avec le numérique": "creative_workshops",
    "Promouvoir la citoyenneté numérique": "online_safety",
}
# prise_en_charge_specifique → (kind of tag, code)
MEDNUM_SUPPORT = {
    "Surdité": ("accessibility", "deaf"),
    "Handicaps moteurs": ("accessibility", "wheelchair"),
    "Déficience visuelle": ("accessibility", "visual_impairment"),
    "Illettrisme": ("accessibility", "low_literacy"),
    "Langues étrangères (anglais)": ("language", "en"),
    "Handicaps mentaux": None,
    "Langues étrangères (autres)": None,
}
MEDNUM_COSTS = {"Gratuit": "free", "Gratuit sous condition": "free_conditional", "Payant": "paid"}
# modalites_acces: a place people may walk into, or one to call or book first
MEDNUM_ACCESS = {
    "Se présenter": "walk_in",
    "Téléphoner": "appointment",
    "Contacter par mail": "appointment",
    "Prendre un RDV en ligne": "appointment",
    "Envoyer un mail avec une fiche de prescription": "appointment",
    "Ce lieu n'accueille pas de public": None,
}

# data·inclusion's digital themes (thematiques "numerique--…") and fees
DATA_INCLUSION_THEMES = {
    "numerique--acceder-a-des-services-en-ligne": "online_procedures",
    "numerique--acceder-a-une-connexion-internet": "computer_access",
    "numerique--acquerir-un-equipement": "low_cost_devices",
    "numerique--maitriser-les-fondamentaux-du-numerique": "everyday_skills",
}
DATA_INCLUSION_AUDIENCES = {
    "jeunes": "youth",
    "etudiants": "students",
    "familles": "families",
    "seniors": "seniors",
    "femmes": "women",
    "demandeurs-emploi": "job_seekers",
}
DATA_INCLUSION_COSTS = {"gratuit": "free", "payant": "paid"}


def values_by_code(table: dict) -> dict:
    """Our code → the first standard value that maps to it."""
    reversed_table: dict = {}
    for value, code in table.items():
        if code is not None:
            reversed_table.setdefault(code, value)
    return reversed_table
