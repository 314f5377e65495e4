from django import template

register = template.Library()


@register.filter
def rp(amount: int | None) -> str:
    """An amount owed, as printed on an SPPT: "Rp 150.000", and "Rp 0" for nothing."""
    return "Rp " + f"{int(amount or 0):,}".replace(",", ".")
