"""A sentence-transformers model made on the spot: static character embeddings, 16-d.

It needs no download, so the sentence-transformers encoder path is tested offline with
the real library loading a real model folder from disk.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np


def make_tiny_model(folder: Path, dim: int = 16, seed: int = 0) -> Path:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    chars = "报关单修撤业务船舶吨税执照保证金退还进出口检验查危险品冷藏冻产动车辆尸体骸骨"
    vocab = {"[UNK]": 0, "[PAD]": 1}
    for ch in chars:
        vocab.setdefault(ch, len(vocab))
    tokenizer = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(r"\w"), "isolated")
    weights = np.random.default_rng(seed).normal(size=(len(vocab), dim)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    model.save(str(folder))
    return folder
