"""BM25 and the bundled dense encoder each find the right fact for paraphrases."""
import numpy as np
import pytest

from indexer.bm25 import BM25Index


@pytest.fixture(scope="module")
def tokenizer(shared_index):
    return shared_index.tokenizer  # Tokenizer.from_facts over the real facts, built once


def title_of(facts, fid):
    return next(f.title for f in facts if f.id == fid)


@pytest.mark.parametrize("text,expected", [
    ("報關單填錯了想改", ["报关单", "修撤"]),
    ("吨税执照", ["船舶吨税执照"]),
    ("ＨＰ２０１５系统", ["hp2015"]),
    ("冻品进口", ["冷藏", "冷冻产品"]),
])
def test_tokenizer_domain_terms(tokenizer, text, expected):
    tokens = tokenizer.tokens(text)
    for word in expected:
        assert word in tokens, (text, tokens)


@pytest.mark.parametrize("query,title", [
    ("报关单填错了想改怎么弄", "报关单修撤业务"),
    ("吨税执照多久能办好", "船舶吨税执照业务"),
    ("进口车检验要几天", "进口机动车辆检验流程"),
    ("保证金到期了怎么退", "保证金退还业务"),
])
def test_bm25_paraphrases(facts, tokenizer, query, title):
    index = BM25Index.build(facts, tokenizer)
    assert title_of(facts, index.search(query, 1)[0][0]) == title


@pytest.mark.slow
def test_dense_e5_paraphrases(facts):
    from indexer.dense import DenseIndex
    from indexer.encoders import make_encoder

    encoder = make_encoder()
    services = [f for f in facts if f.kind == "service"]
    index = DenseIndex.build(services, encoder)
    assert index.vectors.shape == (55, encoder.dim)
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1, atol=1e-4)
    for query, title in [("船舶吨税执照怎么办", "船舶吨税执照业务"), ("尸体骸骨出入境申报", "出入境尸体骸骨申报查验业务")]:
        top5 = [title_of(facts, fid) for fid, _ in index.search(query, 5)]
        assert title in top5, (query, top5)


def test_postings_scores_equal_rank_bm25(facts, tokenizer):
    from rank_bm25 import BM25Okapi


    index = BM25Index.build(facts, tokenizer)
    reference = BM25Okapi([tokenizer.tokens(f.index_text()) for f in facts])
    for query in ["报关单填错了想改", "吨税执照多久 吨税", "保证金退还", "完全无关的词 xyz"]:
        expected = reference.get_scores(tokenizer.tokens(query))
        assert np.allclose(index.scores(query), expected, atol=1e-9), query


@pytest.mark.parametrize("query,kind,number", [
    ("第十二条措施", "measure", 12), ("措施 27", "measure", 27), ("第16项任务", "plan_task", 16),
])
def test_numbers_are_searchable_in_the_ways_people_write_them(facts, tokenizer, query, kind, number):
    index = BM25Index.build(facts, tokenizer)
    by_id = {f.id: f for f in facts}
    top = by_id[index.search(query, 1)[0][0]]
    assert (top.kind, top.number) == (kind, number)


def test_fusion_keeps_each_signal_and_prefers_agreement():
    from indexer.search import fuse

    bm25 = [("a", 20.0), ("b", 10.0), ("c", 9.0)]
    dense = [("b", 0.90), ("c", 0.85), ("d", 0.80)]
    fused = dict(fuse(bm25, dense, weight=0.5))
    assert fused["a"] == pytest.approx(0.5)  # best BM25, absent from the dense pool
    assert fused["b"] == pytest.approx(0.25 + 0.5)  # half the best BM25, best cosine
    assert fused["d"] == pytest.approx(0.0)  # worst of the dense pool, no BM25
    assert max(fused, key=fused.get) == "b"


@pytest.mark.slow
def test_hybrid_search_with_e5_and_query_cache(facts, tmp_path):
    from indexer.store import open_index

    index = open_index(facts, tmp_path, dense_now=True)
    calls = []
    real_queries = index.dense.encoder.queries
    index.dense.encoder.queries = lambda texts: calls.append(texts) or real_queries(texts)
    for query, title in [("报关单填错了想改怎么弄", "报关单修撤业务"), ("吨税执照多久能办好", "船舶吨税执照业务"),
                         ("進口車檢驗要幾天", "进口机动车辆检验流程")]:
        hits = index.search(query, 5, "hybrid")
        assert hits[0].title == title, (query, [h.title for h in hits])
        assert hits[0].bm25_rank is not None and hits[0].dense_rank is not None
    index.search("吨税执照多久能办好", 5, "hybrid")
    assert len(calls) == 3  # the repeated question took its vector from the cache
