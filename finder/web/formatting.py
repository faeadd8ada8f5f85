"""Turning times, distances and tags into words, in the reader's language."""

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache
from urllib.parse import urlsplit

import phonenumbers
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _
from markupsafe import Markup

from finder import facts, packs
from finder.geo import gazetteer, territory
from finder.hours import hours_to_week, now_brussels
from finder.i18n import language_in_sentence, language_name
from finder.models import address_line
from finder.places import freshness_limit
from finder.taxonomy import ACCESS_LABELS, COST_LABELS, TAG_TITLES, WEEKDAYS, tag_label
from finder.web.languages import page_language, translated


def opens_when(moment: dt.datetime, today: dt.date | None = None) -> str:
    """Say when a place opens: 'today at 14:00', 'tomorrow at 09:00', 'Tuesday at 09:00'…"""
    today = today or now_brussels().date()
    time = format_time(moment, "short")
    days = (moment.date() - today).days
    if days == 0:
        return _("today at %(time)s", time=time)
    if days == 1:
        return _("tomorrow at %(time)s", time=time)
    if days < 7:
        return _("%(day)s at %(time)s", day=format_date(moment, "EEEE"), time=time)
    return _("on %(date)s at %(time)s", date=format_date(moment, "d MMMM"), time=time)


def distance(km: float) -> str:
    """Format a distance for the reader's locale: '850 m', '1.2 km'."""
    if km < 1:
        return _distance_words(Decimal(round(km * 1000, -1)), "m", page_language())
    # rounded as Babel rounds (half to even, from the decimal text): the same words, kept by value
    return _distance_words(Decimal(str(km)).quantize(TENTH, ROUND_HALF_EVEN), "km", page_language())


TENTH = Decimal("0.1")


@lru_cache(maxsize=16384)  # a page shows a distance for every place: each written once per language
def _distance_words(shown: Decimal, unit: str, language: str) -> str:
    if unit == "m":
        return _("%(n)s m", n=decimal_text(shown, 0, language))
    return _("%(n)s km", n=decimal_text(shown, 1, language))


def radius_words(km: float) -> str:
    """A search's radius as a number for the reader's locale ("15", "2,5"): a few values, each
    written once per language."""
    return _radius_words(km, page_language())


@lru_cache(maxsize=256)
def _radius_words(km: float, _language: str) -> str:
    return format_decimal(km)


def decimal_text(value: Decimal, places: int, language: str) -> str:
    """A number rounded to `places` as Babel's format_decimal writes it with the pattern "#,##0" or
    "#,##0.0": Babel takes a twentieth of a millisecond, and a result page writes a distance for every
    place, most of them new to the process."""
    return f"{value:,.{places}f}".translate(_number_marks(language))


@cache
def _number_marks(language: str) -> dict:
    return str.maketrans({",": get_group_symbol(language), ".": get_decimal_symbol(language)})


def fact_origin(origin: dict | None) -> str:
    """Say where a fact comes from and since when, at the precision its source gives."""
    if origin and origin.get("source") and not origin.get("as_of"):
        return _("Published by %(source)s, which gives no date.", source=source_name(origin["source"]))
    if not origin or not origin.get("as_of"):
        return _("We do not know where this comes from.")
    day = facts.first_day(origin["as_of"])
    if origin.get("origin") == "staff":
        return _("Confirmed on %(date)s by the place's team.", date=format_date(day, "long"))
    if origin.get("origin") == "admin":
        return _("Confirmed on %(date)s by the site's team.", date=format_date(day, "long"))
    source, when = source_name(origin.get("source")), as_of_words(origin["as_of"])
    said = {
        "year": lambda: _("Published in %(year)s by %(source)s.", year=when, source=source),
        "month": lambda: _("Published in %(month)s by %(source)s.", month=when, source=source),
        "day": lambda: _("Published on %(date)s by %(source)s.", date=when, source=source),
    }[facts.precision(origin["as_of"])]()
    if origin.get("historical"):
        said += " " + _("The source itself says this belongs to the past.")
    return said


ORIGIN_FACTS = ("position", "hours", "contact", "services")  # the facts a place page says the origin of


