"""Search over the facts: the tokenizer, BM25, dense vectors, their fusion and the stored index.

OpenMP's wait policy (KB_OMP_WAIT) is set here, before any module of this package loads
FAISS or the encoder: their OpenMP runtimes read it once, when they load.
"""
from kb.settings import configure_threads

configure_threads()
