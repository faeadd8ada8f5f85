"""The admins' forms: importing open data, inviting staff, choosing their places, a new place."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    Regexp,
)

from finder.web.forms import EMAIL, BaseForm, CheckboxesField, OptionalChoice, as_choices, mail_languages

FORMAT_CHOICES = [
    ("auto", _l("Tell from the file")),
    ("lamednum", _l("LaMednum (French standard of digital-help places), CSV or JSON")),
    ("data-inclusion", _l("data·inclusion structures or services (JSON)")),
    ("csv", _l("Our own CSV export, edited in a spreadsheet")),
]


class ImportForm(BaseForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to import."))])
    format = SelectField(_l("Format"), choices=as_choices(FORMAT_CHOICES), default="auto")
    source = StringField(
        _l("Name of the source"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("Who publishes this file. Importing it again under the same name updates its places."),
    )


class ConfirmImportForm(BaseForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])


class InviteForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200), EMAIL])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    language = SelectField(_l("Language of the e-mails"), choices=mail_languages)
    places = CheckboxesField(_l("Places this person may edit"), validators=[OptionalChoice()], coerce=int)


class StaffPlacesForm(BaseForm):
    places = CheckboxesField(_l("Places this person may edit"), validators=[OptionalChoice()], coerce=int)


class NewPlaceForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    commune = StringField(_l("Commune"), validators=[Optional(), Length(max=100)])
