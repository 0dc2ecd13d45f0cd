"""Retrieval: hybrid keyword + dense search over the knowledge base's current chunks."""

from luodi.retrieve.retriever import MODES, Retriever

__all__ = ["MODES", "Retriever"]
