"""The vectorised part similarities give the same numbers as the one-pair functions."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from hisab.names import similarity
from hisab.names.similarity import (
    SIMILARITIES,
    cross_script_similarities,
    cross_script_similarity,
    latin_similarities,
    prime,
    similarities,
    similarity_at_least,
    token_similarity,
)
from hisab.names.tokens import ARABIC, CYRILLIC, NUMBER, Token, skeleton, tokenize
from hisab.names.tokens import LATIN as LATIN_SCRIPT

LATIN_NAMES = [
    "Mohammad Bagher Ghalibaf",
    "Muhammad Baqer Qalibaf",
    "Mohamed Mahmoud Mohammadi Mahmoudi",
    "Hossein Hussain Hosseini Husseini Hasan Hassan",
    "Ebrahim Raisi Raeisi Reisi Rezaei Rezai",
    "Seyed Sayyid Abdolrahim Abdol Rahim Abdul-Rahim",
    "Jalili Jalali Ja'fari Jafari Gholami Gholamali",
    "Sayf Seif Saif Zaynab Zeinab Medhi Mehdi",
    # ae and ai for the hamza after a long a, and ae elsewhere (latin.tsv).
    "Wael Wail Raed Raid Naef Naif Nayef Taeb Taib Haeri Hairi Tahmaesebi Tahmasebi Kaempfer",
    "Islamic Revolutionary Guard Corps IRGC Sherkat Sahami Khass",
    "Aly Mahdy Zadeh Zada Fatemeh Kassem Qasem Ghasem",
    "Soleimani Soleymani Sulaimani Khamenei Khamenehei",
    "Naqdi Naghdi Nagdi Vahidi Yazdi",
    "Fathi Fathollah Uthman Osman Usman Motahhari",
    # One skeleton, a consonant written twice across a vowel in one spelling only.
    "Darar Davar Belal Bala Sunna Sinan Mostotrest Mostroyeast",
    # g written for ق and غ, against q, gh and k (similarity.g_for_q).
    "Galibaf Sadegi Sadeghi Nagdi Aga Agha Gamal Kamal Golam Gholam Garimi Bageri",
    # Generic words of organisation names and their beginnings (abbreviated.txt).
    "Tech Technology Technologies Elec Electric Electrical Electronics Pharma Pharmaceutical",
    "Tele Telecom Telecommunications Internat International Mana Management Tec",
    # ch against sh at half a letter (similarity._CH, _SH).
    "Hachem Hashem Chamkhani Shamkhani Achraf Ashraf Chen Shen Puchkov Pushkov Tchamran Chachi",
    # kh against h at half a letter, and a vowel variant so read (similarity._HALF_LETTERS,
    # _read_vowel_variant): Turkish, Russian and Somali spellings.
    "Hamaney Khamenei Halil Khalil Han Khan Akhmed Ahmed Mukhammad Maxamed Semhani Shamkhani",
    # و read as v in one spelling and as u in the other (similarity.v_as_vowel).
    "Tavallaei Toulai Nowrouzi Nourozi Kaviani Kony Mousavi Musa Moussaoui Javad Joud",
    # Vowels left out, the consonants agreeing as written (similarity.vowels_left_out).
    "Sth South Seth Sa Cmrclzdra Comercializadora Hrbrto Heriberto Rhna Rouhina Stl Steel Mrdn Mardani",
    # Letters, compared as letters (similarity.letters_apart).
    "MKS MCS BC BK KP CPP KH X GRU KGB",
]
ARABIC_NAMES = [
    "محمدباقر قالیباف",
    "ابراهیم رئیسی",
    "علی خامنه‌ای",
    "قاسم سلیمانی",
    "محمد محمود محمدی حسینی حسین",
    "عبدالرحیم وحیدی یزدی",
    "جلیلی جلالی مهدی زینب فتحی عثمان",
]


def _tokens(names: list[str]) -> list[Token]:
    found = {t for name in names for t in tokenize(name)}
    return sorted(found)


LATIN = [t for t in _tokens(LATIN_NAMES) if t.kind != NUMBER]
#: Whether the matching engine runs compiled (setup.py), which builds the C table too.
COMPILED = not str(similarity.__file__).endswith(".py")
ARABIC_TOKENS = [t for t in _tokens(ARABIC_NAMES) if t.script == ARABIC]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    SIMILARITIES.clear()


def test_latin_batch_equals_pairs() -> None:
    for token in LATIN:
        batch = latin_similarities(token, LATIN).tolist()
        single = [similarity._token_similarity(token, other) for other in LATIN]
        assert batch == pytest.approx(single, abs=1e-12), token


def test_latin_batch_keeps_the_rules() -> None:
    # The batch must not lose the rules of the one-pair function: these pairs exercise the
    # skeleton floor, the -i cap and the half-cost swap.
    (ghalibaf,) = tokenize("Ghalibaf")
    (hossein,) = tokenize("Hossein")
    (mizra,) = tokenize("Mizra")
    others = [*tokenize("Qalibaf Hosseini Mirza")]
    assert latin_similarities(ghalibaf, others)[0] == 1.0
    assert latin_similarities(hossein, others)[1] <= similarity.NISBA_CAP
    assert latin_similarities(mizra, others)[2] == pytest.approx(0.9)


def test_cross_script_batch_equals_pairs() -> None:
    # Single parts, and adjacent parts read joined ("Mohammad Bagher" for "محمدباقر").
    phons = [t.phon for t in LATIN]
    phons += [a.phon + b.phon for name in LATIN_NAMES for a, b in itertools.pairwise(tokenize(name))]
    for token in ARABIC_TOKENS:
        batch = cross_script_similarities(token.phon, phons).tolist()
        single = [cross_script_similarity(token.phon, phon) for phon in phons]
        # Exactly: the costs are whole numbers of UNITS, whose sums no order of adding changes.
        assert batch == single, token
        assert any(v > 0.8 for v in batch), f"{token} should meet its romanisation"


def test_the_alignment_counts_whole_units() -> None:
    """Costs in twentieths of a letter (`similarity.UNITS`) add up exactly, in any order. As
    floats, 1.0 + 0.1 + 0.1 is 1.2000000000000002, and کاظم (Kazem) against "Karimi" scored
    0.5999999999999999."""
    kazem, karimi = tokenize("کاظم")[0].phon, tokenize("Karimi")[0].phon
    assert cross_script_similarity(kazem, karimi) == 0.6
    assert cross_script_similarities(kazem, [karimi] * 3).tolist() == [0.6] * 3
    assert similarity._units(0.05) == 1 and similarity._units(1.0) == similarity.UNITS
    # A cost that is no whole number of units is refused, not rounded.
    with pytest.raises(ValueError, match="not a multiple of 1/20"):
        similarity._units(0.07)


def test_prime_fills_the_cache_with_the_pair_values() -> None:
    queries = ARABIC_TOKENS[:3] + LATIN[:3]
    rows = prime(queries, LATIN)
    for a, b in itertools.product(queries, LATIN):
        assert (a, b) in SIMILARITIES
        assert SIMILARITIES[a, b] == pytest.approx(similarity._token_similarity(a, b), abs=1e-9)
    # And gives each query part's row: the same numbers, whether cached before or not.
    assert len(rows) == len(queries)
    for a, row in zip(queries, rows, strict=True):
        assert row == {b: SIMILARITIES[a, b] for b in LATIN}
    SIMILARITIES.clear()
    prime(LATIN[:2], LATIN[:5])
    again = prime(queries, LATIN)
    assert again == rows


def test_prime_gives_no_row_values_for_arabic_script_parts_and_numbers() -> None:
    number = Token("1386", "1386", "1386", LATIN_SCRIPT, NUMBER)
    rows = prime([LATIN[0], number], [*ARABIC_TOKENS[:2], number, LATIN[1]])
    # Left to `token_similarity`, as the cache leaves them.
    assert rows == [{LATIN[1]: token_similarity(LATIN[0], LATIN[1])}, {}]


def test_similarity_at_least_is_exact_above_the_floor() -> None:
    for a, b in itertools.product(ARABIC_TOKENS, LATIN):
        full = similarity._token_similarity(a, b)
        cut = similarity_at_least(a, b, 0.8)
        assert cut == (full if full >= 0.8 else 0.0)
    # And the cached value answers when there is one.
    a, b = ARABIC_TOKENS[0], LATIN[0]
    value = token_similarity(a, b)
    assert similarity_at_least(a, b, 0.0) == value


def _with_joined(names: list[str]) -> list[Token]:
    from hisab.match.align import joined

    parts = [tokenize(name) for name in names]
    pairs = [joined(a, b) for tokens in parts for a, b in itertools.pairwise(tokens)]
    return sorted({t for tokens in parts for t in tokens} | set(pairs))


def test_the_bounds_that_skip_pairs_are_upper_bounds() -> None:
    # `similarity_at_least` skips a pair whose bound is under the floor: the bound must never
    # be under the similarity itself, for single parts and parts read joined, in either script.
    latin = [t for t in _with_joined(LATIN_NAMES) if t.kind != NUMBER]
    arabic = [t for t in _with_joined(ARABIC_NAMES) if t.script == ARABIC]
    skipped = 0
    for a, b in itertools.product(latin, latin):
        # (`similarity_at_least` draws no bound for an abbreviation or an initial and the word it
        # begins, nor for a part and its spelling with the vowels left out)
        if (
            a.skel != b.skel
            and not similarity.abbreviates(a, b)
            and not similarity.initial_of(a, b)
            and not similarity.vowels_left_out(a, b)
        ):
            full = similarity._token_similarity(a, b)
            assert similarity._latin_bound(a.phon, b.phon) >= full - 1e-9, (a, b)
            skipped += similarity._latin_bound(a.phon, b.phon) < 0.8
    for a, b in itertools.product(arabic, latin):
        full = cross_script_similarity(a.phon, b.phon)
        assert similarity._cross_bound(a.phon, b.phon) >= full - 1e-9, (a, b)
        skipped += similarity._cross_bound(a.phon, b.phon) < 0.8
    # And they do skip work: most joined parts are far longer than a single part.
    assert skipped > 1000


def test_similarity_at_least_with_the_bounds_is_exact_above_the_floor() -> None:
    latin = [t for t in _with_joined(LATIN_NAMES) if t.kind != NUMBER]
    arabic = [t for t in _with_joined(ARABIC_NAMES) if t.script == ARABIC]
    # 0.55 is the candidate stage's floor (`service.PRESCORE_ZERO`), which compares a query part
    # of either script with listed parts of either script so; 0.8 the alignment's.
    pairs = list(
        itertools.chain(
            itertools.product(latin, latin),
            itertools.product(arabic, latin),
            itertools.product(latin, arabic),
            itertools.product(arabic, arabic),
        )
    )
    for floor in (0.55, 0.8):
        for a, b in pairs:
            SIMILARITIES.clear()
            full = similarity._token_similarity(a, b)
            assert similarity_at_least(a, b, floor) == (full if full >= floor else 0.0), (a, b, floor)
    # The same with every pair compared before: a bound tested before the cache answers alike.
    SIMILARITIES.clear()
    for a, b in pairs:
        token_similarity(a, b)
    for a, b in pairs:
        full = SIMILARITIES[a, b]
        assert similarity_at_least(a, b, 0.55) == (full if full >= 0.55 else 0.0), (a, b)
    SIMILARITIES.clear()


def test_small_batches_are_the_vectorised_numbers() -> None:
    # `similarities` compares fewer parts than LATIN_BATCH (CROSS_SCRIPT_BATCH) one pair at a
    # time: the numbers must be the vectorised path's, initials or not. "I" against "II" (one
    # phonetic form) is an initial, as the vectorised path has it.
    latin = [*LATIN, *tokenize("I II Ii M. Mohammad")]
    for token in latin + ARABIC_TOKENS:
        for initials in (True, False):
            if token.script == ARABIC:
                whole = cross_script_similarities(token.phon, [part.phon for part in latin])
                whole[[part.phon == token.phon for part in latin]] = 1.0
            else:
                whole = latin_similarities(token, latin, initials)
            small = [
                value
                for start in range(0, len(latin), 5)
                for value in similarity.similarities(token, latin[start : start + 5], initials)
            ]
            assert small == pytest.approx(whole.tolist(), abs=1e-12), (token, initials)


def test_similarities_above_a_floor_are_the_same_numbers() -> None:
    # The candidate stage counts nothing below its floor (`similarities(..., floor=...)`): at or
    # above it each number is the full one; below it, any number below it (an Arabic-script
    # part's pairs, compared one at a time, give up short of it).
    latin = [t for t in _with_joined(LATIN_NAMES) if t.kind != NUMBER]
    arabic = [t for t in _with_joined(ARABIC_NAMES) if t.script == ARABIC]
    # In batches of fewer than CROSS_SCRIPT_BATCH, which are compared one pair at a time.
    batches = [latin[i : i + 50] for i in range(0, len(latin), 50)]
    below = 0
    for token, batch in itertools.product(arabic + latin[:10], batches):
        full = similarities(token, batch, initials=False)
        cut = similarities(token, batch, initials=False, floor=0.55)
        for f, c in zip(full.tolist(), cut.tolist(), strict=True):
            assert c == f if f >= 0.55 else c < 0.55, (token, f, c)
            below += f < 0.55 and c != f
    # And pairs below it are given up on.
    assert below > 100


def test_half_letters_reads_each_pair_of_its_table() -> None:
    # `_half_letters` tests the pairs of `_HALF_LETTERS` written out, one after another: the
    # same numbers as a loop over the table, on every pair of the Latin names' forms (the ch,
    # sh, kh and h names among them), so that a pair added to the table is not left out.
    def by_table(phon_a: str, phon_b: str, score: float) -> float:
        found = score
        for letter, other in similarity._HALF_LETTERS:
            if (letter in phon_a and other in phon_b) or (other in phon_a and letter in phon_b):
                read_a, read_b = phon_a.replace(letter, other), phon_b.replace(letter, other)
                read = similarity._edit_similarity(read_a, read_b)
                found = max(
                    found, (score + read) / 2, similarity._read_vowel_variant(read_a, read_b, read, score)
                )
        return found

    forms = sorted({t.phon for name in LATIN_NAMES for t in tokenize(name)})
    lifted = 0
    for a, b in itertools.product(forms, repeat=2):
        score = similarity._edit_similarity(a, b)
        expected = by_table(a, b, score)
        assert similarity._half_letters(a, b, score) == expected, (a, b)
        lifted += expected > score
    assert lifted > 20


def _cross_pairs() -> list[tuple[str, str]]:
    """Arabic-script and Latin phonetic forms to align: the test names' (joined pairs too), and
    random ones over both alphabets, some longer than the C table's stack rows (64 letters), some
    with a Latin letter past ASCII."""
    rng = random.Random(7)
    arabic = [t.phon for t in ARABIC_TOKENS]
    latin = [t.phon for t in LATIN]
    latin += [a.phon + b.phon for name in LATIN_NAMES for a, b in itertools.pairwise(tokenize(name))]
    letters = "abcdefghijklmnopqrstuvwxyz'$%EYHWTq"
    for length in [*range(0, 12), 40, 70, 130]:
        arabic.append("".join(rng.choice(letters) for _ in range(length)))
        latin.append("".join(rng.choice(letters + "é") for _ in range(length)))
    return [(a, b) for a in arabic for b in latin]


def test_the_cross_script_table_in_c_is_the_python_loop() -> None:
    """names/_crossalign.c and `_cross_cost`: the same cost, and the same rows given up, at
    every limit the screening uses and at none (a limit no row passes)."""
    native = similarity._NATIVE_COST
    # Built with the compiled modules (setup.py, WRITTEN_IN_C), and only then: CI compiles. With
    # HISAB_COMPILE=0 the Python loop is the only table, which the batch tests above check.
    assert (native is not None) == COMPILED
    if native is None:
        return
    checked = given_up = 0
    for arabic, latin in _cross_pairs():
        codes = similarity._latin_codes(latin)[0]
        for start in (0, similarity._INITIAL_MISMATCH_UNITS):
            for limit in (0.5, 10.0 + similarity._TOLERANCE, 40.0, 1e9):
                expected = similarity._cross_cost(arabic, codes, start, limit)
                assert native(arabic, latin, start, limit) == expected, (arabic, latin)
                checked += 1
                given_up += expected == similarity._GAVE_UP
    # Both outcomes were exercised, many times.
    assert given_up > 1000 and checked - given_up > 1000


def test_a_letter_past_the_c_tables_is_aligned_by_the_python_loop() -> None:
    native = similarity._NATIVE_COST
    if native is not None:
        assert native("mhmd\u0645", "mohammad", 0, 1e9) == similarity._NOT_HANDLED
    # The Python loop aligns it instead: an unknown letter costs one, no more (0.74 without it).
    assert cross_script_similarity("mhmd\u0645", "mohammad") == 0.54


def _edit_forms() -> list[str]:
    """Latin phonetic forms for names/_edits.c against rapidfuzz: the vocabulary's parts and
    joined pairs, and random forms of a few letters (so that many pairs hold swapped letters),
    of every length to past the 64 letters of the bit-parallel loop's word, some with a letter
    past ASCII (the other letters' list), one past the Basic Multilingual Plane."""
    forms = [t.phon for t in LATIN]
    forms += [a.phon + b.phon for name in LATIN_NAMES for a, b in itertools.pairwise(tokenize(name))]
    rng = random.Random(11)
    for length in [*range(0, 14), 20, 40, 63, 64, 65, 70, 130]:
        for _ in range(4):
            forms.append("".join(rng.choice("abdehk'") for _ in range(length)))
    forms += ["é" + form for form in forms[-40:]] + ["ab\u0645cd", "\U0001f600ab", "éée", "ééa"]
    return forms


def test_the_edit_similarity_in_c_is_rapidfuzzs() -> None:
    """names/_edits.c and the rapidfuzz calls it stands in for: the same similarity for every pair,
    one pair at a time and in a batch (with its distances), both ways round."""
    one, batch = similarity._NATIVE_SIMILARITY, similarity._NATIVE_SIMILARITIES
    # Built with the compiled modules (setup.py, WRITTEN_IN_C), and only then: CI compiles.
    assert (one is not None) == (batch is not None) == COMPILED
    if one is None or batch is None:
        return
    forms = _edit_forms()
    lengths = np.asarray([len(form) for form in forms], dtype=np.int32)
    swapped = 0
    for a in forms:
        for b in forms:
            assert one(a, b) == similarity._python_edit_similarity(a, b), (a, b)
        longest = np.maximum(lengths, max(len(a), 1))
        expected = similarity._python_edit_similarities(a, forms, longest)
        distances, scores = batch(a, forms, longest)
        found = np.frombuffer(distances, dtype=np.int32), np.frombuffer(scores, dtype=np.float64)
        assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1]), a
        # Without `longest`, each pair's longer length, as given above.
        assert batch(a, forms, None) == (distances, scores), a
        assert np.array_equal(similarity._python_edit_similarities(a, forms)[1], expected[1]), a
        # A swap counts half an edit: the OSA distance was read, not only Levenshtein's.
        swapped += int((expected[1] > 1.0 - expected[0] / longest).sum())
    assert len(forms) > 400 and swapped > 500


