"""Forms about accounts: login, passwords, invitations, resets, and asking to run a place."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from finder.i18n import LANGUAGES, current_language, language_name
from finder.staff.forms import EMAIL
from finder.web.forms import BaseForm, CheckboxesField


def mail_languages() -> list[tuple[str, str]]:
    return [(code, language_name(code, current_language())) for code in LANGUAGES]


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=12, max=200)],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ResetRequestForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200), EMAIL])


class InviteForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200), EMAIL])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    language = SelectField(_l("Language of the e-mails"), choices=mail_languages)
    places = CheckboxesField(_l("Places this person may edit"), validators=[Optional()], coerce=int)


class StaffPlacesForm(BaseForm):
    places = CheckboxesField(_l("Places this person may edit"), validators=[Optional()], coerce=int)


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
