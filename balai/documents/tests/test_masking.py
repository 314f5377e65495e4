import pytest

from balai.documents.masking import mask_name


@pytest.mark.parametrize(("name", "masked"), [
    ("Siti Aminah", "S*** A*****"),
    ("  Budi   Santoso ", "B*** S******"),
    ("Ahmad", "A****"),
    ("I Made Oka", "I M*** O**"),
    ("", ""),
])
def test_mask_name_keeps_first_letter_of_each_word(name, masked):
    assert mask_name(name) == masked
