"""The presets a version can be set to: the seed's, byte for byte, and "recommended", which is
the seed's with every safe linter fix applied (computed, so the two cannot drift apart)."""

from __future__ import annotations

from functools import cache

from config.lint import apply_all_fixes
from config.zoho import REDIRECT_URL_FIELD, ZOHO_COMMERCE_TEMPLATE, Preset, zoho_commerce_preset

ZOHO_COMMERCE = "zoho-commerce"
RECOMMENDED = "recommended"
PRESET_NAMES = (ZOHO_COMMERCE, RECOMMENDED)


@cache
def recommended_template() -> str:
    return apply_all_fixes(ZOHO_COMMERCE_TEMPLATE, [REDIRECT_URL_FIELD])


def preset(name: str, portal_url: str) -> Preset:
    """The preset `name` (one of PRESET_NAMES), its RedirectUrl naming `portal_url`'s portal."""
    seed = zoho_commerce_preset(portal_url)
    if name == ZOHO_COMMERCE:
        return seed
    if name == RECOMMENDED:
        return Preset(recommended_template(), seed.custom_fields, seed.authorization_type_id)
    raise ValueError(f"unknown preset {name!r}; known: {', '.join(PRESET_NAMES)}")