def test_the_edit_similarity_in_c_says_what_it_was_given_wrong() -> None:
    batch = similarity._NATIVE_SIMILARITIES
    if batch is None:
        return
    with pytest.raises(ValueError, match="longest must hold 2 int32 values"):
        batch("ali", ["ali", "aly"], np.asarray([3, 3], dtype=np.int64))
    with pytest.raises(ValueError, match="longest must hold 2 int32 values"):
        batch("ali", ["ali", "aly"], np.asarray([3], dtype=np.int32))
    with pytest.raises(TypeError, match=r"others\[1\] is not a str"):
        batch("ali", ["ali", 3], np.asarray([3, 3], dtype=np.int32))  # type: ignore[list-item]


def _rule_forms() -> list[str]:
    """Latin phonetic forms for names/_edits.c's rules against similarity.py's: the vocabulary's
    parts (every rule has pairs among them: see LATIN_NAMES), and random forms over the letters
    the rules read (vowels, y, v, h, x and ks, g and q, the endings t, d, p and b, ch and sh,
    the th read s, the marks), each with a few near forms, so that many pairs share a skeleton."""
    forms = [t.phon for t in LATIN]
    # The vowels that are other names (`vowels_alike`): a against i and ei, a glide one spelling
    # leaves out, glides from i and from u or o.
    forms += [
        "rad",
        "riad",
        "riyad",
        "kani",
        "kiani",
        "nazi",
        "niazi",
        "kony",
        "seid",
        "sad",
        "seifi",
        "safi",
        "heidari",
        "hadari",
    ]
    forms += [
        "jamal",
        "jamil",
        "niavaran",
        "noavaran",
        "xian",
        "xuan",
        "tian",
        "tuan",
        "nasr",
        "naser",
        "hosni",
        "hoseini",
    ]
    rng = random.Random(5)
    letters = "aeiouyvhxkqgtdpbsT%$'EYHWmnrl"
    for _ in range(300):
        form = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        forms.append(form)
        for _ in range(2):
            near = list(form)
            for _ in range(rng.randint(1, 2)):
                near[rng.randrange(len(near))] = rng.choice("aeiouyv")
            forms.append("".join(near))
    # Past the bit-parallel loop's 64 letters, and past what the C code takes (120: the Python
    # functions answer), and a letter past ASCII (the same).
    forms += ["mohammadbagher" * 5, "hosseinikhamenei" * 9, "hosseini" * 16 + "x", "rezaé", "ḥasan"]
    return forms


