"""Tracking codes and private-link keys."""

import re
import secrets

# No 0/O and no 1/I: a code read aloud over the phone or copied from a screen cannot be misread.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "LPR-"
LENGTH = 8  # 32**8 ≈ 1.1e12 codes: unguessable by trying, short enough to type on a phone
_CODE = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{LENGTH}}}$")
_BITS = 5  # a character of the 32: every five bits drawn pick one, each as likely
assert len(ALPHABET) == 2**_BITS


def new_tracking_code():
    # One draw from the system's randomness for the whole code: secrets.choice made one
    # system call per draw and threw away half of its draws (16 calls a code on average).
    drawn = secrets.randbits(_BITS * LENGTH)
    return PREFIX + "".join(ALPHABET[(drawn >> shift) & (2**_BITS - 1)]
                            for shift in range(0, _BITS * LENGTH, _BITS))


def new_secret_key():
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


def normalize_tracking_code(text):
    """`lpr abcd efgh`, `LPR-ABCDEFGH` and `abcdefgh` all mean LPR-ABCDEFGH; None if not a code."""
    compact = _compact(text)
    if _prefixed(compact):
        compact = compact[len(PREFIX) - 1 :]
    code = PREFIX + compact
    return code if _CODE.match(code) else None


def typed_with_prefix(text):
    """Whether `text` is a code with its LPR in front: eight letters alone may as well be a
    word ("jembatan", "genangan" — none of the letters the codes leave out)."""
    return normalize_tracking_code(text) is not None and _prefixed(_compact(text))


def _compact(text):
    return re.sub(r"[\s\-_.]", "", (text or "").upper())


def _prefixed(compact):
    return compact.startswith(PREFIX[:-1]) and len(compact) == LENGTH + len(PREFIX) - 1
