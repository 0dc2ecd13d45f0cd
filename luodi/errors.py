"""Every error Luodi raises on purpose. Messages tell the user what to do."""

from __future__ import annotations


class LuodiError(Exception):
    """Base class; the CLI prints the message and exits with `exit_code`."""

    exit_code = 1
    http_status = 400


class ConfigError(LuodiError):
    exit_code = 2


class InputError(LuodiError):
    """A file or request Luodi cannot use (empty, binary, too big, wrong format)."""

    exit_code = 3
    http_status = 422


class ConsentError(InputError):
    """The source's owner opted out: it is never indexed."""

    http_status = 403


class NotFoundError(LuodiError):
    exit_code = 4
    http_status = 404


class StoreError(LuodiError):
    exit_code = 5
    http_status = 500


class ModelError(LuodiError):
    exit_code = 6
    http_status = 502


class BudgetExceeded(LuodiError):
    exit_code = 7
    http_status = 402


class MissingExtra(LuodiError):
    """An optional dependency is not installed."""

    exit_code = 8
    http_status = 501

    def __init__(self, module: str, extra: str):
        super().__init__(
            f"{module} is not installed. Install it with: pip install 'luodi[{extra}]'"
        )
