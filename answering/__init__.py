"""Answering: turn a question (and earlier turns) into a typed, cited Answer."""
from answering.types import Answer, Status

__all__ = ["Answer", "Status"]
