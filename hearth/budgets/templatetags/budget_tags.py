from django import template

from ..money import pounds as _pounds

register = template.Library()


@register.filter
def pounds(pence) -> str:
    """£1,234.50 from whole pence."""
    return _pounds(pence)
