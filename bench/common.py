"""What both sides of the screening benchmark share: paths, cases, the index file, name keys.

Standard library only: this module is imported in the project's `.venv` and in
the peers' `bench/.venv-peers`, which has no `hisab`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUT = BENCH / "out"
PEERS_VENV = BENCH / ".venv-peers"

#: The FtM properties that hold a name of a listed subject.
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
#: The columns of `cases.csv`; the first five are the query file `hisab screen-file` reads.
QUERY_COLUMNS = ("id", "name", "schema", "birth_date", "nationality")
CASE_COLUMNS = ("id", "kind", "name", "schema", "birth_date", "nationality", "expected", "script", "detail")
#: Case kinds in report order; the last two are the negatives.
POSITIVE_KINDS = ("cross_list", "ofac_alias_heldout", "persian_script", "name_variants", "variations")
NEGATIVE_KINDS = ("neg_iran_latin", "neg_persian_script")
KINDS = POSITIVE_KINDS + NEGATIVE_KINDS


#: The UK list's wrong UN references, each checked by hand on both files (read by the resolver's
#: benchmark and by the `cross_list` cases): UK record -> the UN record that is the same actor,
#: or "none".
UK_CORRECTIONS = REPO / "tests" / "fixtures" / "resolve" / "uk_un_gold_corrections.csv"


def uk_corrections(path: Path = UK_CORRECTIONS) -> dict[str, str]:
    """`gb_hmt:<id>` -> `un_sc:<reference>` (or "none") from the corrections file."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["uk_record"]: row["correct_un"] for row in rows}


def data_dir() -> Path:
    """The shared data folder: `HISAB_DATA_DIR`, else `../shared/data` beside the checkout."""
    return Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data")).resolve()


#: A listed record: (dataset, publisher's record id).
RecordRef = tuple[str, str]

#: Lists that give each actor one record (one UN reference number, one OFAC entity number):
#: another record of such a list is another actor. A match on one, for a query whose expected
#: records include that list, is an alert on the wrong listed actor, even though the cases do
#: not name every list's record of an actor (the EU's acts and the UK list can hold one actor
#: several times, and the CSL repeats the SDN list, so those are not counted).
ONCE_PER_ACTOR = frozenset({"un_sc", "us_ofac_sdn"})


def another_actor(expected: Iterable[RecordRef], refs: Iterable[RecordRef]) -> bool:
    """Is a match on `refs` known to be another actor than the one `expected` names?

    Yes when none of its records is expected and one is a record of a once-per-actor
    list that also holds an expected record."""
    want = set(expected)
    refs = tuple(refs)
    if not want or want & set(refs):
        return False
    lists = {dataset for dataset, _ in want} & ONCE_PER_ACTOR
    return any(dataset in lists for dataset, _ in refs)


@dataclass(frozen=True)
class Case:
    """One benchmark query and what a screening system should return for it."""

    id: str
    kind: str
    name: str
    schema: str
    birth_date: str = ""
    nationality: str = ""
    #: The listed records that count as a hit; empty for a negative.
    expected: tuple[RecordRef, ...] = ()
    script: str = "latin"
    #: How the case was made (variation class, source row); for reading the results.
    detail: str = ""

    @property
    def positive(self) -> bool:
        return bool(self.expected)


def format_expected(refs: Iterable[RecordRef]) -> str:
    return "|".join(f"{dataset}:{record_id}" for dataset, record_id in refs)


def parse_expected(text: str) -> tuple[RecordRef, ...]:
    refs = []
    for part in text.split("|"):
        if part:
            dataset, _, record_id = part.partition(":")
            refs.append((dataset, record_id))
    return tuple(refs)


def write_cases(path: Path, cases: Iterable[Case]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CASE_COLUMNS)
        for case in cases:
            writer.writerow(
                [
                    case.id,
                    case.kind,
                    case.name,
                    case.schema,
                    case.birth_date,
                    case.nationality,
                    format_expected(case.expected),
                    case.script,
                    case.detail,
                ]
            )


def read_cases(path: Path) -> list[Case]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Case(
                id=row["id"],
                kind=row["kind"],
                name=row["name"],
                schema=row["schema"],
                birth_date=row["birth_date"],
                nationality=row["nationality"],
                expected=parse_expected(row["expected"]),
                script=row["script"],
                detail=row["detail"],
            )
            for row in csv.DictReader(fh)
        ]


