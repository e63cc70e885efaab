"""The text rules of citylinks.text: stored form, matching key, checks, display and keys."""

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from citylinks.text import (
    FORMULA_PREFIXES,
    TextError,
    clean_name,
    clean_note,
    display_width,
    fold,
    is_rtl,
    neutralize_formula,
    normalize,
    safe_for_terminal,
    script_language,
    slugify,
    to_ascii_digits,
    to_persian_digits,
    transliterate,
)

ZWNJ = "\u200c"
ZWJ = "\u200d"
TATWEEL = "\u0640"
FATHA, KASRA, SHADDA, SUPERSCRIPT_ALEF = "\u064e", "\u0650", "\u0651", "\u0670"

# --- normalize: the stored form -----------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["يزد", "یزد", "یـزد", "ىزد", " یزد ", "یـــزد"])
def test_normalize_stores_every_yazd_spelling_with_persian_yeh(spelling):
    assert normalize(spelling) == "یزد"


def test_normalize_turns_arabic_kaf_into_persian_keheh():
    assert normalize("كرمان") == "کرمان"


def test_normalize_leaves_other_arabic_letters_alone():
    assert normalize("ہ ة آ أ إ ئ ؤ") == "ہ ة آ أ إ ئ ؤ"


def test_normalize_composes_to_nfc():
    assert normalize("Tu\u0308rkiye") == "Türkiye"


def test_normalize_keeps_zwnj_inside_a_word():
    assert normalize("می\u200cشود") == "می\u200cشود"


def test_normalize_collapses_a_run_of_zwnj_to_one():
    assert normalize("می\u200c\u200c\u200cشود") == "می\u200cشود"


@pytest.mark.parametrize(
    "text",
    [
        "\u200cمی",  # at the start
        "می\u200c",  # at the end
        "بین\u200c المللی",  # before a space
        "بین \u200cالمللی",  # after a space
    ],
)
def test_normalize_drops_zwnj_at_word_edges(text):
    assert ZWNJ not in normalize(text)


def test_normalize_keeps_zwnj_after_a_letter_with_a_vowel_sign():
    assert normalize("بِ\u200cا") == "بِ\u200cا"


def test_normalize_keeps_zwj():
    assert normalize("a\u200db") == "a\u200db"


@pytest.mark.parametrize(
    "mark", ["\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad"]
)
def test_normalize_removes_direction_marks_and_invisibles(mark):
    assert normalize(f"{mark}Yazd{mark} یزد{mark}") == "Yazd یزد"


def test_normalize_collapses_whitespace_and_strips_the_ends():
    assert normalize("  Asian\t\tMayors\u00a0 \u202fForum\n ") == "Asian Mayors Forum"


def test_normalize_keeps_digits_as_typed():
    assert normalize("۱۴۰۲ ١٤٠٢ 1402") == "۱۴۰۲ ١٤٠٢ 1402"


def test_normalize_multiline_keeps_lines_and_one_blank_line():
    note = "  first  line \r\nsecond\tline\r\r\r\n\n\nthird\u2028fourth\n\n"
    assert normalize(note, multiline=True) == "first line\nsecond line\n\nthird\nfourth"


# --- fold: the matching key ---------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["يزد", "یزد", "یـزد", "ىزد", "ﻳﺰﺩ", " یَزد "])
def test_fold_matches_every_yazd_spelling(spelling):
    assert fold(spelling) == fold("یزد")


