"""A public service described for search engines: schema.org GovernmentService as JSON-LD."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from balai.catalogue.models import Service
from balai.catalogue.spec import CATEGORIES
from balai.portal.queries import office_location


def _absolute(path: str) -> str:
    return settings.BALAI_PUBLIC_URL + path


def government_service(service: Service, *, language: str) -> dict[str, Any]:
    """The service in force as a schema.org GovernmentService (one query: the office's
    service location, for its address)."""
    definition = service.current
    assert definition is not None  # only public services (with a version in force) get here
    spec = definition.spec
    office = service.office
    provider: dict[str, Any] = {"@type": "GovernmentOrganization", "name": office.name}
    if office.short_name:
        provider["alternateName"] = office.short_name
    location = office_location(name=office.name)
    if location is not None:
        address = {"@type": "PostalAddress", "streetAddress": location.address,
                   "addressCountry": "ID"}
        if location.kecamatan is not None:
            address["addressLocality"] = location.kecamatan.name
        provider["address"] = address
        if location.phone:
            provider["telephone"] = location.phone
        if location.email:
            provider["email"] = location.email
    url = _absolute(reverse("catalogue:service", args=[service.code]))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": f"{url}#layanan",
        "url": url,
        "name": spec.name.get(language),
        "serviceType": str(CATEGORIES.get(service.category, service.category)),
        "provider": provider,
        "areaServed": {"@type": "AdministrativeArea", "name": settings.BALAI_REGENCY_NAME,
                       "identifier": settings.BALAI_REGENCY_CODE},
        "availableChannel": {
            "@type": "ServiceChannel",
            "name": "Permohonan daring di Balai",
            "serviceUrl": _absolute(reverse("applications:apply", args=[service.code])),
            "availableLanguage": [code for code, _name in settings.LANGUAGES],
        },
        "offers": {"@type": "Offer", "price": definition.fee, "priceCurrency": "IDR"},
    }
    description = spec.description.get(language)
    if description:
        data["description"] = description
    if spec.legal_basis:
        data["termsOfService"] = spec.legal_basis
    return data
