"""Forms of the admin's import page: send a file, then confirm what its dry run showed."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from finder.web.forms import BaseForm, as_choices

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
