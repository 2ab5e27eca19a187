"""`{% if user|can_open:"tempcheck:import" %}`: show a link only to those its page lets in."""

from django import template

from msp.accounts import access

register = template.Library()


@register.filter
def can_open(user, url_name: str) -> bool:
    return access.can_open(user, url_name)
