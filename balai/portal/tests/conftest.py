from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.portal import demo


@pytest.fixture
def demo_content(db: None) -> None:
    """Kubu Raya regions and the portal's demo locations and FAQ."""
    call_command("load_regions", stdout=StringIO())
    demo.load(StringIO())
