"""Names with Abd al- before a sun letter, written with the article assimilated ("Abdurrahman",
"Abderrahmane", "Abdussalam", "Abdur Rahman") and not ("Abdul Rahman", "Abdelrahman", "Abd
al-Salam"): hisab beside nomenklatura's logic-v2 (yente's default).

    .venv/bin/python -m bench.abd_forms

From the index of the last `make bench-screen` (bench/out/index.jsonl): each listed person (once
per record) with a name whose word is Abd + a vowel + the article's sun letter doubled or cut
("Abdurrahman", "Abdur"), or Abd + a vowel + l + a sun letter ("Abdulrahman", "Abdel Rahman").
That word is rewritten the other way (the assimilated form as "Abdul <Rest>", the other as
"Abdur<rest>", the sun letter doubled), and the rewritten name is scored against the record
reduced to its Latin names, as `bench.slavic_forms` scores its pairs (no candidate stage; each
system at its own default threshold), without and with the record's birth date. A rewritten
name of one word (an alias that is a given name alone: "Abdul Rahman" queried "Abdurrahman") is
counted apart: a common given name alone is weak evidence, and hisab scores it so. Nothing is
asserted; the table is printed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bench.common import OUT, bench_screener, read_index, record_key
from bench.slavic_forms import record_bases, report

#: Abd + vowel + a sun letter doubled, joined to the rest ("Abdurrahman"), or cut ("Abdur Rahman").
_ASSIMILATED = re.compile(r"\b(Abd[aeiou])([rsnzt])\2?(?:[\s-]+)?([aeiou]?[a-z]+)", re.IGNORECASE)
#: Abd + vowel + l + a sun letter ("Abdulrahman", "Abdel Rahman", "Abdul-Salam").
_WITH_ARTICLE = re.compile(r"\b(Abd[aeiou])l[\s-]?([rsnzt])([aeiou][a-z]+)", re.IGNORECASE)


def rewritten(name: str) -> str | None:
    """`name` with its Abd al- word written the other way, or None when it has none."""
    found = _ASSIMILATED.search(name)
    if found is not None:
        head, sun, rest = found.groups()
        rest = rest if rest[:1].lower() == sun.lower() else sun + rest
        article = "L" if head.isupper() else "l"
        return name[: found.start()] + f"{head}{article} {rest[:1].upper()}{rest[1:]}" + name[found.end() :]
    found = _WITH_ARTICLE.search(name)
    if found is not None:
        head, sun, rest = found.groups()
        return name[: found.start()] + f"{head}{sun.lower()}{sun.lower()}{rest}" + name[found.end() :]
    return None


def abd_cases(index: Path) -> list[dict[str, Any]]:
    """The pairs: a listed person's name with its Abd al- word rewritten, against the record."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(index):
        if subject.schema != "Person" or record_key(subject) in seen:
            continue
        latin = [n for n in subject.names() if re.fullmatch(r"[\x00-\x7f]+", n)]
        for name in latin:
            other = rewritten(name)
            if other is None:
                continue
            seen.add(record_key(subject))
            kind = (
                "assimilated, queried with the article"
                if _ASSIMILATED.search(name)
                else "queried assimilated"
            )
            # A lone given name ("Abdurrahman" for an alias "Abdul Rahman") is common and weak
            # evidence by design: counted apart.
            kind += ", one word" if len(other.split()) == 1 else ""
            found += [
                {**base, "kind": kind, "query": other, "names": latin} for base in record_bases(subject)
            ]
            break
    return found


def main() -> None:
    report(bench_screener(), abd_cases(OUT / "index.jsonl"))


if __name__ == "__main__":
    main()
