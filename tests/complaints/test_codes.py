import pytest

from complaints import codes


def test_a_tracking_code_is_prefixed_and_uses_only_unambiguous_characters():
    for _ in range(200):
        code = codes.new_tracking_code()
        assert code.startswith("LPR-") and len(code) == 12
        assert not set(code[4:]) & set("01OI")
        assert set(code[4:]) <= set(codes.ALPHABET)


@pytest.mark.parametrize(("drawn", "code"), [
    (0, "LPR-22222222"), (2**40 - 1, "LPR-ZZZZZZZZ"),
    (1 | 31 << 35, "LPR-3222222Z"),  # the lowest five bits pick the first character
])
def test_each_five_bits_of_one_draw_pick_a_character(monkeypatch, drawn, code):
    asked = []
    monkeypatch.setattr(codes.secrets, "randbits", lambda bits: asked.append(bits) or drawn)
    assert codes.new_tracking_code() == code
    assert asked == [40]  # one draw, from the system's randomness


def test_every_character_comes_up_in_every_place():
    drawn = [codes.new_tracking_code()[4:] for _ in range(3000)]
    for place in range(codes.LENGTH):  # 94 of each expected: none missing by chance
        assert {code[place] for code in drawn} == set(codes.ALPHABET)


def test_tracking_codes_do_not_repeat():
    assert len({codes.new_tracking_code() for _ in range(5000)}) == 5000


def test_a_secret_key_is_long_and_url_safe():
    key = codes.new_secret_key()
    assert len(key) == 43
    assert all(ch.isalnum() or ch in "-_" for ch in key)


@pytest.mark.parametrize("typed", [
    "LPR-ABCD2345", "lpr-abcd2345", " LPR ABCD 2345 ", "lprabcd2345", "ABCD2345", "abcd-2345",
    "LPR-ABCD-2345",
])
def test_codes_are_recognised_as_people_type_them(typed):
    assert codes.normalize_tracking_code(typed) == "LPR-ABCD2345"


@pytest.mark.parametrize("typed", [
    "", None, "LPR-ABCD234", "LPR-ABCD23456", "LPR-ABCD0345", "LPR-ABCDO345", "LPR-ABCD1345",
    "LPR-ABCDI345", "XYZ-ABCD2345", "'; DROP TABLE", "LPR-ÄBCD2345",
])
def test_anything_else_is_not_a_code(typed):
    assert codes.normalize_tracking_code(typed) is None


@pytest.mark.parametrize("typed, prefixed", [
    ("LPR-ABCD2345", True), ("lpr abcd 2345", True), ("lprabcd2345", True),
    ("ABCD2345", False), ("jembatan", False), ("LPR-ABCD234", False), ("", False), (None, False),
])
def test_a_code_typed_with_its_lpr_is_told_from_eight_letters_alone(typed, prefixed):
    assert codes.typed_with_prefix(typed) is prefixed
