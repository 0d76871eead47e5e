"""Tracking codes and private-link keys."""

import re
import secrets

# No 0/O and no 1/I: a code read aloud over the phone or copied from a screen cannot be misread.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "LPR-"
LENGTH = 8  # 32**8 ≈ 1.1e12 codes: unguessable by trying, short enough to type on a phone
_CODE = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{LENGTH}}}$")


def new_tracking_code():
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_secret_key():
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


def normalize_tracking_code(text):
    """`lpr abcd efgh`, `LPR-ABCDEFGH` and `abcdefgh` all mean LPR-ABCDEFGH; None if not a code."""
    compact = re.sub(r"[\s\-_.]", "", (text or "").upper())
    if compact.startswith(PREFIX[:-1]) and len(compact) == LENGTH + len(PREFIX) - 1:
        compact = compact[len(PREFIX) - 1 :]
    code = PREFIX + compact
    return code if _CODE.match(code) else None
