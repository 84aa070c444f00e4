"""Small template helpers shared by every page (loaded as a builtin)."""

import copy

from django import forms, template

register = template.Library()


@register.filter
def field_errors_id(field) -> str:
    return f"{field.auto_id}-error"


# --- GOV.UK form fields (components/field.html) -------------------------------------------------
# Only what a template cannot do by itself: tell which GOV.UK component a Django widget needs, and
# render a widget with the GOV.UK classes and aria-describedby while keeping the form's own attrs.

_WIDGET_KINDS = {
    "CheckboxInput": "checkbox",
    "CheckboxSelectMultiple": "checkboxes",
    "RadioSelect": "radios",
    "Select": "select",
    "SelectMultiple": "select",
    "NullBooleanSelect": "select",
    "Textarea": "textarea",
    "ClearableFileInput": "file",
    "FileInput": "file",
}


def _widget(field):
    return field.field.widget


@register.filter
def field_kind(field) -> str:
    """Which GOV.UK component this bound field needs.

    One of: checkbox (a single BooleanField), checkboxes, radios, select, textarea, file, hidden,
    password, multi (a MultiWidget, rendered as Django renders it) or input (text, email, number,
    date, tel, url, search...). Subclasses count as their GOV.UK-relevant base class.
    """
    widget = _widget(field)
    if widget.is_hidden:
        return "hidden"
    for cls in type(widget).__mro__:
        kind = _WIDGET_KINDS.get(cls.__name__)
        if kind:
            return kind
        if cls.__name__ == "MultiWidget":
            return "multi"
    if getattr(widget, "input_type", None) == "password":
        return "password"
    return "input"


@register.filter
def input_type(field) -> str:
    return getattr(_widget(field), "input_type", "") or ""


@register.filter
def field_hint_id(field) -> str:
    return f"{field.auto_id}-hint"


@register.filter
def field_described_by(field) -> str:
    """The ids (hint, then error) that describe a field, as GOV.UK Frontend orders them."""
    ids = []
    own = _widget(field).attrs.get("aria-describedby")
    if own:
        ids.append(own)
    if field.help_text:
        ids.append(field_hint_id(field))
    if field.errors:
        ids.append(field_errors_id(field))
    return " ".join(ids)


_BASE_CLASS = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}
_ISO_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M", "time": "%H:%M"}
_ERROR_CLASS = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "file": "govuk-file-upload--error",
}


@register.simple_tag
def govuk_widget(field, classes=""):
    """Render one bound field's widget with GOV.UK classes, keeping any attrs the form set.

    {% govuk_widget field "govuk-input--width-10" %}
    """
    kind = field_kind(field)
    if kind in ("hidden", "multi", "radios", "checkboxes"):
        return field.as_widget()
    widget = _widget(field)
    css = [_BASE_CLASS.get(kind, ""), widget.attrs.get("class", ""), classes]
    if field.errors and kind in _ERROR_CLASS:
        css.append(_ERROR_CLASS[kind])
    attrs = {"class": " ".join(c for c in css if c)}
    described_by = field_described_by(field)
    if described_by:
        attrs["aria-describedby"] = described_by
    if kind == "password" or input_type(field) == "email":
        for name in ("spellcheck", "autocapitalize"):
            if name not in widget.attrs:
                attrs[name] = "false" if name == "spellcheck" else "none"
    # GOV.UK asks for type="text" with inputmode rather than type="number" (which mangles what
    # people type, and cannot show back a value that was not a number).
    if input_type(field) == "number":
        widget = copy.copy(widget)
        widget.input_type = "text"
        attrs["inputmode"] = "numeric" if isinstance(field.field, forms.IntegerField) else "decimal"
        attrs.setdefault("spellcheck", "false")
    # <input type="date"> only takes ISO dates, whatever the locale's input formats say.
    iso_format = _ISO_FORMATS.get(getattr(widget, "input_type", ""))
    if iso_format and hasattr(widget, "format") and widget.format != iso_format:
        widget = copy.copy(widget)
        widget.format = iso_format
    # The widget's own attrs (maxlength, autocomplete, rows...) are kept: as_widget merges them.
    return field.as_widget(widget=widget, attrs=attrs)


# --- Other component helpers ---------------------------------------------------------------------


@register.filter
def split_messages(messages) -> dict:
    """Django messages split into the success ones and the rest, one notification banner each."""
    groups = {"success": [], "other": []}
    for message in messages or []:
        tags = getattr(message, "tags", "") or ""
        groups["success" if "success" in tags.split() else "other"].append(message)
    return groups


@register.filter
def elided_pages(page_obj) -> list:
    """Page numbers to link to around the current page; None where GOV.UK shows an ellipsis."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    ]


@register.filter
def any_row_has(rows, key: str) -> bool:
    """True when any of a list of dicts has a truthy value for key (summary list actions)."""
    return any(row.get(key) for row in rows or [])
