"""The shared upload checks: type by content, size, images re-encoded, PDFs inspected, names
never trusted (balai/core/uploads.py)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter

from balai.core.uploads import MB, UploadRejected, display_name, inspect_upload

FORMATS = ("pdf", "jpg", "png")


def inspect(content: bytes, name: str = "berkas", formats=FORMATS, max_bytes: int = 5 * MB):
    return inspect_upload(io.BytesIO(content), name=name, formats=formats, max_bytes=max_bytes,
                          label="KTP")


def refused(content: bytes, name: str = "berkas", **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as error:
        inspect(content, name, **kwargs)
    return error.value


def jpeg(**save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "red").save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def png(**save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(buffer, format="PNG", **save)
    return buffer.getvalue()


def pdf(build=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return buffer.getvalue()


# --- disguised files -----------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"<?php system($_GET['c']); ?>",
    b"<html><body><script>alert(document.cookie)</script></body></html>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"MZ\x90\x00\x03" + b"\x00" * 64,
])
def test_scripts_and_programs_named_jpg_are_refused_by_content(content):
    error = refused(content, "foto-ktp.jpg")
    assert error.code == "bad_format"
    assert "apa pun nama berkasnya" in error.messages[0]


def test_refusals_are_logged_with_their_code_and_without_the_name(caplog):
    with caplog.at_level("WARNING", logger="balai.security"):
        refused(b"<?php echo 1; ?>", "ktp-siti-aminah.jpg")
    assert "upload refused code=bad_format" in caplog.text
    assert "siti" not in caplog.text


def test_jpeg_magic_followed_by_garbage_is_refused():
    error = refused(b"\xff\xd8\xff\xe0" + b"<?php echo 1; ?>" * 8, "ktp.jpg")
    assert error.code == "unreadable_image"


def test_png_header_wrapped_around_html_is_refused():
    error = refused(b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", "ktp.png")
    assert error.code == "unreadable_image"


def test_polyglot_jpeg_with_a_trailing_zip_is_stored_without_it():
    content = jpeg() + zip_bytes()

    clean = inspect(content, "ktp.jpg")

    assert clean.format == "jpg" and clean.content_type == "image/jpeg"
    assert b"PK\x03\x04" not in clean.content and b"<?php" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.size == (16, 12)


def test_image_metadata_is_dropped():
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # Make
    exif[0x8825] = {1: "S", 2: (0.0, 6.0, 0.0)}  # GPS
    info = PngInfo()
    info.add_text("Comment", "alamat rumah: Jl. Rahasia 1")

    clean_jpeg = inspect(jpeg(exif=exif.tobytes()), "a.jpg").content
    clean_png = inspect(png(pnginfo=info), "a.png").content

    assert b"Kamera Rahasia" not in clean_jpeg and b"Exif" not in clean_jpeg
    assert b"Jl. Rahasia" not in clean_png
    with Image.open(io.BytesIO(clean_jpeg)) as image:
        assert not image.getexif()


def test_decompression_bomb_is_refused_before_decoding():
    small = png()
    # Rewrite the IHDR to claim 30000 x 30000 pixels (and fix its checksum).
    ihdr = small.index(b"IHDR")
    fields = struct.pack(">II", 30000, 30000) + small[ihdr + 12:ihdr + 17]
    bomb = (small[:ihdr + 4] + fields + struct.pack(">I", zlib.crc32(b"IHDR" + fields))
            + small[ihdr + 21:])

    error = refused(bomb, "peta.png")

    assert error.code in {"image_too_large", "unreadable_image"}


def test_format_the_caller_does_not_accept_is_refused():
    error = refused(pdf(), "foto.jpg", formats=("jpg", "png"))
    assert error.code == "format_not_accepted"
    assert "berformat PDF; yang diterima hanya JPG, PNG" in error.messages[0]


# --- PDFs ----------------------------------------------------------------------------------

def test_plain_pdf_is_accepted_unchanged():
    content = pdf()
    clean = inspect(content, "scan.pdf")
    assert clean.content == content and clean.content_type == "application/pdf"


def _javascript(writer: PdfWriter) -> None:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('halo');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)


def test_pdf_with_javascript_is_refused():
    error = refused(pdf(_javascript), "surat.pdf")
    assert error.code == "active_pdf"
    assert "skrip" in error.messages[0]


def test_pdf_with_an_embedded_file_is_refused():
    error = refused(pdf(lambda w: w.add_attachment("setup.exe", b"MZ\x90\x00")), "surat.pdf")
    assert error.code == "active_pdf"


def test_pdf_with_an_open_action_launching_a_program_is_refused():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def launch(writer: PdfWriter) -> None:
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("cmd.exe")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert refused(pdf(launch), "surat.pdf").code == "active_pdf"


def test_encrypted_pdf_is_refused():
    error = refused(pdf(lambda w: w.encrypt("sandi-rahasia")), "surat.pdf")
    assert error.code == "encrypted_pdf"
    assert "kata sandi" in error.messages[0]


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n<?php system($_GET['c']); ?>",
    b"%PDF-1.7\n" + b"\x00" * 300,
    pdf()[:120],
])
def test_broken_or_fake_pdf_is_refused(content):
    assert refused(content, "surat.pdf").code == "unreadable_pdf"


# --- size and names ------------------------------------------------------------------------

def test_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_oversized_file_is_refused_whatever_size_was_declared():
    error = refused(pdf() + b"%" + b"0" * MB, "besar.pdf", max_bytes=MB)
    assert error.code == "too_large"
    assert "paling besar 1 MB" in error.messages[0]


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\System32\\cmd.pdf", "cmd.pdf"),
    ("....//....//x.pdf", "x.pdf"),
    ("ktp\x00.php.pdf", "ktp_.php.pdf"),
    ("<script>alert(1)</script>.jpg", "script_.jpg"),
    ("ktp <b>baru</b>.png", "b_.png"),
    ("..", "berkas"),
    ("", "berkas"),
])
def test_display_names_lose_paths_and_markup(name, expected):
    assert display_name(name) == expected


def test_display_name_is_never_longer_than_the_limit():
    assert len(display_name("a" * 500 + ".pdf")) == 120
    assert display_name("a" * 500 + ".pdf").endswith(".pdf")


def test_attachment_headers_make_a_download_that_is_never_rendered():
    from django.http import HttpResponse

    from balai.core.uploads import attachment_headers

    response = HttpResponse(b"x")
    attachment_headers(response, filename="../../etc/ktp <b>.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="ktp _b_.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
