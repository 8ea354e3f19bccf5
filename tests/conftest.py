"""Shared fixtures: the real corpus parsed once per session, and one built knowledge base
(facts + BM25 index) that tests read or copy instead of building their own."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.store import open_index
from kb.build import build_facts, write_build
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


@pytest.fixture(scope="session")
def measures(facts):
    return {f.number: f for f in facts if f.kind == "measure"}


@pytest.fixture(scope="session")
def built_dir(real_build, tmp_path_factory) -> Path:
    """A build folder as `kb build --facts-only` + the BM25 index leave it. Do not change
    it: tests that damage or rebuild take a copy (``built_copy``)."""
    out = tmp_path_factory.mktemp("shared-build")
    write_build(real_build, out, get_settings().corpus_dir)
    open_index(real_build.facts, out / "index")
    return out


@pytest.fixture(scope="session")
def shared_index(facts, built_dir):
    """The search index of the shared build (BM25; dense only if a test asks for it)."""
    return open_index(facts, built_dir / "index")


@pytest.fixture()
def built_copy(built_dir, tmp_path, monkeypatch) -> Path:
    """A private copy of the shared build, made the configured build folder (KB_BUILD_DIR)."""
    out = tmp_path / "build"
    shutil.copytree(built_dir, out)
    monkeypatch.setenv("KB_BUILD_DIR", str(out))
    return out