def fact_origins(place) -> dict[str, str]:
    """Where each fact of a place page comes from; when one sentence holds for all, only "all"."""
    said = {fact: fact_origin(place.origin(fact)) for fact in ORIGIN_FACTS}
    return {"all": said["hours"]} if len(set(said.values())) == 1 else said


def as_of_words(as_of: str) -> str:
    """A fact's date at the precision its source gives: '2022', 'March 2022', '15 March 2022'."""
    day = facts.first_day(as_of)
    return {"year": str(day.year), "month": format_date(day, "MMMM yyyy"), "day": format_date(day, "long")}[
        facts.precision(as_of)
    ]


def old_hours(place) -> str:
    """Say that a place's hours are old, with the date they date from."""
    as_of = (place.origin("hours") or {}).get("as_of")
    if not as_of:
        return _("Old hours: they may have changed.")
    return _("Old hours (%(date)s): they may have changed.", date=as_of_words(as_of))


def source_name(source: str | None) -> str:
    """Name a source by its web site, or by the name an import gave it."""
    if not source:
        return _("an unknown source")
    host = urlsplit(source).netloc
    return host.removeprefix("www.") if host else source


def name_of(place, field: str = "name") -> str:
    """A place's name (or its organisation's) in the page's language: its own name there when it
    has one; in a language without one (English), the French and Dutch names when they differ."""
    main = getattr(place, field)
    own = (place.names or {}).get(field, {})
    lang = page_language()
    if own.get(lang):
        return own[lang]
    others = [text for code, text in sorted(own.items()) if text and text != main and code in ("fr", "nl")]
    return " / ".join([main, *others]) if main and others and lang not in ("fr", "nl") else main


