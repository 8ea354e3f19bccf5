"""The persisted index: save → load gives the same ranking; stale, mismatched or damaged
parts are rebuilt with a message; encoders are never mixed; a read-only folder is named."""
import json

import numpy as np
import pytest

from indexer.store import open_index
from kb.errors import ReadOnlyError
from tests.indexer.tiny_st import make_tiny_model

QUERIES = ["报关单填错了想改", "吨税执照多久", "保证金退还", "进口车检验", "第12条措施", "工作时间"]


@pytest.fixture(scope="module")
def tiny_a(tmp_path_factory):
    return str(make_tiny_model(tmp_path_factory.mktemp("st") / "tiny-a", dim=16, seed=0))


@pytest.fixture(scope="module")
def tiny_b(tmp_path_factory):
    return str(make_tiny_model(tmp_path_factory.mktemp("st") / "tiny-b", dim=8, seed=1))


def rankings(index, mode="bm25"):
    return [[(h.id, round(h.score, 9)) for h in index.search(q, 10, mode)] for q in QUERIES]


def test_save_then_load_gives_the_same_bm25_ranking(facts, tmp_path):
    built = open_index(facts, tmp_path)
    assert built.store.built == ["bm25"]
    loaded = open_index(facts, tmp_path)
    assert loaded.store.built == []  # reused, not rebuilt
    assert rankings(loaded) == rankings(built)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["facts"]["count"] == len(facts)
    assert manifest["parts"]["bm25"]["tokenizer_dictionary"] == loaded.bm25.tokenizer.dictionary_hash
    for name in ("ids.json", "tokenizer_words.txt", "bm25_postings.npz", "bm25_vocab.json"):
        assert (tmp_path / name).exists()