def write_queries(path: Path, cases: Iterable[Case]) -> None:
    """The query file of `hisab screen-file`: `id,name,schema,birth_date,nationality`."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(QUERY_COLUMNS)
        for case in cases:
            writer.writerow([case.id, case.name, case.schema, case.birth_date, case.nationality])


@dataclass
class Subject:
    """A listed subject of the index: its record and its FtM entity."""

    dataset: str
    record_id: str
    entity: dict[str, Any]
    #: The UN references its Sanctions cite (`unscId`), and their programs.
    unsc_ids: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)

    @property
    def ref(self) -> RecordRef:
        return (self.dataset, self.record_id)

    @property
    def schema(self) -> str:
        return str(self.entity["schema"])

    def values(self, prop: str) -> list[str]:
        return list(self.entity.get("properties", {}).get(prop, []))

    def names(self) -> list[str]:
        return [name for prop in NAME_PROPS for name in self.values(prop)]

    def to_json(self) -> str:
        data = {
            "dataset": self.dataset,
            "record_id": self.record_id,
            "unsc_ids": self.unsc_ids,
            "programs": self.programs,
            "entity": self.entity,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def record_key(subject: Subject) -> tuple[str, str]:
    """A listed record's key across lists that repeat one another: the CSL repeats OFAC's
    records under their numbers, so both count as one person's record."""
    dataset = "us" if subject.dataset in ("us_ofac_sdn", "us_trade_csl") else subject.dataset
    return dataset, subject.record_id


def organisation_pairs(
    query_of: Callable[[str], str | None], names_of: dict[tuple[str, str], list[str]] | None = None
) -> list[dict[str, Any]]:
    """For every listed organisation (each record of the CSL that repeats OFAC's once) whose first
    name `query_of` makes a query of: the pair of query and record (its first name, all its
    names, its references on both US lists). `names_of` gets every record's names."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(OUT / "index.jsonl"):
        if names_of is not None:
            names_of[subject.dataset, subject.record_id] = subject.names()
        if subject.schema in ("Person", "Vessel", "Airplane"):
            continue
        key = record_key(subject)
        names = subject.values("name")
        if key in seen or not names:
            continue
        seen.add(key)
        query = query_of(names[0])
        if query is not None:
            ref = {(subject.dataset, subject.record_id)}
            if subject.dataset in ("us_ofac_sdn", "us_trade_csl"):
                ref = {("us_ofac_sdn", subject.record_id), ("us_trade_csl", subject.record_id)}
            pair = {"query": query, "listed": names[0], "names": subject.names(), "refs": ref}
            found.append(pair | {"ref": (subject.dataset, subject.record_id)})
    return found


#: A Latin name in plain ASCII letters, with the punctuation the lists write in names.
ASCII_NAME = re.compile(r"^[A-Za-z .,'\-()&]+$")


def listed_latin_names(schemas: Iterable[str] = ("Person",)) -> list[tuple[str, str, RecordRef]]:
    """Each name in ASCII letters of each record of the once-per-actor lists (`ONCE_PER_ACTOR`,
    whose other records are other actors) with one of `schemas`, as (name, schema, record), from
    the index of the last `make bench-screen`."""
    wanted = set(schemas)
    return [
        (name, subject.schema, subject.ref)
        for subject in read_index(OUT / "index.jsonl")
        if subject.dataset in ONCE_PER_ACTOR and subject.schema in wanted
        for name in dict.fromkeys(subject.names())
        if ASCII_NAME.match(name)
    ]


def own_and_others(screener: Any, query: str, schema: str, ref: RecordRef) -> tuple[bool, int]:
    """Screening `query` with no birth date: whether it alerts on the record `ref`, and on how
    many records known to be other actors (`another_actor`)."""
    from hisab.screen.service import make_query

    matches = [m for m in screener.screen(make_query(query, schema), top=10) if m.match]
    refs = [[(s.dataset, s.record_id) for s in m.records] for m in matches]
    return any(ref in r for r in refs), sum(another_actor([ref], r) for r in refs)


def bench_screener() -> Any:
    """hisab's screener on the index of the last `make bench-screen`, with its lists' rarity
    weights. hisab is imported here, not above: the peers' environment reads this module and
    has no hisab."""
    from hisab.match.index import load_index
    from hisab.screen.service import Screener
    from hisab.store import Store

    return Screener(load_index(Store(f"sqlite:///{OUT / 'index.db'}"), OUT / "index.db.cache"))


def read_index(path: Path) -> Iterator[Subject]:
    """The subjects of `index.jsonl` (written by `bench.index`)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            yield Subject(
                data["dataset"], data["record_id"], data["entity"], data["unsc_ids"], data["programs"]
            )


# Name keys. Two names have the same key when they differ only in case, accents,
# punctuation, token order, or (in Arabic script) in the letter forms that Arabic
# and Persian keyboards write differently. The benchmark uses the keys to decide
# whether a held-out name is really absent from the index and which records
# share a name; never to score.

#: Arabic-script letters written differently by Arabic and Persian keyboards → one form.
_ARABIC_UNIFY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ٱ": "ا", "\u0640": None})
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, no accents, no Arabic vowel marks, one form per Arabic/Persian letter."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold().translate(_ARABIC_UNIFY)