@pytest.mark.parametrize("spelling", ["بین‌المللی", "بین المللی", "بینالمللی", "بین-المللی"])
def test_fold_ignores_zwnj_space_or_nothing_between_word_parts(spelling):
    assert fold(spelling) == fold("بینالمللی")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Gaziantep", "gaziantep"),
        ("Haikou", "HAIKOU"),
        ("Haikou", "Ｈａｉｋｏｕ"),
        ("Türkiye", "Turkiye"),
        ("Türkiye", "Tu\u0308rkiye"),
        ("São Paulo", "sao-paulo"),
        ("İstanbul", "istanbul"),
        ("Diyarbakır", "Diyarbakir"),
        ("Xi'an", "Xian"),
        ("Straße", "strasse"),
        ("کرمان", "كرمان"),
        ("مُحَمَّد", "محمد"),
        ("رحمٰن", "رحمن"),
        ("اتحادیهٔ شهرها", "اتحادیه شهرها"),
        ("اتحادیۀ شهرها", "اتحادیه شهرها"),
        ("منطقه ۱۴", "منطقه 14"),
        ("منطقه ١٤", "منطقه 14"),
    ],
)
def test_fold_matches_spellings_of_one_name(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Yazd", "Yazdi"),
        ("آبادان", "ابادان"),
        ("ت", "ه"),  # a hamza's seat folds away (tests/test_fa15h_hamza.py), no other letter
        ("Region 1", "Region 2"),
        ("が", "か"),
        ("कुल", "कल"),
    ],
)
def test_fold_keeps_names_that_differ_in_a_letter_apart(one, other):
    assert fold(one) != fold(other)


def test_fold_gives_the_documented_key():
    assert fold("  Türkiye-Gaziantep ") == "turkiyegaziantep"
    assert fold("یـزد ۱۴۰۲") == "یزد1402"


# --- digits -------------------------------------------------------------------------------------


def test_to_ascii_digits_converts_persian_and_arabic_indic_digits():
    assert to_ascii_digits("۱۴۰۲/٠٣/12 Yazd") == "1402/03/12 Yazd"


def test_to_persian_digits_converts_ascii_and_arabic_indic_digits_only():
    assert to_persian_digits("1402/٠٣ Yazd ۵") == "۱۴۰۲/۰۳ Yazd ۵"


@given(st.text())
def test_digits_round_trip_through_persian(text):
    ascii_only = "".join(ch for ch in text if ch.isascii())
    assert to_ascii_digits(to_persian_digits(ascii_only)) == ascii_only


# --- clean_name and clean_note: what users may type ---------------------------------------------


def test_clean_name_returns_the_normalized_name():
    assert clean_name("  یـزد\u200f ") == "یزد"


def test_clean_name_allows_zwnj_zwj_and_direction_marks():
    assert clean_name("\u200fبین\u200cالمللی\u200d") == "بین\u200cالمللی\u200d"


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\u3000", TATWEEL, ZWNJ, "\u200f"])
def test_clean_name_refuses_an_empty_name(text):
    with pytest.raises(TextError) as refused:
        clean_name(text)
    assert str(refused.value) == "the name is empty: give at least one letter"


def test_clean_name_refuses_a_name_without_letters():
    with pytest.raises(TextError, match="has no letter or digit: give at least one letter"):
        clean_name("- . -")


def test_clean_name_refuses_a_long_name_and_says_the_limit():
    with pytest.raises(TextError) as refused:
        clean_name("a" * 5000, what="city name")
    assert str(refused.value) == "the city name is 5000 characters long; at most 200 are allowed"


def test_clean_name_honours_a_custom_limit():
    assert clean_name("abc", max_length=3) == "abc"
    with pytest.raises(TextError, match="4 characters long; at most 3 are allowed"):
        clean_name("abcd", max_length=3)


@pytest.mark.parametrize(
    ("text", "code_point"),
    [
        ("Ya\x07zd", "U+0007"),
        ("Yazd\x1b[2J", "U+001B"),
        ("Ya\x9bzd", "U+009B"),
        ("Ya\x7fzd", "U+007F"),
    ],
)
def test_clean_name_refuses_control_characters_naming_them(text, code_point):
    with pytest.raises(TextError) as refused:
        clean_name(text)
    message = str(refused.value)
    assert f"contains the control character {code_point}" in message
    assert message.endswith("remove it")


