"""The vault of reversible PII masking: Fernet keys from the environment, and `reveal`, which puts
the original values back in place of the tokens luodi.clean.pii.apply_pii wrote."""

from __future__ import annotations

import os
import re

from luodi.errors import ConfigError

KEY_ENV = "LUODI_VAULT_KEY"
_KEY_HELP = (
    'Create a key with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())" and export it as LUODI_VAULT_KEY.'
)


def fernet_for(key: bytes | str | None):
    """(Fernet, raw key) for `key`, else for the key in LUODI_VAULT_KEY; a clear error without one."""
    from cryptography.fernet import Fernet

    if key is None:
        key = os.environ.get(KEY_ENV)
        if not key:
            raise ConfigError(
                f"Reversible masking needs a vault key and {KEY_ENV} is not set. " + _KEY_HELP
            )
    if isinstance(key, str):
        key = key.encode()
    try:
        return Fernet(key), key
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"The vault key is not a valid Fernet key ({exc}). " + _KEY_HELP) from exc


def reveal(text: str, vault: list[tuple[str, str, str]], key: bytes | None = None) -> str:
    """Put the original values back in place of reversible tokens; a wrong key raises ConfigError."""
    from cryptography.fernet import InvalidToken

    if not vault:
        return text
    fernet, _ = fernet_for(key)
    originals: dict[str, str] = {}
    for token, _kind, secret in vault:
        try:
            plain = fernet.decrypt(secret.encode()).decode()
        except InvalidToken as exc:
            raise ConfigError(
                "Cannot decrypt the PII vault: the key is not the one it was written with. "
                f"Set {KEY_ENV} to the original key."
            ) from exc
        sealed, _, value = plain.partition("\0")
        if sealed != token:
            raise ConfigError(f"PII vault entry for {token} is corrupted (sealed for {sealed}).")
        originals[token] = value
    if not originals:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in originals))
    return pattern.sub(lambda m: originals[m.group(0)], text)