@pytest.mark.slow
def test_sentence_transformers_encoder_builds_saves_and_reloads(facts, tmp_path, tiny_a):
    built = open_index(facts, tmp_path, encoder=tiny_a, dense_now=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parts"]["dense"]["encoder"] == f"st:{tiny_a}"
    assert manifest["parts"]["dense"]["dim"] == 16
    loaded = open_index(facts, tmp_path, encoder=tiny_a, dense_now=True)
    assert loaded.store.built == []
    for mode in ("dense", "hybrid"):
        assert rankings(loaded, mode) == rankings(built, mode)
    vectors = loaded.dense.vectors
    assert vectors.shape == (len(facts), 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    query = loaded.dense.encoder.queries(["船舶吨税执照"])[0]  # what FAISS returns is the cosine order
    expected = [facts[i].id for i in np.argsort(-(vectors @ query), kind="stable")[:5]]
    hits = loaded.search("船舶吨税执照", 5, "dense")
    assert [h.id for h in hits] == expected
    assert hits[0].dense_rank == 1 and hits[0].bm25_rank is None


@pytest.mark.slow
def test_another_encoder_rebuilds_the_dense_part_only(facts, tmp_path, tiny_a, tiny_b, caplog):
    open_index(facts, tmp_path, encoder=tiny_a, dense_now=True)
    caplog.clear()
    index = open_index(facts, tmp_path, encoder=tiny_b, dense_now=True)
    messages = caplog.messages
    assert index.store.built == ["dense"]
    assert any("rebuilding the dense index" in m and "tiny-b" in m for m in messages), messages
    assert index.dense.dim == 8
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parts"]["dense"]["encoder"] == f"st:{tiny_b}"


def test_manifest_mismatch_triggers_a_rebuild(facts, tmp_path, caplog):
    open_index(facts, tmp_path)
    path = tmp_path / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["parts"]["bm25"]["code"] = "0" * 16
    path.write_text(json.dumps(manifest))
    caplog.clear()
    index = open_index(facts, tmp_path)
    messages = caplog.messages
    assert index.store.built == ["bm25"]
    assert any("indexing code changed" in m for m in messages), messages
    assert index.search("吨税执照", 1, "bm25")[0].title == "船舶吨税执照业务"


def test_other_format_version_is_rebuilt(facts, tmp_path, caplog):
    open_index(facts, tmp_path)
    path = tmp_path / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format"] = 99
    path.write_text(json.dumps(manifest))
    caplog.clear()
    assert open_index(facts, tmp_path).store.built == ["bm25"]
    messages = caplog.messages
    assert any("format 99" in m for m in messages), messages


@pytest.mark.parametrize("damage", ["truncate", "delete", "garble_manifest"])
def test_damaged_files_are_detected_and_rebuilt(facts, tmp_path, damage, caplog):
    reference = rankings(open_index(facts, tmp_path))
    target = tmp_path / "bm25_postings.npz"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "delete":
        target.unlink()
    else:
        (tmp_path / "manifest.json").write_text("{not json")
    caplog.clear()
    index = open_index(facts, tmp_path)
    messages = caplog.messages
    assert index.store.built == ["bm25"]
    assert messages, "a damaged index must be reported, not silently replaced"
    assert rankings(index) == reference


def test_changed_facts_rebuild_the_index(facts, tmp_path, caplog):
    open_index(facts, tmp_path)
    caplog.clear()
    index = open_index(facts[:-1], tmp_path)
    messages = caplog.messages
    assert index.store.built == ["bm25"]
    assert any("facts changed" in m for m in messages)


def test_unwritable_folder_is_named(facts, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the build folder should be")  # fails even for root
    with pytest.raises(ReadOnlyError, match="KB_BUILD_DIR") as err:
        open_index(facts, blocker / "index")
    assert str(blocker) in str(err.value)


@pytest.fixture()
def encoded(monkeypatch):
    """The texts the sentence-transformers encoder is given: a spy, the real model still encodes."""
    from indexer import encoders

    texts: list[str] = []
    real = encoders.SentenceTransformerEncoder.passages

    def counting(self, given):
        texts.extend(given)
        return real(self, given)

    monkeypatch.setattr(encoders.SentenceTransformerEncoder, "passages", counting)
    return texts


@pytest.mark.slow
def test_a_rebuild_after_an_edit_encodes_only_the_changed_fact(facts, tmp_path, tiny_a, encoded):
    first = open_index(facts, tmp_path, encoder=tiny_a, dense_now=True)
    assert len(encoded) == len(facts)
    before = dict(zip(first.dense.ids, first.dense.vectors))
    edited = list(facts)
    n = next(i for i, f in enumerate(facts) if f.kind == "service")
    edited[n] = facts[n].model_copy(update={"text": facts[n].text + "（加盖公章）"})
    encoded.clear()
    again = open_index(edited, tmp_path, encoder=tiny_a, dense_now=True)
    assert again.store.built == ["bm25", "dense"] and len(encoded) == 1  # only the edited fact's text
    after = dict(zip(again.dense.ids, again.dense.vectors))
    assert all(np.allclose(after[i], before[i]) for i in before if i != facts[n].id)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parts"]["dense"]["encoded"] == 1 and manifest["parts"]["dense"]["reused"] == len(facts) - 1


def test_passage_vectors_are_kept_between_runs_and_a_read_only_folder_only_costs_encoding(tmp_path, tiny_a, encoded):
    from indexer import encoders
    from indexer.dense import cached_passages

    encoder = encoders.make_encoder(tiny_a)
    texts = ["关税税率", "出入境人员检疫", "船舶吨税"]
    first = cached_passages(encoder, texts, tmp_path / "topics.npz")
    assert encoded == texts and (tmp_path / "topics.npz").is_file()
    again = cached_passages(encoder, texts + ["冷藏集装箱"], tmp_path / "topics.npz")
    assert encoded == texts + ["冷藏集装箱"] and np.allclose(again[:3], first)  # only the new text encoded
    assert list(tmp_path.iterdir()) == [tmp_path / "topics.npz"]  # no temporary file left behind
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    encoded.clear()
    read_only = cached_passages(encoder, texts, blocker / "topics.npz")
    assert encoded == texts and np.allclose(read_only, first)