@pytest.mark.parametrize("control", ["\t", "\n", "\r"])
def test_clean_name_refuses_tabs_and_newlines(control):
    with pytest.raises(TextError, match="control character U\\+00"):
        clean_name(f"Yazd{control}city")


def test_clean_name_message_names_the_position_and_the_character():
    with pytest.raises(TextError) as refused:
        clean_name("ab\x1b")
    assert str(refused.value) == (
        "the name contains the control character U+001B (escape) at character 3; remove it"
    )


@pytest.mark.parametrize(
    "control", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
)
def test_clean_name_refuses_bidi_controls(control):
    with pytest.raises(TextError) as refused:
        clean_name(f"abc{control}def")
    code_point = f"U+{ord(control):04X}"
    assert str(refused.value) == (
        f"the name contains the bidi control {code_point} at character 4, "
        "which can disguise text; remove it"
    )


def test_clean_name_refuses_a_lone_surrogate():
    with pytest.raises(TextError, match="lone surrogate U\\+D800.*UTF-8"):
        clean_name("Yazd\ud800")


def test_refusal_messages_are_one_line():
    for text in ["", "a" * 300, "a\nb", "a\u202eb"]:
        with pytest.raises(TextError) as refused:
            clean_name(text)
        assert "\n" not in str(refused.value)


def test_clean_note_keeps_lines_and_allows_tabs():
    assert clean_note("Signed in Haikou.\r\n\tSee the minutes.") == (
        "Signed in Haikou.\nSee the minutes."
    )


def test_clean_note_allows_5000_characters_and_no_more():
    assert len(clean_note("a" * 5000)) == 5000
    with pytest.raises(TextError) as refused:
        clean_note("a" * 5001)
    assert str(refused.value) == "the note is 5001 characters long; at most 5000 are allowed"


def test_clean_note_allows_a_note_without_letters():
    assert clean_note("۱۴۰۲ - ?") == "۱۴۰۲ - ?"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the note is empty: give at least one letter"),
        ("a\x00b", "the note contains the control character U+0000 at character 2; remove it"),
        ("a\u2067b", "the note contains the bidi control U+2067 at character 2"),
    ],
)
def test_clean_note_refusals(text, message):
    with pytest.raises(TextError) as refused:
        clean_note(text)
    assert str(refused.value).startswith(message)


def test_text_error_is_a_value_error():
    assert issubclass(TextError, ValueError)


# --- showing stored text ------------------------------------------------------------------------


def test_safe_for_terminal_escapes_controls_and_bidi_controls():
    shown = safe_for_terminal("Yazd\x1b[31m red\x07\x9b\u202egnp.exe\u2066")
    assert shown == "Yazd\\x1b[31m red\\x07\\x9b<U+202E>gnp.exe<U+2066>"


def test_safe_for_terminal_keeps_newlines_tabs_and_persian():
    text = "یزد\tمی\u200cشود\nYazd"
    assert safe_for_terminal(text) == text


@given(st.text())
def test_safe_for_terminal_leaves_no_control_or_bidi_character(text):
    shown = safe_for_terminal(text)
    for ch in shown:
        assert ch in "\n\t" or unicodedata.category(ch) != "Cc"
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("یزد", True),
        ("۱۴۰۲ یزد", True),
        ("Yazd یزد", False),
        ("یزد Yazd", True),
        ("123", False),
        ("", False),
    ],
)
def test_is_rtl_looks_at_the_first_strong_character(text, rtl):
    assert is_rtl(text) is rtl


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Yazd", 4),
        ("یزد", 3),
        ("می\u200cشود", 5),
        ("مُحَمَّد", 4),
        ("e\u0301", 1),
        ("\u200fa\u200d", 1),
        ("海口", 4),
        ("ＡＢ", 4),
        ("", 0),
    ],
)
def test_display_width_counts_terminal_cells(text, width):
    assert display_width(text) == width


