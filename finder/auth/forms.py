"""Forms of logging in and choosing a password."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from finder.web.forms import EMAIL, BaseForm


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
