from balai.applications.tests.conftest import (  # noqa: F401 - fixtures
    akta,
    pejabat,
    submitted,
    verifikator,
)
from balai.documents.testing import dev_pki_fixture  # noqa: F401 - the `dev_pki` fixture
