"""The layer contract (pyproject's [tool.importlinter]): cli → webapp | evals → answering →
indexer → kb. It holds on the code, and an upward import in a copy of the code breaks it —
so the check can fail."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["cli", "webapp", "evals", "answering", "indexer", "kb"]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                              "sys.exit(lint_imports_command())"]


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT, cwd=folder, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_layers_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.jsonl"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    errors = tmp_path / "kb" / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8") + "\nimport answering.types  # upward\n",
                      encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "kb.errors -> answering.types" in result.stdout, result.stdout