# --- keys and exports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Asian Mayors Forum", "asian-mayors-forum"),
        ("Türkiye", "turkiye"),
        ("  São Paulo / 2023 ", "sao-paulo-2023"),
        ("Diyarbakır", "diyarbakir"),
        ("Forum ۱۴۰۲", "forum-1402"),
        ("یزد", ""),
        ("۱۴۰۲", ""),
        ("", ""),
    ],
)
def test_slugify_makes_a_lowercase_ascii_key(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_neutralize_formula_quotes_cells_a_spreadsheet_would_run(cell):
    assert cell.startswith(FORMULA_PREFIXES)
    assert neutralize_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Yazd", "یزد", "", "1402", " =not at start"])
def test_neutralize_formula_leaves_other_cells(cell):
    assert neutralize_formula(cell) == cell


# --- properties ---------------------------------------------------------------------------------


@given(st.text())
@example("=\u200c\u0338")
@example("\u0627\u0640\u0653")
@example("\u064a\u0654 \u0649\u0654")
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text())
@example("a\r\n\r\n\r\nb \u2029 c")
def test_normalize_multiline_is_idempotent(text):
    once = normalize(text, multiline=True)
    assert normalize(once, multiline=True) == once


@given(st.text())
@example("\u0627 \u0653")
@example("\u0647 - \u0654")
@example("\u06d5=\u0654")
@example("ﻳﺰﺩ")
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_of_normalized_text_is_fold_of_text(text):
    assert fold(normalize(text)) == fold(text)


@given(st.text())
def test_accepted_names_are_stored_unchanged_when_cleaned_again(text):
    try:
        cleaned = clean_name(text, max_length=10_000)
    except TextError:
        return
    assert clean_name(cleaned, max_length=10_000) == cleaned


# What each character of a small alphabet folds to, written out by hand from the documented
# rules; every character not listed is a letter that folds to itself.
DOCUMENTED_FOLDING = {
    # case, accents, plain Latin
    "Y": "y", "A": "a", "I": "i", "İ": "i", "ı": "i", "E": "e", "é": "e", "ü": "u", "Ü": "u",
    "ß": "ss", "\u0301": "", "\u0307": "", "\u0308": "",
    # Persian letters
    "ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "أ": "ا", "ة": "ه", "ء": "",
    # Arabic vowel signs
    FATHA: "", KASRA: "", SHADDA: "", SUPERSCRIPT_ALEF: "",
    # digits
    "۱": "1", "١": "1", "۲": "2",
    # removed: joiners, spaces, punctuation, invisibles
    ZWNJ: "", ZWJ: "", TATWEEL: "", " ": "", "\u00a0": "", "-": "", ".": "", "'": "", "\u200f": "",
}  # fmt: skip
LETTERS = "yaizdeusک" + "یکاآأءهةزدب" + "12"  # ئ folds by its neighbours: test_fa15h_hamza.py
ALPHABET = sorted(set(LETTERS) | set(DOCUMENTED_FOLDING))


def documented_fold(text: str) -> str:
    return "".join(DOCUMENTED_FOLDING.get(ch, ch) for ch in text)


@given(st.text(alphabet=ALPHABET, max_size=12))
@example("آ" + FATHA)
@example("ı\u0307")
@example("I\u0307")
def test_fold_does_exactly_the_documented_foldings(text):
    assert fold(text) == documented_fold(text)


@given(st.text(alphabet=ALPHABET, max_size=4), st.text(alphabet=ALPHABET, max_size=4))
def test_fold_never_merges_strings_that_differ_in_a_letter(one, other):
    if fold(one) == fold(other):
        assert documented_fold(one) == documented_fold(other)


