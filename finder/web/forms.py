"""What every form shares: a base form that cleans text, per-language fields, checkboxes, e-mail and
phone checks, the empty POST button."""

from functools import cache

from babel.support import Translations
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import Optional, Regexp, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from finder.i18n import LANGUAGES, current_language, language_name
from finder.places import one_line
from finder.web.languages import page_language

# NUL and other control characters: no one types them, and PostgreSQL refuses NUL in text
CONTROL_CHARACTERS = dict.fromkeys(code for code in range(32) if chr(code) not in "\t\n\r")


def strip_control_characters(value):
    """Remove control characters from text input."""
    return value.translate(CONTROL_CHARACTERS) if isinstance(value, str) else value


def strip_line_breaks(value):
    """Remove control characters and line breaks from one-line input (a name, an e-mail…)."""
    return one_line(strip_control_characters(value))


class BaseForm(FlaskForm):
    """Every form of the site: text input is cleaned of control characters, and of line breaks
    outside text areas."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            is_lines = issubclass(unbound_field.field_class, (TextAreaField, PasswordField))
            filters = (
                strip_control_characters if is_lines else strip_line_breaks,
                *unbound_field.kwargs.get("filters", ()),
            )
            return unbound_field.bind(form=form, **options, filters=filters)

        def get_translations(self, form):
            return wtforms_messages(page_language())

    def language_fields(self, prefix: str) -> list:
        """Return the fields prefix_<code> made by per_language, one per site language."""
        return [self[f"{prefix}_{code}"] for code in LANGUAGES]

    def texts_by_language(self, prefix: str) -> dict[str, str]:
        """Collect the filled fields prefix_<code> into {language: text}."""
        fields = zip(LANGUAGES, self.language_fields(prefix), strict=True)
        texts = {code: (field.data or "").strip() for code, field in fields}
        return {code: text for code, text in texts.items() if text}


class KeptFields:
    """Meta of a GET form built for every request (the search): each field is bound once per
    language and copied for each form. WTForms takes about 25 µs to bind a field, a copy 1 µs. A
    copy shares what a field only reads (label, validators, widget, flags, choices) and gets its own
    data and errors when the form processes and validates it. Not for a form with a CSRF field: that
    one is made anew for every form."""

    def bind_field(self, form, unbound_field, options):
        key = (unbound_field, options.get("name"), options.get("prefix"), page_language())
        prototype = _bound_fields.get(key)
        if prototype is None:
            prototype = super().bind_field(form, unbound_field, options)
            prototype._form = None
            _bound_fields[key] = prototype
        field = object.__new__(type(prototype))
        field.__dict__.update(prototype.__dict__)
        field._form, field.meta = form, form.meta
        return field


_bound_fields: dict = {}  # (unbound field, name, prefix, language) → a field never processed


@cache  # one per site language
def wtforms_messages(language: str) -> Translations:
    """WTForms' own messages ("Not a valid choice"…) in a language, read once (Flask-WTF reads the
    file again for every request)."""
    return Translations.load(messages_path(), [language], domain="wtforms")


def _language_label(label, code: str) -> str:
    return _("%(field)s (%(language)s)", field=label, language=language_name(code, current_language()))


def per_language(prefix: str, label, make_field):
    """Class decorator: add a field prefix_<code> for every site language, labelled 'label (language)'."""

    def decorate(cls):
        for code in LANGUAGES:
            setattr(cls, f"{prefix}_{code}", make_field(LazyString(_language_label, label, code)))
        return cls

    return decorate


def as_choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes, which works better than a multiple select on phones."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Please enter a valid e-mail address."))


PHONE = Regexp(
    r"^\+?[0-9][0-9 ./-]{7,18}$",
    message=_l("Please enter a phone number with digits only, for example 02 279 00 00."),
)


class EmptyForm(BaseForm):
    """A POST button with nothing but its CSRF token."""


def mail_languages() -> list[tuple[str, str]]:
    return [(code, language_name(code, current_language())) for code in LANGUAGES]


class OptionalChoice(Optional):
    """A choice that may be left blank; a value that is not one of the choices (spaces, an empty item
    of a list) stays an error, which WTForms' Optional would clear."""

    def __init__(self):
        super().__init__(strip_whitespace=False)

    def __call__(self, form, field):
        errors = list(field.errors) if field.raw_data else []  # nothing sent: the field is blank
        try:
            super().__call__(form, field)
        except StopValidation:
            field.errors[:] = errors
            raise


class OptionalSelectField(SelectField):
    """A select that may be left blank (OptionalChoice). A field nothing was sent for is not looked
    for among the choices: the error would be cleared at once, and finding it cost a search page
    3 % of its time."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[OptionalChoice()], **kwargs)
        self.type = "SelectField"  # written as any select (render_field)

    def pre_validate(self, form):
        if self.raw_data:
            super().pre_validate(form)
