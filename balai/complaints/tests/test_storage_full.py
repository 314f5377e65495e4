"""A complaint with a photo while the disk of the file storage is full: a clear 503 page, and
no complaint half-saved (no record without its photo, no truncated file)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from balai.complaints.models import Complaint, ComplaintPhoto
from balai.complaints.tests.conftest import jpeg_bytes
from balai.core.testing import sign_in


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system of its own (tmpfs), filled to the last block."""
    mount = tmp_path / "berkas"
    mount.mkdir()
    command = [shutil.which("mount") or "/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
               str(mount)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {result.stderr.strip()}")
    try:
        with pytest.raises(OSError):
            for number in range(64):
                (mount / f"pengisi-{number}").write_bytes(b"\0" * 4096)
        yield mount
    finally:
        subprocess.run([shutil.which("umount") or "/bin/umount", str(mount)],  # noqa: S603
                       check=False)


def _files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_full_disk_while_filing_a_complaint_gives_a_clear_page_and_saves_nothing(
        client, citizen, category, village, full_disk):
    on_disk = {
        "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                    "OPTIONS": {"inner": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                          "OPTIONS": {"location": str(full_disk)}}}},
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    before = _files(full_disk)
    with override_settings(STORAGES=on_disk):
        sign_in(client, citizen.user)
        photo = SimpleUploadedFile("lubang.jpg", jpeg_bytes(), content_type="image/jpeg")
        response = client.post("/pengaduan/lapor/", {
            "category": category.code, "village": village.code,
            "description": "Lampu jalan di simpang tiga padam sejak dua minggu lalu.",
            "location_note": "Simpang tiga pasar", "latitude": "", "longitude": "",
            "photos": [photo]})

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    page = response.content.decode()
    assert "Penyimpanan berkas sedang penuh" in page
    assert "Tidak ada yang tersimpan setengah jalan" in page
    assert not Complaint.objects.exists() and not ComplaintPhoto.objects.exists()
    assert _files(full_disk) == before  # no truncated photo left (an empty folder may be)
