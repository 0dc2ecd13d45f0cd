"""Luodi (落地): grounded answers from an organisation's own documents."""

__version__ = "0.1.0"