SPELLINGS = {
    "ی": ["ی", "ي", "ى"],
    "ک": ["ک", "ك"],
    "y": ["y", "Y"],
    "u": ["u", "ü", "Ü", "u\u0308"],
    "1": ["1", "۱", "١"],
}
IGNORED = [ZWNJ, " ", "-", TATWEEL, "\u200f", ""]


@given(st.data(), st.lists(st.sampled_from(sorted(SPELLINGS) + ["ز", "د", "ا"]), min_size=1))
def test_fold_matches_any_respelling(data, letters):
    spelled = "".join(
        data.draw(st.sampled_from(SPELLINGS.get(letter, [letter])))
        + data.draw(st.sampled_from(IGNORED))
        for letter in letters
    )
    assert fold(spelled) == fold("".join(letters))


# --- keys from Persian names: transliterate --------------------------------------------------


@pytest.mark.parametrize(
    ("persian", "key"),
    [
        ("خرم\u200cآباد", "khorramabad"),  # a name the bundled sources give in Latin
        ("خرم آباد", "khorramabad"),
        ("خرم\u200cدره", "khorram-dareh"),  # ZWNJ parts words
        ("شیراز", "shiraz"),  # ی between consonants is "i"
        ("يزد", "yazd"),  # Arabic yeh (and a name the sources give)
        ("يزدان", "yazdan"),  # a word's first ی is "y"; a vowel where one must be
        ("ایران", "iran"),  # the alef before ی only carries the vowel
        ("اهواز", "ahvaz"),  # و before a vowel letter: "v"
        ("کوه", "kuh"),  # و between consonants: "u"; ه after a vowel letter: "h"
        ("نوریه", "nurieh"),  # a final ه after a consonant sound: "eh"
        ("كرمان", "kerman"),  # Arabic kaf (and a name ISO 3166-2 gives)
        ("خُرَّم\u200cدره", "khorram-dareh"),  # written vowels and a shadda are followed
        ("مجمع عمومی", "majma-omumi"),
        ("نشست دبیرخانه", "neshast-dabirkhaneh"),
        ("۱۴۰۴ نایین", "1404-nayin"),
        ("Yazd", "yazd"),  # Latin letters stay as they are
    ],
)
def test_a_persian_name_is_transliterated_into_a_readable_key(persian, key):
    assert slugify(transliterate(persian)) == key


@given(st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئءة \u200c\u064e\u0651", max_size=12))
def test_transliteration_is_ascii_wherever_persian_letters_go(name):
    assert transliterate(name).isascii()


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("شعار تازه", "fa"),
        ("آسیا برای شهروندان، همکاری برای زندگی بهتر", "fa"),
        ("Better City, Better Life", "en"),
        ("Türkiye için", "en"),  # Latin letters, whatever the accents
        ("مدينة أفضل", None),  # Arabic: its own letters, none of Persian's
        ("城市合作", None),
        ("Yazd یزد", None),  # a mixture: the writer says
        ("2025!", None),  # no letter at all
    ],
)
def test_the_language_a_texts_letters_say(typed, language):
    assert script_language(typed) == language


def test_a_name_in_another_language_keeps_its_arabic_letters_not_its_invisibles():
    from citylinks import text

    assert text.normalize("\u200fتبريز كويت", letters=False) == "تبريز كويت"
    assert text.normalize("\u200fتبريز كويت") == "تبریز کویت"
    assert text.rewrites_letters("fa") and text.rewrites_letters(None)
    assert not text.rewrites_letters("ar") and not text.rewrites_letters("und")
    # Matching is the same whichever letters were kept.
    assert text.fold("تبريز") == text.fold("تبریز")


def test_fold_spells_out_a_letter_an_accent_hid():
    """'Ǽ' folds as 'Æ' does (found by the idempotence property): the accent is removed, then
    the letter spelled out, so that folding twice gives the same key."""
    from citylinks.text import fold

    assert fold("Ǽ") == fold("Æ") == fold("ae") == "ae"
    assert fold(fold("Ǽ")) == fold("Ǽ")
