"""Template filters for PDF documents: `{{ url|qr_data_uri }}` draws a QR code."""

from __future__ import annotations

import segno
from django import template

register = template.Library()


@register.filter
def qr_data_uri(value: str) -> str:
    """An SVG QR code of `value` as a data: URI, for <img src> in a PDF template.

    Error correction level M survives a folded or lightly stained paper copy.
    """
    return segno.make(str(value), error="m", boost_error=False).svg_data_uri(
        scale=4, border=2, dark="#000", light="#fff")
