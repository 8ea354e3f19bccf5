"""Parse the corpus into facts and write them, deterministically, with a build report.

    >>> result = build_facts(get_settings().corpus_dir)
    >>> len(result.facts), result.report["unassigned"]
    (…, [])

Output (in the build directory):
  facts.jsonl        one fact per line, in document then source order
  build_report.json  per document: counts, dropped lines with reasons, unassigned lines,
                     warnings naming file and line
  facts.manifest.json  format version, corpus hash, parser hash, file checksums
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from kb.parse import genres
from kb.errors import CorpusError, ReadOnlyError
from kb.facts import Fact, FactAdapter
from kb.files import write_atomically
from kb.locks import build_lock
from kb.parse.clean import clean, decode
from kb.parse.common import DocMeta, ParseContext
from kb.parse.outline import build_outline
from kb.parse.script import is_traditional, to_simplified
from kb.settings import get_settings

log = logging.getLogger(__name__)
FORMAT_VERSION = 1


@dataclass
class DocResult:
    meta: DocMeta
    facts: list[Fact]
    dropped: list[tuple[int, str]]
    unassigned: list[tuple[int, str]]
    warnings: list[str]
    nonblank: int
    lines: list[str] = field(repr=False, default_factory=list)
    read_as: list[str] = field(default_factory=list)  # how it was read: genre chosen, script converted


@dataclass
class BuildResult:
    docs: list[DocResult]

    @property
    def facts(self) -> list[Fact]:
        return [f for d in self.docs for f in d.facts]

    @property
    def warnings(self) -> list[str]:
        return [w for d in self.docs for w in d.warnings]

    @property
    def report(self) -> dict:
        return {
            "documents": [
                {"id": d.meta.id, "origin": d.meta.origin, "genre": d.meta.genre,
                 "nonblank_lines": d.nonblank, "read_as": d.read_as,
                 "facts": _count_kinds(d.facts),
                 "dropped": [{"line": n, "reason": r} for n, r in d.dropped],
                 "unassigned": [{"line": n, "text": t} for n, t in d.unassigned],
                 "warnings": d.warnings}
                for d in self.docs
            ],
            "facts": _count_kinds(self.facts),
            "unassigned": [f"{d.meta.origin}:{n}" for d in self.docs for n, _ in d.unassigned],
        }


def _count_kinds(facts: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in facts:
        out[f.kind] = out.get(f.kind, 0) + 1
    return dict(sorted(out.items()))


def load_manifest(corpus: Path) -> list[DocMeta]:
    path = corpus / "manifest.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"no manifest at {path}; set KB_CORPUS_DIR to the corpus folder") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path} is not valid JSON: {exc}") from None
    docs = []
    for i, d in enumerate(raw.get("documents", []), start=1):
        missing = [k for k in ("id", "title", "origin") if not d.get(k)]
        if missing:
            raise CorpusError(f"{path}: document {i} lacks {', '.join(missing)}")
        docs.append(DocMeta(id=d["id"], title=d["title"], origin=d["origin"], genre=d.get("genre") or "auto",
                            issuer=d.get("issuer"), date=d.get("date"), number=d.get("number"),
                            short_name=d.get("short_name"), aliases=list(d.get("aliases") or [])))
    return docs


def manifest_options(corpus: Path) -> dict:
    """The manifest's optional knowledge-base options: ``name`` and ``examples``."""
    try:
        raw = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: raw[k] for k in ("name", "examples") if raw.get(k)}


