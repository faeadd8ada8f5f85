"""The visitors' forms: search, shortlist and referral sheet, corrections, asking to run a place."""

import datetime as dt

from flask import current_app, url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
)

from finder.geo import gazetteer, territory
from finder.i18n import LANGUAGES, language_name
from finder.search.query import SearchFilters
from finder.taxonomy import (
    AUDIENCES,
    SERVICES,
    SPOKEN_LANGUAGES,
    WEEKDAYS,
)
from finder.web.formatting import territory_text
from finder.web.forms import (
    EMAIL,
    BaseForm,
    CheckboxesField,
    KeptFields,
    OptionalChoice,
    OptionalSelectField,
    as_choices,
)

RADII = (1, 2, 5, 10, 25)
ANY_DISTANCE = "all"


class SearchForm(BaseForm):
    """The directory search: a GET form whose values make a bookmarkable URL."""

    class Meta(KeptFields):
        csrf = False

    q = StringField(
        _l("What are you looking for?"),
        validators=[Optional(), Length(max=100)],
        description=_l("For example: printing, tax, computer course"),
    )
    near = StringField(
        _l("Postcode or commune"),
        validators=[Optional(), Length(max=60)],
    )
    service = CheckboxesField(_l("Services"), validators=[OptionalChoice()])
    audience = CheckboxesField(_l("For"), validators=[OptionalChoice()])
    language = OptionalSelectField(_l("Language spoken at the desk"))
    wheelchair = BooleanField(_l("Wheelchair access"))
    free = BooleanField(_l("Free"))
    open_now = BooleanField(_l("Open now"))
    day = OptionalSelectField(_l("Open on"))
    radius = OptionalSelectField(_l("Distance"))
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=10000)])

    def __init__(self, *args, lang: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        choices = search_choices(lang)
        self.near.description = choices["near_example"]
        for name in ("service", "audience", "language", "day", "radius"):
            self[name].choices = choices[name]

    def near_resolution(self) -> gazetteer.Resolution:
        """Return what 'near' means: one location, choices when ambiguous, or suggestions."""
        return gazetteer.resolve(self.near.data) if self.near.data else gazetteer.Resolution()

    def radius_km(self, near: gazetteer.Location | None) -> float | None:
        """How far from the location to search: the territory's "nearby" unless asked otherwise."""
        if near is None or self.radius.data == ANY_DISTANCE:
            return None
        return float(self.radius.data) if self.radius.data else territory.current().near_km

    def search_filters(self, since: dt.date | None = None) -> SearchFilters | None:
        """Return the filters of a validated form; None when 'near' names no one place we know."""
        near = self.near_resolution().location
        if self.near.data and near is None:
            return None
        return SearchFilters(
            text=self.q.data or "",
            near=near,
            services=self.service.data or [],
            audiences=self.audience.data or [],
            languages=[self.language.data] if self.language.data else [],
            is_wheelchair_required=self.wheelchair.data,
            is_free_required=self.free.data,
            is_open_now_required=self.open_now.data,
            weekday=int(self.day.data) if self.day.data else None,
            radius_km=self.radius_km(near),
            page=self.page.data or 1,
            fresh_since=since,
        )


def search_choices(lang: str) -> dict[str, list]:
    """The search form's choices (and its example of a place) in a language, worked out once per
    app (they depend only on the language and the territory) and shared by every search form, which
    reads them only."""
    kept = current_app.extensions.setdefault("search_choices", {})
    if lang not in kept:
        with force_locale(lang):
            kept[lang] = _search_choices(lang)
    return kept[lang]


def _search_choices(lang: str) -> dict[str, list]:
    languages = sorted(((code, language_name(code, lang)) for code in SPOKEN_LANGUAGES), key=lambda c: c[1])
    nearby = _("Nearby (up to %(km)s km)", km=format_decimal(territory.current().near_km))
    return {
        "near_example": territory_text("place_example"),
        "service": _choices(SERVICES.items()),
        "audience": _choices(AUDIENCES.items()),
        "language": _choices([("", _("Any language")), *languages]),
        "day": _choices([("", _("Any day")), *((str(i), name) for i, name in enumerate(WEEKDAYS))]),
        "radius": _choices(
            [
                ("", nearby),
                *((str(km), _("Within %(km)s km", km=km)) for km in RADII),
                (ANY_DISTANCE, _("Any distance")),
            ]
        ),
    }


def _choices(pairs) -> list:
    return as_choices((value, str(label)) for value, label in pairs)


class ShortlistForm(BaseForm):
    """Remove a place from the shortlist kept in the session."""

    slug = HiddenField(validators=[DataRequired(), Length(max=120)])


class AddToListForm(ShortlistForm):
    """Add a place to the shortlist, from a button on pages that are the same for every visitor,
    so without a per-visitor token: referral.add checks the request's origin instead."""

    class Meta:
        csrf = False


class SheetForm(BaseForm):
    """Print a referral sheet in the person's language, with a note that is never stored."""

    places = HiddenField(validators=[DataRequired(), Length(max=1400)])
    sheet_lang = SelectField(_l("Language of the sheet"))
    note = StringField(
        _l("A note to print on the sheet (optional)"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example a first name or an appointment time. It is printed, never kept."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_lang.choices = as_choices((code, language_name(code, code)) for code in LANGUAGES)


class CorrectionForm(BaseForm):
    message = TextAreaField(
        _l("What is wrong or missing?"), validators=[DataRequired(), Length(min=5, max=2000)]
    )
    contact = StringField(
        _l("Your e-mail or phone, if we may contact you (optional)"), validators=[Optional(), Length(max=200)]
    )
    website = StringField(_l("Leave this field empty"))  # honeypot: people never see it, robots fill it


class ClaimForm(BaseForm):
    """A visitor who runs a place asks to keep its listing; an admin checks and decides."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    role = StringField(
        _l("Your role at this place"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("For example: coordinator, librarian, volunteer."),
    )
    email = EmailField(
        _l("Your work e-mail"),
        validators=[DataRequired(), Length(max=200), EMAIL],
        description=_l("The address of the place or of its organisation, so we can check it."),
    )
    message = TextAreaField(
        _l("Anything we should know (optional)"), validators=[Optional(), Length(max=2000)]
    )
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])


class EmbedCodeForm(BaseForm):
    """What a site that puts the finder in a frame chooses: where, which service, which language."""

    class Meta:
        csrf = False

    near = StringField(_l("Postcode or commune"), validators=[Optional(), Length(max=60)])
    service = OptionalSelectField(_l("Service"))
    language = OptionalSelectField(_l("Language spoken at the desk"))
    height = IntegerField(
        _l("Height in pixels"), default=600, validators=[Optional(), NumberRange(min=300, max=2000)]
    )

    def __init__(self, *args, lang: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = as_choices([("", _l("Any service")), *SERVICES.items()])
        languages = sorted(
            ((code, language_name(code, lang)) for code in SPOKEN_LANGUAGES), key=lambda c: c[1]
        )
        self.language.choices = as_choices([("", _l("Any language")), *languages])

    def frame_url(self, lang: str) -> str:
        """The address of the framed finder for these choices."""
        chosen = {"near": self.near.data, "service": self.service.data, "language": self.language.data}
        return url_for(
            "embed.finder", lang_code=lang, _external=True, **{k: v for k, v in chosen.items() if v}
        )