def tokens(text: str) -> list[str]:
    # A zero-width non-joiner separates parts of one Persian word: keep them together.
    return _TOKEN.findall(fold(text.replace("\u200c", "")))


def name_key(text: str) -> str:
    """Sorted folded tokens: `"NAQDI, Mohammad-Reza"` and `"mohammad reza naqdi"` share a key."""
    return " ".join(sorted(tokens(text)))


def name_keys(text: str) -> set[str]:
    """`name_key`, and the tokens run together (`"Abdol Rahman"` ~ `"Abdolrahman"`)."""
    found = tokens(text)
    return {" ".join(sorted(found)), "".join(found)} if found else set()


# Consonant skeletons. `Mohammad`, `Muhammad` and `محمد` all become `mhmd`; `Qasem`,
# `Ghasem`, `Kasem` and `قاسم` all `gsm` (k, q, g and their digraphs are one letter, as
# Persian written with an Arabic keyboard has ك for گ). Used by the permissive candidate stage and to tell
# a respelling of a name part from another name; never to score.

#: Persian/Arabic letters → Latin letters as a Persian speaker says them (ض, ظ, ذ are z).
_ARABIC_LATIN = str.maketrans(
    {
        "ا": "a", "آ": "a", "أ": "a", "إ": "e", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
        "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
        "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
        "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v", "ه": "h", "ة": "h",
        "ی": "y", "ي": "y", "ى": "y", "ئ": "y", "ؤ": "v", "ء": "",
    }
)  # fmt: skip
#: Persian/Arabic letters → the consonant `skeleton` gives their Latin spellings (vowel letters → none).
_ARABIC_SKELETON = str.maketrans(
    {
        "ا": "", "آ": "", "أ": "", "إ": "", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
        "چ": "g", "ح": "h", "خ": "g", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s",
        "ش": "s", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "g",
        "ک": "g", "ك": "g", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "", "ه": "h", "ة": "h",
        "ی": "", "ي": "", "ى": "", "ئ": "", "ؤ": "", "ء": "",
    }
)  # fmt: skip
_SKELETON_PAIRS = (
    ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("th", "t"), ("dh", "z"),
    ("ph", "f"), ("v", "w"), ("ck", "k"), ("c", "k"), ("x", "ks"), ("q", "g"), ("k", "g"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouyw']")
_REPEATS = re.compile(r"(.)\1+")


def arabic_to_latin(text: str) -> str:
    """A plain letter-by-letter romanisation of Persian/Arabic script (no vowels are guessed)."""
    return fold(text.replace("\u200c", "")).translate(_ARABIC_LATIN)


def skeleton(token: str) -> str:
    """The consonants of a name part, Latin or Persian/Arabic, with common spelling pairs merged.

    Persian/Arabic letters map straight to their consonant (so `د` + `ه` stays `dh`
    and is not read as the digraph of `ذ`); `و` and `ی`, mostly vowels, drop out.
    """
    if _ARABIC.search(token):
        return _REPEATS.sub(r"\1", fold(token).translate(_ARABIC_SKELETON)) or token[:1]
    token = token.lower()
    for old, new in _SKELETON_PAIRS:
        token = token.replace(old, new)
    bare = _REPEATS.sub(r"\1", _VOWELS.sub("", token))
    return bare or token[:1]


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def script_of(text: str) -> str:
    """`arabic` if the name has Arabic-script letters, `cyrillic` if mostly Cyrillic, else `latin`."""
    if _ARABIC.search(text):
        return "arabic"
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return "cyrillic"
    return "latin"


def natural_order(name: str) -> str:
    """`"GHALIBAF, Mohammad Bagher"` → `"Mohammad Bagher GHALIBAF"`, as a customer file writes it."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name


@dataclass
class ScreeningResult:
    """One system's answer to one query: `(score, records)` per returned match, best first."""

    id: str
    matches: list[tuple[float, tuple[RecordRef, ...]]]
    #: The system's own match decision per returned match, when it gives one.
    decisions: list[bool] | None = None
    #: Seconds spent on this query, when the system reports it.
    seconds: float | None = None


def read_results(path: Path) -> dict[str, ScreeningResult]:
    """A RESULTS.jsonl in `hisab screen-file`'s format, by query id."""
    found: dict[str, ScreeningResult] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            matches = []
            decisions: list[bool] = []
            for match in data.get("matches", []):
                refs = tuple((s["dataset"], str(s["record_id"])) for s in match.get("sources", []))
                matches.append((float(match["score"]), refs))
                if "match" in match:
                    decisions.append(bool(match["match"]))
            seconds = data.get("seconds")
            found[str(data["id"])] = ScreeningResult(
                str(data["id"]),
                matches,
                decisions if len(decisions) == len(matches) else None,
                float(seconds) if seconds is not None else None,
            )
    return found
