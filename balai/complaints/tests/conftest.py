from __future__ import annotations

import io

import pytest
from PIL import Image

from balai.accounts.models import Office
from balai.complaints.models import ComplaintCategory
from balai.regions.models import Region


def png_bytes(color: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def category(office_a: Office) -> ComplaintCategory:
    return ComplaintCategory.objects.create(
        code="jalan-rusak", name="Jalan rusak", office=office_a, resolution_days=14,
        attributes=[{"code": "tingkat", "description": "Tingkat kerusakan", "datatype":
                     "singlevaluelist", "required": False,
                     "values": [{"key": "ringan", "name": "Ringan"},
                                {"key": "berat", "name": "Berat"}]}])


@pytest.fixture
def village(kubu_raya: None) -> Region:
    return Region.objects.filter(level__in=["desa", "kelurahan"]).order_by("code").first()