def test_the_latin_rules_in_c_are_the_python_functions() -> None:
    """names/_edits.c's `latin_similarity` and the Python functions it stands in for: the same
    number for every pair of forms, with and without the devoicing, one pair at a time and in a
    batch; a form it does not take is left to the Python functions. The batch's positions are
    those the Python code would go through: every pair that calls for a reading, each in its
    kind, and every pair below VOWELLESS_FLOOR of one skeleton or of one written consonants."""
    one, batch = similarity._NATIVE_LATIN, similarity._NATIVE_LATINS
    assert (one is not None) == (batch is not None) == COMPILED
    if one is None or batch is None:
        return
    forms = _rule_forms()
    # Some parts romanised from another script (the rule of consonants as written is for Latin
    # ones), and some whose text is past ASCII though their form is not (left to Python).
    tokens = [
        Token(form, form, skeleton(form), CYRILLIC if k % 7 == 3 else LATIN_SCRIPT)
        for k, form in enumerate(forms)
    ]
    tokens += [
        Token(text, form, skeleton(form), LATIN_SCRIPT) for text, form in (("rézā", "reza"), ("mḥmd", "mhmd"))
    ]
    forms += ["reza", "mhmd"]
    # The vocabulary's own tokens (their texts are not their forms: "Cmrclzdra" and
    # "Comercializadora" agree as written, not as read), and a part in Arabic script written in
    # ASCII, which no list gives, for the rule's test of script.
    tokens += [*LATIN, Token("krm", "kram", "krm", ARABIC), Token("karim", "karim", "krm", LATIN_SCRIPT)]
    forms += [t.phon for t in LATIN] + ["kram", "karim"]
    lifted = not_taken = left_out = 0
    kinds = {similarity.G_READ: 0, similarity.READ: 0}
    for token in tokens:
        a, skel_a = token.phon, token.skel
        scores, maybe_left_out, g_read, read, missing = batch(token, tokens)
        row = np.frombuffer(scores, dtype=np.float64)
        for k, other in enumerate(tokens):
            b, skel_b = other.phon, other.skel
            for devoicing in (True, False):
                expected = similarity._python_latin_similarity(a, skel_a, b, skel_b, devoicing)
                found = one(a, skel_a, b, skel_b, devoicing)
                if found < 0.0:
                    # Not taken: a letter past ASCII, or a form past 120 letters.
                    assert max(len(a), len(b)) > 120 or not (a + b).isascii(), (a, b)
                    not_taken += 1
                    found = similarity.latin_similarity(a, skel_a, b, skel_b, devoicing)
                assert found == expected, (a, b, devoicing)
            if k in missing:
                assert row[k] == -1.0 and one(a, skel_a, b, skel_b, True) == -1.0, (a, b)
                continue
            expected = one(a, skel_a, b, skel_b, True)
            undecided = not (token.text + other.text).isascii()
            if expected < similarity.VOWELLESS_FLOOR and not undecided and _vowels_left_out(token, other):
                expected = similarity.VOWELLESS_FLOOR
                left_out += 1
            assert row[k] == expected, (token, other)
            # A rule raised the edit similarity (or the -i suffix capped it).
            lifted += row[k] != similarity._edit_similarity(a.replace("T", "s"), b.replace("T", "s"))
            kind = similarity._readings(a.replace("T", "s"), skel_a, b.replace("T", "s"), skel_b)
            assert (k in g_read, k in read) == (kind == similarity.G_READ, kind == similarity.READ), (a, b)
            kinds[kind] = kinds.get(kind, 0) + 1
            # Left to the Python code: what it could not decide.
            assert (k in maybe_left_out) == (row[k] < similarity.VOWELLESS_FLOOR and undecided), (a, b)
        assert missing == sorted(missing) and g_read == sorted(g_read) and read == sorted(read)
    assert len(forms) > 1000 and lifted > 10_000 and not_taken > 0, (len(forms), lifted, not_taken)
    assert kinds[similarity.G_READ] > 100 and kinds[similarity.READ] > 1000 and left_out > 50, (
        kinds,
        left_out,
    )


