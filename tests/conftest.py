"""Shared fixtures: the real corpus parsed once per session."""
from __future__ import annotations

import pytest

from kb.build import build_facts
from kb.settings import get_settings


@pytest.fixture(scope="session")
def real_build():
    return build_facts(get_settings().corpus_dir)


@pytest.fixture(scope="session")
def facts(real_build):
    return real_build.facts


@pytest.fixture(scope="session")
def services(facts):
    return {(f.department, f.title): f for f in facts if f.kind == "service"}