def parse_document(meta: DocMeta, data: bytes) -> DocResult:
    """Facts, dropped and unassigned lines and warnings for one document's bytes."""
    text, warnings = decode(data, meta.origin)
    ctx = ParseContext(doc=meta, warnings=list(warnings))
    raw_lines = text.splitlines()
    nonblank = sum(1 for t in raw_lines if t.strip())
    if not nonblank:
        ctx.warn(None, "empty document; nothing to parse")
        return DocResult(meta, [], [], [], ctx.warnings, 0, raw_lines)
    read_as = []
    if is_traditional(text):  # parsed on a Simplified copy, line for line; citations keep the original
        text = to_simplified(text)
        read_as.append("Traditional Chinese, parsed on a Simplified copy")
    if not meta.genre or meta.genre == "auto":
        meta.genre, why = genres.detect(text)
        read_as.append(f"genre {meta.genre} ({why})")
    genre = genres.get(meta.genre)
    if genre is None:
        ctx.warn(None, f"unknown genre {meta.genre!r} (known: {', '.join(genres.names())}); read as prose")
        genre = genres.fallback()
    cleaned = clean(text, join_short_runs=genre.join_short_runs)
    for line_no, reason in cleaned.dropped:
        ctx.owners[line_no] = f"dropped: {reason}"
    genre.parse(ctx, build_outline(cleaned.lines, genre.unit_heading))
    unassigned = [(i, t.strip()) for i, t in enumerate(raw_lines, start=1)
                  if t.strip() and i not in ctx.owners]
    for n, t in unassigned:
        ctx.warn(None, f"line {n} not assigned to any fact: {t[:40]}")
    for problem in genre.check(ctx.facts):
        ctx.warn(None, problem)
    return DocResult(meta, ctx.facts, cleaned.dropped, unassigned, ctx.warnings, nonblank, raw_lines, read_as)


def build_facts(corpus: Path) -> BuildResult:
    docs = []
    for meta in load_manifest(corpus):
        path = corpus / meta.origin
        try:
            data = path.read_bytes()
        except OSError as exc:
            result = DocResult(meta, [], [], [], [f"{meta.origin}: cannot read ({exc.strerror})"], 0)
        else:
            result = parse_document(meta, data)
        docs.append(result)
    return BuildResult(docs)


def corpus_hash(corpus: Path) -> str:
    h = hashlib.sha256()
    manifest = corpus / "manifest.json"
    h.update(manifest.read_bytes())
    for meta in load_manifest(corpus):
        path = corpus / meta.origin
        h.update(meta.origin.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def parser_hash() -> str:
    """Changes whenever the parsing code does, so a code change makes facts stale."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted([*(root / "facts").glob("*.py"), *(root / "parse").glob("*.py")]):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_build(result: BuildResult, out: Path, corpus: Path) -> dict:
    """Write facts.jsonl, build_report.json and facts.manifest.json; return the manifest."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        facts_path = out / "facts.jsonl"
        write_atomically(facts_path, "".join(f.model_dump_json() + "\n" for f in result.facts).encode("utf-8"))
        report_path = out / "build_report.json"
        report_path.write_text(json.dumps(result.report, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
        manifest = {"format": FORMAT_VERSION, "corpus_hash": corpus_hash(corpus),
                    "parser_hash": parser_hash(),
                    "files": {"facts.jsonl": sha256_file(facts_path)},
                    "facts": len(result.facts)}
        (out / "facts.manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                                 encoding="utf-8")
    except OSError as exc:
        raise ReadOnlyError(f"cannot write to {exc.filename or out} ({exc.strerror}); "
                            "set KB_BUILD_DIR to a writable folder") from None
    return manifest


def facts_are_fresh(out: Path, corpus: Path) -> bool:
    try:
        manifest = json.loads((out / "facts.manifest.json").read_text(encoding="utf-8"))
        return (manifest.get("format") == FORMAT_VERSION
                and manifest.get("corpus_hash") == corpus_hash(corpus)
                and manifest.get("parser_hash") == parser_hash()
                and manifest.get("files", {}).get("facts.jsonl") == sha256_file(out / "facts.jsonl"))
    except (OSError, ValueError):
        return False


def read_facts(path: Path) -> list[Fact]:
    facts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                facts.append(FactAdapter.validate_json(line))
    return facts


def ensure_facts(corpus: Path | None = None, out: Path | None = None, *,
                 force: bool = False) -> tuple[list[Fact], BuildResult | None]:
    """Facts from the build directory, rebuilt first when missing, stale or damaged.

    Returns the facts and the BuildResult when a build ran (None when reused).
    """
    settings = get_settings()
    corpus = corpus or settings.corpus_dir
    out = out or settings.build_dir
    lock = build_lock(out)
    with lock.hold():
        if not force and facts_are_fresh(out, corpus):
            return read_facts(out / "facts.jsonl"), None
    with lock.hold(exclusive=True):
        if not force and facts_are_fresh(out, corpus):  # another process built them while this one waited
            return read_facts(out / "facts.jsonl"), None
        if (out / "facts.jsonl").exists() and not force:
            log.warning("facts in %s are stale or damaged; rebuilding", out)
        result = build_facts(corpus)
        write_build(result, out, corpus)
    return result.facts, result
