"""API keys: "<prefix>.<secret>"; the prefix finds the client, the SHA-256 of the whole key is
what is stored and compared."""

import hashlib
import secrets


def new_api_key() -> tuple[str, str]:
    """(prefix, key)"""
    prefix = secrets.token_hex(4)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
