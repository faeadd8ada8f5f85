"""The staff's forms: a place, its closures and events."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from finder.geo import gazetteer
from finder.hours import check_hours
from finder.i18n import language_name
from finder.taxonomy import (
    ACCESS_LABELS,
    ACCESSIBILITY,
    AUDIENCES,
    COST_LABELS,
    EQUIPMENT,
    LABELS,
    OUTREACH,
    SERVICES,
    SPOKEN_LANGUAGES,
    TAG_TITLES,
)
from finder.web.forms import (
    EMAIL,
    PHONE,
    BaseForm,
    CheckboxesField,
    OptionalChoice,
    OptionalSelectField,
    as_choices,
    per_language,
)

HOURS_MODES = [("weekly", _l("Weekly table")), ("advanced", _l("Advanced: opening_hours text"))]


def _time_fields(cls):
    for day in range(7):
        for slot in (1, 2):
            setattr(cls, f"d{day}_opens{slot}", TimeField(_l("Opens"), validators=[Optional()]))
            setattr(cls, f"d{day}_closes{slot}", TimeField(_l("Closes"), validators=[Optional()]))
    return cls


@per_language(
    "description", _l("Description"), lambda label: TextAreaField(label, [Optional(), Length(max=2000)])
)
@per_language("name_in", _l("Name"), lambda label: StringField(label, [Optional(), Length(max=200)]))
@per_language(
    "organisation_in", _l("Organisation"), lambda label: StringField(label, [Optional(), Length(max=200)])
)
@per_language(
    "street_in", _l("Street and number"), lambda label: StringField(label, [Optional(), Length(max=200)])
)
@_time_fields
class PlaceForm(BaseForm):
    version = HiddenField(validators=[Regexp(r"^[0-9]{1,9}$")])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    street = StringField(_l("Street and number"), validators=[Optional(), Length(max=200)])
    postcode = StringField(
        _l("Postcode"),
        validators=[Optional(), Length(max=10)],
    )
    commune = StringField(_l("Commune"), validators=[Optional(), Length(max=100)])
    latitude = StringField(_l("Latitude"), validators=[Optional(), Length(max=20)])
    longitude = StringField(_l("Longitude"), validators=[Optional(), Length(max=20)])
    phone = StringField(_l("Phone"), validators=[Optional(), PHONE])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=200), EMAIL])
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=300),
            URL(message=_l("Please enter a full web address starting with https://.")),
        ],
    )
    access_mode = OptionalSelectField(
        _l("How to come"),
        choices=as_choices([("", _l("Not known yet")), *ACCESS_LABELS.items()]),
    )
    cost = OptionalSelectField(
        _l("Cost"),
        choices=as_choices([("", _l("Not known yet")), *COST_LABELS.items()]),
    )
    services = CheckboxesField(
        TAG_TITLES["service"], choices=as_choices(SERVICES.items()), validators=[OptionalChoice()]
    )
    audiences = CheckboxesField(
        TAG_TITLES["audience"], choices=as_choices(AUDIENCES.items()), validators=[OptionalChoice()]
    )
    languages = CheckboxesField(TAG_TITLES["language"], validators=[OptionalChoice()])
    accessibility = CheckboxesField(
        TAG_TITLES["accessibility"], choices=as_choices(ACCESSIBILITY.items()), validators=[OptionalChoice()]
    )
    equipment = CheckboxesField(
        TAG_TITLES["equipment"], choices=as_choices(EQUIPMENT.items()), validators=[OptionalChoice()]
    )
    outreach = CheckboxesField(
        TAG_TITLES["outreach"], choices=as_choices(OUTREACH.items()), validators=[OptionalChoice()]
    )
    labels = CheckboxesField(
        TAG_TITLES["label"], choices=as_choices(LABELS.items()), validators=[OptionalChoice()]
    )
    hours_mode = RadioField(_l("How to enter the hours"), choices=as_choices(HOURS_MODES), default="weekly")
    closed_on_holidays = BooleanField(_l("Closed on public holidays"), default=True)
    opening_hours = StringField(
        _l("Opening hours (OpenStreetMap syntax)"),
        validators=[Optional(), Length(max=500)],
        description=_l("For example: Mo-Fr 09:00-12:00,13:00-17:00; PH off"),
    )

    def __init__(self, *args, lang: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = as_choices((code, language_name(code, lang)) for code in SPOKEN_LANGUAGES)

    def validate_latitude(self, field):
        _check_coordinate(field, self._bounds()[0])

    def validate_longitude(self, field):
        _check_coordinate(field, self._bounds()[1])

    def _country(self) -> str:
        return gazetteer.country_of_postcode(self.postcode.data) or gazetteer.home_country()

    def _bounds(self) -> tuple:
        return gazetteer.COUNTRY_BOUNDS[self._country()]

    def validate_postcode(self, field):
        if field.data and gazetteer.postcode_location(field.data) is None:
            raise ValidationError(
                _l("We do not know this postcode (four digits in Belgium, five in France).")
            )

    def validate_opening_hours(self, field):
        if self.hours_mode.data == "advanced" and check_hours(field.data, self._country()):
            raise ValidationError(
                _l("These opening hours cannot be read. Check the syntax or use the weekly table.")
            )

    def weekly_ranges(self) -> dict[int, list[tuple[str, str]]]:
        """Return the weekly table as {weekday: [(opens, closes)]}, checking each range."""
        week: dict[int, list[tuple[str, str]]] = {}
        for day in range(7):
            for slot in (1, 2):
                opens, closes = self[f"d{day}_opens{slot}"], self[f"d{day}_closes{slot}"]
                if opens.data is None and closes.data is None:
                    continue
                if opens.data is None or closes.data is None or opens.data >= closes.data:
                    closes.errors = [*closes.errors, _l("Give an opening and a later closing time.")]
                    continue
                week.setdefault(day, []).append((opens.data.strftime("%H:%M"), closes.data.strftime("%H:%M")))
        return week


def _check_coordinate(field, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if not field.data:
        return
    try:
        value = float(field.data.replace(",", "."))
    except ValueError:
        raise ValidationError(_l("Please enter a number, for example 50.8466.")) from None
    if not low <= value <= high:
        raise ValidationError(_l("This position is not in the country of the postcode."))


@per_language("reason", _l("Reason"), lambda label: StringField(label, [Optional(), Length(max=200)]))
class ClosureForm(BaseForm):
    starts_on = DateField(_l("Closed from"), validators=[DataRequired()])
    ends_on = DateField(_l("Until (included)"), validators=[DataRequired()])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


@per_language("title", _l("Title"), lambda label: StringField(label, [Optional(), Length(max=200)]))
@per_language(
    "description", _l("Description"), lambda label: TextAreaField(label, [Optional(), Length(max=1000)])
)
class EventForm(BaseForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    starts = TimeField(_l("Starts at"), validators=[DataRequired()])
    ends = TimeField(_l("Ends at"), validators=[Optional()])
    registration = StringField(_l("How to register"), validators=[Optional(), Length(max=300)])

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that at least one language has a title."""
        is_valid = super().validate(extra_validators)
        if not self.texts_by_language("title"):
            first = self.language_fields("title")[0]
            first.errors = [*first.errors, _l("Give a title in at least one language.")]
            return False
        return is_valid

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end must be after the start."))