def _vowels_left_out(token: Token, other: Token) -> bool:
    """The rule of vowels left out as `latin_similarities` applies it (below VOWELLESS_FLOOR)."""
    phon, skel = token.phon.replace("T", "s"), token.skel
    same_skeleton = (
        len(skel.strip("'")) >= 2
        and other.skel == skel
        and similarity.vowelless(other) != similarity.vowelless(token)
        and not similarity._nisba(phon, other.phon.replace("T", "s"))
    )
    written = (
        token.script == LATIN_SCRIPT
        and other.script == LATIN_SCRIPT
        and similarity.written_consonants(token.text) == similarity.written_consonants(other.text)
        and similarity.vowels_left_out(token, other)
    )
    return same_skeleton or written


def test_the_python_batch_is_the_pairs() -> None:
    # `_python_latin_batch`, which runs where names/_edits.c is not built, against the pair
    # function, for the pairs it answers (those that call for no reading of g, x or a last
    # letter: `latin_similarities` compares those one by one).
    for token in LATIN:
        phon = token.phon.replace("T", "s")
        phons = [t.phon.replace("T", "s") for t in LATIN]
        found = similarity._python_latin_batch(phon, token.skel, phons, LATIN)
        for k, other in enumerate(LATIN):
            read = (
                similarity.g_for_q(phon, phons[k]) is not None
                or similarity.ks_for_x(phon, phons[k]) is not None
                or similarity.devoiced_ending(phon, phons[k]) is not None
            )
            if not read:
                expected = similarity._python_latin_similarity(token.phon, token.skel, other.phon, other.skel)
                assert found[k] == pytest.approx(expected, abs=1e-12), (token, other)


