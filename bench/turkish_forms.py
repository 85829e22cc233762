"""Listed persons' names as the Turkish press and Turkish bank files write them ("Ali Hamaney",
"Kasım Süleymani", "Ali Şemhani" for Khamenei, Qasem Soleimani, Shamkhani), screened against the
whole index; and ordinary Turkish customers, for the alerts they raise.

    .venv/bin/python -m bench.turkish_forms [--customers N]

Turkish writes Persian, Arabic and Russian names in its own letters: خ and х as h (Hamaney,
Hodorkovski), ق as k (Kalibaf), غ as ğ or g (Ağa, Gulam), ج as c (Cevad), ش ş, چ ç, ژ j, و v.
Turkey's banks, registers and press write the names of Iran's officials so, and Turkey is where
much of the trade with Iran is settled.

From the index of the last `make bench-screen` (bench/out/index.jsonl): every Latin name (ASCII
letters) of a person on the UN and OFAC SDN lists (the lists that hold each actor once) that the
rules below change. Each is screened against the whole index, with no birth date: as written,
and in its Turkish form (`turkish`: kh h, q k, gh ğ after a vowel and g elsewhere, j and dj c
(not in -nejad, where j is ژ), zh j, sh ş, ch ç, a word's last d t and last b p, w v, ou and oo
u, ee i, th s, dh z; the consonant letters of Turkish orthography, written out here, not hisab's
reading of them), with
all the groups of letters and with each group alone. Not made: the vowels of Turkish
pronunciation ("Muhammed", "Hüseyin", "Rıza"), which are per name, so the forms are Turkish
letters on English vowels; Turkish writes j as c in the Persian and Arabic names it knows
("Cemil", "Cafer"), and the rule also makes forms no Turkish writer would ("Caime" for the
Spanish Jaime). Reported: how often the query alerts on its own record, the share of the names
found as written that are found in the Turkish form, and the alerts on another actor
(`bench.common.another_actor`) per 1,000 queries.

Negatives (`--customers`, 3,000 by default): Turkish first and last names from `names_dataset/`
rows for TR in the shared data folder, drawn by 1/rank (as `bench.negatives` draws Iranian
ones), with no birth date: alerts per 1,000. Nothing is asserted; the tables are printed.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from bench.common import ONCE_PER_ACTOR, bench_screener, data_dir, listed_latin_names, own_and_others
from bench.negatives import country_names

_VOWEL = "aeiou"
#: English romanisation's letters and the Turkish ones for them, in groups, applied in this
#: order (j before zh: Turkish j is ژ, which English writes zh, and j in the suffix -nejad, kept).
_GROUPS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "kh h": ((re.compile("kh"), "h"),),
    "j c": ((re.compile("nejad"), "neʒad"), (re.compile("d?j"), "c"), (re.compile("ʒ"), "j")),
    "sh ş, ch ç, zh j": ((re.compile("zh"), "j"), (re.compile("sh"), "ş"), (re.compile("ch"), "ç")),
    "gh ğ or g": ((re.compile(f"(?<=[{_VOWEL}])gh"), "ğ"), (re.compile("gh"), "g")),
    "q k": ((re.compile("q"), "k"),),
    # Turkish writes a word's last d as t and its last b as p, as it says them: Ahmet, Mahmut,
    # Cevat, Vahit, Murat (Ahmad, Mahmud, Javad, Vahid, Murad), Recep, Yakup, Habip (Rajab,
    # Yaqub, Habib).
    "d t, b p at a word's end": ((re.compile(r"(?<=[a-z])d$"), "t"), (re.compile(r"(?<=[a-z])b$"), "p")),
    "w v, ou u, ee i, th s, dh z": (
        (re.compile("w"), "v"),
        (re.compile("ou|oo"), "u"),
        (re.compile("ee"), "i"),
        (re.compile("th"), "s"),
        (re.compile("dh"), "z"),
        (re.compile("['`]"), ""),
    ),
}
_WORD = re.compile(r"[A-Za-z']+")


def turkish(name: str, groups: tuple[str, ...] = tuple(_GROUPS)) -> str:
    """`name` (English romanisation) in the Turkish letters of `groups` (all by default), each
    word capitalised as written."""

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        form = text.lower()
        for group in groups:
            for pattern, letters in _GROUPS[group]:
                form = pattern.sub(letters, form)
        if text.isupper():
            return form.upper()
        return form[:1].upper() + form[1:] if text[:1].isupper() else form

    return _WORD.sub(word, name)


def turkish_customers(data: Path, count: int, seed: int = 7) -> list[str]:
    """`count` Turkish first-and-last names drawn by 1/rank from names_dataset's TR rows."""
    firsts, lasts = (country_names(data, kind, "TR") for kind in ("first", "last"))
    chooser = random.Random(seed)
    return [f"{chooser.choices(*firsts)[0]} {chooser.choices(*lasts)[0]}" for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--show", action="store_true", help="print the Turkish forms missed")
    args = parser.parse_args()
    from hisab.screen.service import make_query

    screener = bench_screener()

    def found(query: str, ref: tuple[str, str]) -> tuple[bool, int]:
        return own_and_others(screener, query, "Person", ref)

    written = {(n, r): found(n, r) for n, _, r in listed_latin_names() if turkish(n) != n}
    print(
        f"{len(written)} Latin names of persons on {' and '.join(sorted(ONCE_PER_ACTOR))} that Turkish "
        "writes otherwise, screened with no birth date, as written and in Turkish letters (all, and each "
        "group of letters alone). Found: the share that alerts on its own record; kept: of the "
        "names found as written, the share found in the Turkish form.\n"
    )
    print(
        "| letters | names | found as written | found in Turkish | kept "
        "| another actor per 1,000, written → Turkish |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    missed: list[tuple[str, str]] = []
    for label, groups in (("all", tuple(_GROUPS)), *((g, (g,)) for g in _GROUPS)):
        chosen = [(n, r) for n, r in written if turkish(n, groups) != n]
        hits = [written[n, r][0] for n, r in chosen]
        before = sum(written[n, r][1] for n, r in chosen)
        after = [found(turkish(n, groups), r) for n, r in chosen]
        kept = sum(a[0] for a, h in zip(after, hits, strict=True) if h)
        if label == "all":
            missed = [
                (turkish(n), n) for (n, _), a, h in zip(chosen, after, hits, strict=True) if h and not a[0]
            ]
        print(
            f"| {label} | {len(chosen)} | {sum(hits) / len(chosen):.3f} | "
            f"{sum(a[0] for a in after) / len(chosen):.3f} | {kept / max(sum(hits), 1):.3f} | "
            f"{1000 * before / len(chosen):.1f} → {1000 * sum(a[1] for a in after) / len(chosen):.1f} |"
        )
    if args.show:
        for query, name in missed:
            print(f"missed: {query!r} ({name})")
    if args.customers:
        customers = turkish_customers(data_dir(), args.customers)
        alerts = sum(
            any(m.match for m in screener.screen(make_query(name, "Person"), top=10)) for name in customers
        )
        print(
            f"\n{len(customers)} Turkish customers (names_dataset TR, no birth date): {alerts} alerts, "
            f"{1000 * alerts / len(customers):.2f} per 1,000."
        )


if __name__ == "__main__":
    main()
