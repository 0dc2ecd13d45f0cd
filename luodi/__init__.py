"""Luodi (落地): grounded answers from an organisation's own documents."""

__version__ = "0.1.0"

from luodi.threads import set_env_defaults

set_env_defaults()