def phone_of(place) -> tuple[str, str]:
    """(text, tel: target) of a place's phone: written the way people dial it in the place's country
    (with the country code when that is not the site's), the link international; as given when the
    number cannot be read."""
    try:
        number = phonenumbers.parse(place.phone, place.country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return place.phone, place.phone.replace(" ", "")
    style = phonenumbers.PhoneNumberFormat
    shown = style.NATIONAL if place.country == territory.current().country else style.INTERNATIONAL
    return phonenumbers.format_number(number, shown), phonenumbers.format_number(number, style.E164)


def location_name(location) -> str:
    """A searched location's name in the page's language ("Laken" on a Dutch page)."""
    return gazetteer.name_in(location.name, page_language())


# kinds of tags a page names only when a place has them ("comes to people: not known" helps no one)
SAID_ONLY_WHEN_KNOWN = ("outreach", "label")


def place_where(place) -> str:
    """Say where a place is (its commune named in the page's language), and say so when only its
    area is known, or when it has no door and goes to people instead."""
    commune = gazetteer.name_in(place.commune, page_language()) if place.commune else None
    street, other = street_of(place)
    line = address_line(street, place.postcode, commune)
    if place.has_no_door:
        ways = ". ".join(tag_labels("outreach", place.codes("outreach")))
        if line:
            return _("No address to walk to. %(ways)s (%(area)s).", ways=ways, area=line)
        return _("No address to walk to. %(ways)s.", ways=ways)
    if place.where_known == "nothing":
        return _("Address not known yet")
    if place.where_known == "area":
        return _("Somewhere in %(area)s, exact address unknown", area=line)
    if other is None:
        return line
    code, name = other
    if code is None:
        return _("%(address)s (also called %(street)s)", address=line, street=name)
    language = language_in_sentence(code, page_language())
    return _("%(address)s (in %(language)s: %(street)s)", address=line, language=language, street=name)


def street_of(place) -> tuple[str | None, tuple[str | None, str] | None]:
    """(the street as named in the page's language, (language, name) of its other name where it
    differs, the language None when not known): official Brussels street names are bilingual."""
    own = {code: text for code, text in ((place.names or {}).get("street") or {}).items() if text}
    shown = own.get(page_language()) or place.street
    others = [(code, own[code]) for code in ("fr", "nl") if own.get(code) not in (None, shown)]
    if place.street and place.street != shown and place.street not in own.values():
        others.insert(0, (None, place.street))
    return shown, others[0] if others else None


def place_warnings(place, is_unconfirmed: bool) -> list[str]:
    """What a person must know before going: paid, old hours, no way to ask, by appointment only,
    unknown address."""
    said = []
    if place.cost is not None and place.cost.value == "paid":
        price = place.price(page_language())
        said.append(_("Paid: %(price)s", price=price[0]) if price else _("Paid"))
    if is_unconfirmed:  # its hours are old
        said.append(old_hours(place))
    if not place.is_reachable:
        said.append(_("No phone, e-mail or website known."))
    if place.access_mode is not None and place.access_mode.value == "appointment":
        said.append(_("By appointment only: call or write first."))
    if place.where_known == "area" and not place.has_no_door:
        said.append(_("The exact address is not known: only the area."))
    return said


def what_to_do(place) -> str:
    """Tell what a person can do when hours are unknown or old, without sending them to a dead end."""
    if place.has_no_door:
        if place.is_reachable:
            return _("Call or write to ask when and where they can help you.")
        return _("We know no phone or e-mail to reach this service yet.")
    if place.is_reachable:
        return _("Call or write to the place before you go.")
    if place.where_known == "street":  # with or without a map pin, people can walk there
        return _("No phone or e-mail is known: ask at the place itself.")
    return _("We know no exact address, phone or e-mail for this place yet.")


def hours_state(place) -> str:
    """Return 'current', 'unconfirmed' or 'unknown' for a place's hours, by the freshness setting."""
    return facts.hours_state(place.opening_hours, place.provenance, freshness_limit(now_brussels().date()))


def old_week(hours: str) -> tuple[str, ...]:
    """Write old hours as weekdays and times, with no date: they must not read as this week's."""
    return _old_week(hours, page_language())


@lru_cache(maxsize=1024)  # the same hours in the same language read the same: written once
def _old_week(hours: str, _language: str) -> tuple[str, ...]:
    weekly = hours_to_week(hours)
    if weekly is None:
        return (hours,)
    week, _closed_on_holidays = weekly
    return tuple(
        _("%(day)s: %(times)s", day=weekday_name(day), times=", ".join(f"{a}–{b}" for a, b in ranges))
        for day, ranges in sorted(week.items())
    )


def territory_text(key: str) -> str:
    """A text of the territory's pack in the page's language; "" when the pack has none."""
    text = packs.current().texts.get(key)
    return translated(text, page_language()) if text else ""


def territory_texts(key: str) -> list[str]:
    """A list of texts of the territory's pack, each in the page's language."""
    return [_(text) for text in packs.current().texts.get(key, [])]


def frame_code(url: str, title: str, height: int) -> str:
    """The <iframe> another site copies to show our finder or a place's card, every value escaped."""
    frame = Markup(
        '<iframe src="{}" title="{}" width="100%" height="{}" style="border:0" loading="lazy"></iframe>'
    )
    return str(frame.format(url, title, height))


def tag_labels(kind: str, codes: list[str]) -> list[str]:
    """Return the translated labels of tags."""
    return [tag_label(kind, code, page_language()) for code in codes]


def endonym(code: str) -> str:
    """Return a language's name in that language, for people who do not read the page's language."""
    return language_name(code, code)


def language_in_page(code: str) -> str:
    """Return a language's name in the page's language ("French" on an English page)."""
    return language_name(code, page_language())


def weekday_name(day: int) -> str:
    """Return the translated name of a weekday, 0 being Monday."""
    return str(WEEKDAYS[day])


def init_app(app) -> None:
    """Make the helpers available in templates."""
    app.jinja_env.globals.update(
        opens_when=opens_when,
        distance=distance,
        tag_labels=tag_labels,
        said_only_when_known=SAID_ONLY_WHEN_KNOWN,
        endonym=endonym,
        name_of=name_of,
        language_in_page=language_in_page,
        weekday_name=weekday_name,
        fact_origin=fact_origin,
        fact_origins=fact_origins,
        place_where=place_where,
        location_name=location_name,
        phone_of=phone_of,
        place_warnings=place_warnings,
        what_to_do=what_to_do,
        old_hours=old_hours,
        hours_state=hours_state,
        old_week=old_week,
        territory_text=territory_text,
        frame_code=frame_code,
        territory_texts=territory_texts,
        tag_titles=TAG_TITLES,
        cost_labels=COST_LABELS,
        access_labels=ACCESS_LABELS,
    )
