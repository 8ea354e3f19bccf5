"""jieba's dictionary, loaded once: the same frequencies and tags jieba itself would load,
shared by the first tokenizer without a copy, its domain words never leaking into the
general frequencies or into another tokenizer."""
import jieba

from indexer import jieba_tables
from indexer.jieba_tables import Tables, import_posseg, shared_tables
from indexer.tokenize import Tokenizer, base_frequency


def test_the_tables_are_the_ones_jieba_loads(tmp_path):
    own = jieba.Tokenizer()
    own.initialize()
    freq, total, tags = jieba_tables._parse(jieba_tables.SOURCE)
    assert freq == own.FREQ and total == own.total
    posseg = import_posseg()
    reference = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    reference.load_word_tag(own.get_dict_file())  # what jieba.posseg's own tagger reads
    assert tags == reference.word_tag_tab
    assert import_posseg().dt.word_tag_tab == {}  # its global tagger kept no second copy


def test_the_cache_file_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(jieba_tables, "user_cache_path", lambda *a, **k: tmp_path)
    source = tmp_path / "dict.txt"
    source.write_text("中国 100 ns\n中国人 20 n\n公司 50 n\n", encoding="utf-8")
    first = jieba_tables.load(source)
    assert first == ({"中": 0, "中国": 100, "中国人": 20, "公": 0, "公司": 50}, 170, {"中国": "ns", "中国人": "n", "公司": "n"})
    assert [p.name for p in tmp_path.glob("*.marshal")] and not list(tmp_path.glob("*.tmp"))
    parse = jieba_tables._parse

    def refuse(_source):
        raise AssertionError("parsed again")

    monkeypatch.setattr(jieba_tables, "_parse", refuse)
    assert jieba_tables.load(source) == first  # from the cache, not the text
    monkeypatch.setattr(jieba_tables, "_parse", parse)
    next(tmp_path.glob("*.marshal")).write_bytes(b"not marshal")
    assert jieba_tables.load(source) == first  # a damaged cache is parsed again


def test_domain_words_stay_out_of_the_general_frequencies_and_other_tokenizers():
    tables = Tables({"报": 0, "报关": 300, "公司": 50}, 350, {})
    mine, changed = tables.take()
    assert mine is tables.freq and changed == {}  # the first taker: no copy
    changed.update({"报关单": None, "报关": 300})
    mine["报关单"], mine["报关"] = 50000, 50000
    assert tables.frequency("报关单") == 0 and tables.frequency("报关") == 300 and tables.frequency("公司") == 50
    other, recorded = tables.take()
    assert other is not mine and recorded is None and other == {"报": 0, "报关": 300, "公司": 50}


def test_a_second_tokenizer_segments_as_it_would_alone():
    shared_tables()  # whichever tokenizer came first in this process owns the shared table
    a = Tokenizer(["大窑湾海关政务公开"])
    b = Tokenizer(["政务公开"])
    assert "大窑湾海关政务公开" in a.plain_words("大窑湾海关政务公开")
    assert "大窑湾海关政务公开" not in b.plain_words("大窑湾海关政务公开")
    assert base_frequency("大窑湾海关政务公开") == 0 and base_frequency("公司") > 0