def test_the_latin_rules_in_c_say_what_they_were_given_wrong() -> None:
    one, batch = similarity._NATIVE_LATIN, similarity._NATIVE_LATINS
    if one is None or batch is None:
        return
    (ali,) = tokenize("Ali")
    with pytest.raises(TypeError, match=r"others\[1\] is not a token"):
        batch(ali, [ali, ("ali",)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"a field of others\[0\] is not a str"):
        batch(ali, [Token("ali", 3, "'l", "latin")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="latin_similarities: token is not a token"):
        batch(("ali",), [ali])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="latin_similarities: a field of token is not a str"):
        batch(Token("ali", "ali", "'l", 3), [ali])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 3 is not a str"):
        one("ali", "'l", 3, "'l", True)  # type: ignore[arg-type]


def test_a_vowel_at_one_start_only_as_the_rule_says() -> None:
    """`_initial_mismatch` against its rule written with slices, on every form of up to three
    letters from the letters the rule reads (the article, و and ی, vowels, the hamza)."""

    def rule(arabic: str, latin: str) -> bool:
        vowels = "aeiou"
        if (
            arabic[:2] == "'l"
            or arabic[:1] in ("v", "y")
            or (latin[:1] != "" and latin[:1] in vowels and latin[1:2] == "l")
        ):
            return False
        return (arabic[:1] == "'") != (latin[:1] != "" and latin[:1] in vowels)

    letters = ["", "'", "l", "v", "y", "a", "e", "o", "b", "i", "Y"]
    forms = sorted({a + b + c for a in letters for b in letters for c in letters})
    mismatched = 0
    for arabic in forms:
        for latin in forms:
            assert similarity._initial_mismatch(arabic, latin) == rule(arabic, latin), (arabic, latin)
            mismatched += rule(arabic, latin)
    assert 0 < mismatched < len(forms) ** 2
