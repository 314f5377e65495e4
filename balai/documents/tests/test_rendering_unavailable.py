import sys

import pytest

from balai.documents import rendering


def test_missing_pango_gives_a_clear_error_instead_of_breaking_the_site(monkeypatch):
    rendering._weasyprint.cache_clear()
    # An absent module imports like a missing system library: the import fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    try:
        with pytest.raises(rendering.PdfRenderingUnavailable) as error:
            rendering.render_pdf("documents/receipt.html", {})
        assert error.value.code == "DOCUMENT_PDF_UNAVAILABLE"
    finally:
        rendering._weasyprint.cache_clear()


def test_the_portal_does_not_import_weasyprint_until_a_pdf_is_made():
    import subprocess

    code = ("import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE']='config.test_settings';"
            "django.setup(); from django.urls import resolve; resolve('/');"
            "import config.urls; print('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                            check=True, timeout=120)
    assert result.stdout.strip().endswith("False")
