from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from balai.documents.testing import dev_pki_fixture  # noqa: F401 - the `dev_pki` fixture
from balai.portal import demo


@pytest.fixture
def demo_content(db: None) -> None:
    """Kubu Raya regions and the portal's demo locations and FAQ."""
    call_command("load_regions", stdout=StringIO())
    demo.load(StringIO())


@pytest.fixture
def tracked_application(db: None, dev_pki: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The catalogue, the demo offices and accounts, one application of the demo citizen taken
    to the end (document signed and issued) and a second one left as a draft with its uploads:
    what the service pages, the status and verification pages and the citizen's pages show."""
    from balai.accounts import demo as accounts_demo
    from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
    from balai.applications.tests.helpers import act, make_draft, make_submitted
    from balai.catalogue import demo as catalogue_demo
    from balai.catalogue.models import Service

    settings.MEDIA_ROOT = str(tmp_path / "media")
    accounts_demo.load()
    catalogue_demo.load(StringIO())
    definition = Service.objects.get(code="akta-kelahiran").current
    citizen = find_citizen_by_nik(accounts_demo.CITIZEN["nik"])
    verifikator = get_user_by_username("verifikator.dukcapil")
    pejabat = get_user_by_username("pejabat.dukcapil")
    dev_pki.certify(pejabat)
    application = make_submitted(citizen.user, definition)
    for action, actor in [("verifikasi", verifikator), ("setujui", verifikator),
                          ("tandatangani", pejabat)]:
        application = act(application, action, actor)
    make_draft(citizen.user, definition)
    return {"number": application.number, "code": application.issued_document_ref,
            "user": citizen.user}
