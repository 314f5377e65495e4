"""The licences a dataset may carry: the choices of the publishing form, the titles and URLs
pages and catalogues show, and CKAN's license_list. Ids are SPDX identifiers, as the
Open Definition licence register (which CKAN's own list comes from) uses them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Licence:
    id: str
    title: str
    url: str
    # Open Definition (open data) and Open Source Definition conformance, as the register says.
    od_conformance: str = "approved"
    osd_conformance: str = "not reviewed"
    domain_content: bool = True
    domain_data: bool = True
    domain_software: bool = False

    def as_ckan(self) -> dict[str, Any]:
        """The licence in the shape of CKAN's license_list entries."""
        return {"id": self.id, "title": self.title, "url": self.url, "status": "active",
                "maintainer": "", "family": "", "is_generic": False,
                "domain_content": self.domain_content, "domain_data": self.domain_data,
                "domain_software": self.domain_software,
                "od_conformance": self.od_conformance, "osd_conformance": self.osd_conformance,
                "is_okd_compliant": self.od_conformance == "approved",
                "is_osi_compliant": self.osd_conformance == "approved"}


REGISTER = (
    Licence("CC-BY-4.0", "Creative Commons Attribution 4.0",
            "https://creativecommons.org/licenses/by/4.0/"),
    Licence("CC0-1.0", "Creative Commons CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence("ODC-BY-1.0", "Open Data Commons Attribution",
            "https://opendatacommons.org/licenses/by/1-0/", domain_content=False),
)
BY_ID = {licence.id: licence for licence in REGISTER}


def get_licence(licence_id: str) -> Licence:
    """The licence of that id; one not in the register (an older record) keeps its id as
    title and is not claimed to be open."""
    return BY_ID.get(licence_id) or Licence(licence_id, licence_id, "",
                                             od_conformance="not reviewed")


def choices() -> list[tuple[str, str]]:
    return [(licence.id, licence.id) for licence in REGISTER]
