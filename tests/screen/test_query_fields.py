"""A query's birth date and nationality as `make_query` reads them: the ISO day read without
`parse_date`'s patterns (`iso_day`) gives what the patterns give, and the nationalities kept by
their text give what FollowTheMoney reads."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from hisab.errors import QueryError
from hisab.screen.service import make_query
from hisab.sources.values import _read_date, clean_country, iso_day


def _texts() -> list[str]:
    """Texts shaped like YYYY-MM-DD, most of them days of the calendar, many not: days and
    months past the end, years outside those read, other digits, other separators."""
    rng = random.Random(20261208)
    found = ["1961-03-02", "2000-02-29", "1900-02-29", "2001-02-29", "1000-01-01", "0999-12-31"]
    found += ["2100-12-31", "2101-01-01", "1961-13-01", "1961-00-10", "1961-01-00", "1961-04-31"]
    found += ["١٩٦١-٠٣-٠٢", "1961-0٣-02", "1961/03/02", "1961-3-02x", " 1961-03-2", "1961-03-02 "]
    found += ["19610-3-02", "1961--3-02", "+961-03-02", "1961-+3-02", "1961-03-+2", "²961-03-02"]
    digits = "0123456789"
    for _ in range(3000):
        year = rng.choice([rng.randint(1890, 2030), rng.randint(0, 9999)])
        month, day = rng.randint(0, 14), rng.randint(0, 33)
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if rng.random() < 0.1:
            # One character put for another.
            at = rng.randrange(10)
            text = text[:at] + rng.choice(digits + "-/. x٣") + text[at + 1 :]
        found.append(text)
    return found


def test_an_iso_day_is_read_as_parse_date_reads_it() -> None:
    read = 0
    for text in _texts():
        fast = iso_day(text)
        # `parse_date` by its patterns alone, as it read every date before `iso_day`.
        expected = _read_date(text, True)
        if fast is not None:
            read += 1
            assert [fast] == expected, text
        elif len(text) == 10 and text.isascii() and expected == [text]:
            pytest.fail(f"{text!r}: the patterns read it as itself and iso_day does not")
    # Most of the texts are days of the calendar, and were read without parse_date.
    assert read > 1000


def test_make_query_reads_birth_dates_as_before() -> None:
    assert make_query("Ali Rezaei", birth_date="1961-03-02").birth_date == "1961-03-02"
    assert make_query("Ali Rezaei", birth_date="02 Mar 1961").birth_date == "1961-03-02"
    assert make_query("Ali Rezaei", birth_date="1961").birth_date == "1961"
    with pytest.raises(QueryError, match="cannot read '1961-02-30'"):
        make_query("Ali Rezaei", birth_date="1961-02-30")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(QueryError, match="in the future"):
        make_query("Ali Rezaei", birth_date=tomorrow)


@pytest.mark.parametrize("text", ["Iran", "IR", "irn", "IRN", " Iran ", "Russia", "ru", "Iran", "IR"])
def test_a_nationality_read_again_is_the_same_code(text: str) -> None:
    first = make_query("Ali Rezaei", nationality=text).nationality
    again = make_query("Ali Rezaei", nationality=text).nationality
    assert first == again == clean_country(text)


def test_an_unreadable_nationality_is_an_error_each_time() -> None:
    for _ in range(2):
        with pytest.raises(QueryError) as raised:
            make_query("Ali Rezaei", nationality="Atlantis")
        assert raised.value.field == "nationality"


def test_nationalities_that_look_alike_keep_their_own_codes() -> None:
    texts = ["IR", "IRQ", "Iran", "Iraq", "IQ", "IRN", "ir", "Ireland", "IE", "IRL"]
    for _ in range(2):
        got = [make_query("Ali Rezaei", nationality=t).nationality for t in texts]
        assert got == ["ir", "iq", "ir", "iq", "iq", "ir", "ir", "ie", "ie", "ie"]
