"""Coordinates as providers send them."""


def coordinate(value, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) from a provider's JSON; ValueError when
    it is not a number on Earth."""
    if value is None:
        return None
    number = float(value)
    if not -limit <= number <= limit:
        raise ValueError(f"coordinate {number} out of range")
    return number
