"""BM25 and the bundled dense encoder each find the right fact for paraphrases."""
import numpy as np
import pytest

from indexer.bm25 import BM25Index
from indexer.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tokenizer(facts):
    return Tokenizer.from_facts(facts)


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
