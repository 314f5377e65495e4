import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_env_example_documents_every_variable_the_settings_read():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|secret)\("([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'_required\("([A-Z_]+)"\)', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set(), "undocumented in .env.example"
