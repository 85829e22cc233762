"""The screening benchmark's dev cases, built deterministically from the shared data folder.

Run `python -m bench.cases` (or let `make bench-screen` do it). It chooses the
held-out names, writes the index's list copies and loads them into
`bench/out/index.db` (see `bench.index`), exports the index's subjects to
`bench/out/index.jsonl`, builds every case kind into `bench/out/cases.csv` and
writes the query file `bench/out/queries.csv` for `hisab screen-file`.

Case kinds (bench/README.md says how each is made and why the links are genuine):
`cross_list`, `ofac_alias_heldout`, `persian_script`, `name_variants`,
`variations` (positives) and `neg_iran_latin`, `neg_persian_script` (negatives).
Every random choice comes from a `random.Random` seeded with `SEED` and the kind.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from bench import index as idx
from bench.common import (
    OUT,
    PEERS_VENV,
    Case,
    RecordRef,
    Subject,
    data_dir,
    name_key,
    name_keys,
    natural_order,
    read_index,
    script_of,
    skeleton,
    tokens,
    uk_corrections,
    write_cases,
    write_queries,
)
from bench.negatives import iran_latin_customers, persian_script_customers

SEED = 20261122
#: How many cases of each kind to aim for (fewer where the data has fewer).
TARGETS = {
    "cross_list": 400,
    "ofac_alias_heldout": 300,
    "persian_script": 400,
    "name_variants": 300,
    "variations": 300,
    "neg_iran_latin": 2000,
    "neg_persian_script": 1000,
}
#: OFAC aliases held out: a margin over the target, as the index may hold some elsewhere.
OFAC_HOLDOUT_MARGIN = 1.35
IRAN_PROGRAM = re.compile(r"IRAN|IRGC|IFSR|IRN|HRIT-IR")
#: Datasets whose subjects seed `name_variants` and `variations` (the CSL repeats the SDN list).
SEED_DATASETS = ("un_sc", "us_ofac_sdn", "eu_journal")
#: Perturbs names by variation class: names -> one {class: [variants]} per name.
Perturber = Callable[[list[str]], list[dict[str, list[str]]]]


def rng(kind: str) -> random.Random:
    return random.Random(f"{SEED}:{kind}")


def query_schema(subject_schema: str) -> str:
    return "Person" if subject_schema == "Person" else "Organization"


def _first(values: list[str]) -> str:
    return sorted(values)[0] if values else ""


def _years(values: Iterable[str]) -> set[str]:
    return {value[:4] for value in values if value[:4].isdigit()}


@dataclass
class Index:
    """The index's subjects, looked up by record and by name key."""

    subjects: dict[RecordRef, Subject]
    #: Every name key of every name in the index.
    keys: set[str] = field(default_factory=set)
    #: Sorted-token key → subjects having that name.
    by_key: dict[str, set[RecordRef]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Index:
        found = cls({s.ref: s for s in read_index(path)})
        for subject in found.subjects.values():
            for name in subject.names():
                found.keys |= name_keys(name)
                found.by_key.setdefault(name_key(name), set()).add(subject.ref)
        return found

    def holds(self, name: str) -> bool:
        """True if some listed name has the same key as `name` (it is not held out)."""
        return bool(name_keys(name) & self.keys)

    def same_person(self, refs: Iterable[RecordRef]) -> tuple[RecordRef, ...]:
        """`refs` and the records listing the same subject under the same name.

        A record is the same subject when one of its names has the key of a base
        record's listed name (two tokens or more), it is a person exactly when the
        base is, and, for two persons that both give birth dates, a birth year is
        shared. The CSL's copy of an SDN record is found this way.
        """
        found = set(refs)
        for ref in refs:
            base = self.subjects[ref]
            years = _years(base.values("birthDate"))
            for name in base.values("name"):
                key = name_key(name)
                if len(key.split()) < 2:
                    continue
                for other_ref in self.by_key.get(key, ()):
                    other = self.subjects[other_ref]
                    if (other.schema == "Person") != (base.schema == "Person"):
                        continue
                    other_years = _years(other.values("birthDate"))
                    if years and other_years and not years & other_years:
                        continue
                    found.add(other_ref)
        return tuple(sorted(found))

    def positive(
        self, kind: str, name: str, subject: Subject, refs: Iterable[RecordRef], detail: str
    ) -> Case:
        """A case for `name`, with the subject's birth date and nationality."""
        return Case(
            id="",
            kind=kind,
            name=name,
            schema=query_schema(subject.schema),
            birth_date=_first(subject.values("birthDate")),
            nationality=_first(subject.values("nationality") or subject.values("citizenship")),
            expected=self.same_person(refs),
            script=script_of(name),
            detail=detail,
        )


def select_ofac_holdouts(
    aliases: list[idx.OfacAlias], count: int, dropped: Counter[str]
) -> list[idx.OfacAlias]:
    """One alias each of `count` OFAC persons and organisations, chosen at random.

    Only aliases that spell a name the record keeps (`is_variant` of the SDN
    name or another alias) are eligible; the others are counted in `dropped`.
    """
    names: dict[str, list[str]] = {}
    for alias in aliases:
        names.setdefault(alias.ent_num, [alias.sdn_name]).append(alias.alt_name)
    by_entity: dict[str, list[idx.OfacAlias]] = {}
    for alias in aliases:
        if alias.sdn_type not in ("individual", "-0-"):
            continue
        if not is_variant(alias.alt_name, [n for n in names[alias.ent_num] if n != alias.alt_name]):
            dropped["ofac_alias_heldout: aliases not eligible, another name altogether"] += 1
            continue
        by_entity.setdefault(alias.ent_num, []).append(alias)
    chooser = rng("ofac_alias_heldout")
    entities = sorted(by_entity, key=int)
    chooser.shuffle(entities)
    return [chooser.choice(by_entity[ent]) for ent in entities[:count]]


def _similar_tokens(left: str, right: str, ratio: float = 0.8) -> bool:
    return left == right or SequenceMatcher(None, left, right).ratio() >= ratio


#: Name particles that say nothing about whose name it is.
PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "del", "la", "le", "van", "von"})


def spelled_alike(left: str, right: str) -> bool:
    """Two name parts that are spellings of one name: 75% alike, or the same consonant skeleton."""
    return _similar_tokens(left, right, 0.75) or skeleton(left) == skeleton(right)


def is_variant(alias: str, names: Iterable[str]) -> bool:
    """True if most parts of `alias` (particles aside) are spelled alike in one of `names`.

    An initial (`T.D.G.`) matches a part with that first letter. An alias that
    is another name altogether (`REVOLUTIONARY STRUGGLE` a.k.a. `EPANASTATIKOS
    AGHONAS`) is not a variant: no name matcher can find it without the alias.
    """
    parts = [t for t in tokens(alias) if t not in PARTICLES]
    if not parts:
        return False
    for name in names:
        other = [t for t in tokens(name) if t not in PARTICLES]
        matched = sum(
            1 for t in parts if any(spelled_alike(t, u) or (len(t) == 1 and u.startswith(t)) for u in other)
        )
        if matched * 2 > len(parts):
            return True
    return False


def token_jaccard(left: str, right: str) -> float:
    """Jaccard overlap of two names' tokens, counting tokens that are 80% alike as equal."""
    a, b = set(tokens(left)), set(tokens(right))
    if not a or not b:
        return 0.0
    shared = sum(1 for t in a if any(_similar_tokens(t, u) for u in b))
    return shared / (len(a) + len(b) - shared)


def cross_list(uk: list[Subject], index: Index, corrections: dict[str, str] | None = None) -> list[Case]:
    """UK 2018 designations citing a UN reference that the 2026 UN file still has.

    A link counts only when it is genuine: the UK and UN records are of the same
    schema, and some UK name and UN name share half their tokens (80%-alike
    tokens count as shared) or, for persons, the full birth dates agree. The
    UK file's wrong references (five DPRK entities citing KPe.023; a person
    citing an associate's reference) mostly fail that check; `corrections` (UK
    record -> the right UN record, or "none") put the ones checked by hand right
    ("KOREA DAESONG BANK" cites KPe.023, Daedong Credit Bank, and shares half its
    words with it, but is KPe.035).
    """
    un_by_ref: dict[str, RecordRef] = {}
    for subject in index.subjects.values():
        if subject.dataset == "un_sc":
            for ref in subject.unsc_ids:
                un_by_ref[ref] = subject.ref
    corrections = corrections or {}
    found = []
    for group in uk:
        cited = group.unsc_ids
        corrected = corrections.get(f"gb_hmt:{group.record_id}")
        if corrected == "none":
            continue
        if corrected is not None:
            cited = [corrected.removeprefix("un_sc:")]
        targets = {un_by_ref[ref] for ref in cited if ref in un_by_ref}
        if len(targets) != 1:
            continue
        target = index.subjects[targets.pop()]
        if target.schema != group.schema or group.schema not in ("Person", "Organization"):
            continue
        overlap = max(token_jaccard(a, b) for a in group.names() for b in target.names())
        dates = set(group.values("birthDate")) & set(target.values("birthDate"))
        if overlap < 0.5 and not any(len(d) == 10 for d in dates):
            continue
        name = group.values("name")[0]
        case = index.positive("cross_list", name, group, [target.ref], f"gb_hmt:{group.record_id}")
        found.append(replace(case, expected=tuple(sorted({target.ref, *case.expected}))))
    return found


def uk_subjects(data: Path) -> list[Subject]:
    """The UK 2018 designations, parsed by hisab's own parser, with their UN references."""
    from hisab.sources import ParseReport, detect, get_format

    source = detect(data / "uk_hmt_2018-04" / "sanctionsconlist.csv")
    found = []
    for record in get_format(source.format).parse(source, ParseReport()):
        sanctions = [e for e in record.entities if e.schema.name == "Sanction"]
        refs = sorted({ref for s in sanctions for ref in s.get("unscId")})
        found.append(Subject(record.dataset, record.record_id, record.subject.to_dict(), refs, []))
    return found


def ofac_alias_heldout(chosen: list[idx.OfacAlias], index: Index, dropped: Counter[str]) -> list[Case]:
    """Query an OFAC alias that the index does not hold, and that spells a name the record keeps.

    The expected answer is the OFAC record. Aliases still held elsewhere in
    the index, and aliases that are other names altogether (`is_variant`), are
    left out and counted in `dropped`.
    """
    found = []
    for alias in chosen:
        subject = index.subjects.get(("us_ofac_sdn", alias.ent_num))
        if subject is None:
            dropped["ofac_alias_heldout: record not in the index"] += 1
            continue
        if index.holds(alias.alt_name):
            dropped["ofac_alias_heldout: alias still held elsewhere in the index"] += 1
            continue
        if not is_variant(alias.alt_name, subject.names()):
            dropped["ofac_alias_heldout: alias is another name, not a spelling of a kept one"] += 1
            continue
        name = natural_order(alias.alt_name) if alias.sdn_type == "individual" else alias.alt_name
        detail = f"{alias.alt_type} of {alias.sdn_name}"
        found.append(index.positive("ofac_alias_heldout", name, subject, [subject.ref], detail))
    return found


def _eu_subject(alias: idx.EuAlias, index: Index) -> Subject | None:
    """The index record of an EU row: `celex/annex/recordId`, or `#2`… when the id repeats."""
    for suffix in ("", "#2", "#3"):
        subject = index.subjects.get(("eu_journal", alias.hisab_record_id + suffix))
        if subject is not None and name_key(alias.name.split(";")[0]) in {
            name_key(n) for n in subject.names()
        }:
            return subject
    return None


def _found(part: str, others: list[str]) -> bool:
    """True if a skeleton is alike to a run of consecutive `others`, or to the start or end of one."""
    runs = ["".join(others[i:j]) for i in range(len(others)) for j in range(i + 1, len(others) + 1)]
    ends = [piece for other in others for piece in (other[: len(part)], other[-len(part) :])]
    return any(_similar_tokens(part, other, 0.75) for other in runs + ends)


def romanised_alike(arabic: str, latin: str) -> bool:
    """True if every part of each form is spelled in the other (consonant skeletons).

    A compound (`محمدرضا`) may stand for consecutive parts (`Mohammad Reza`) and
    the other way round; a part missing from either form (`سيد علي حسيني` for
    "Mohammad Ali Hosseini") makes the pair fail.
    """
    left = [skeleton(t) for t in tokens(arabic)]
    right = [skeleton(t) for t in tokens(latin)]
    return all(_found(t, right) for t in left) and all(_found(t, left) for t in right)


def persian_script(
    eu_aliases: list[idx.EuAlias], translit_rows: list[dict[str, str]], index: Index, dropped: Counter[str]
) -> list[Case]:
    """Persian/Arabic-script names of listed people, none of them held by the index.

    From the EU Iran acts: the person's Persian-script alias (removed from the
    index copy), expecting that EU record (and the same person's other records).
    From `translit_pairs` (IR rows): an Arabic-script full name whose Latin form
    has exactly the key of a listed person's name or alias, expecting every
    record listing that name. The link is one of spelling: the Arabic-script form
    is how that exact name is written; the query gives no birth date. Wikidata
    sometimes pairs a label with another person's name (`سيد علي حسيني` with
    "Mohammad Ali Hosseini"), so both forms must also spell alike
    (`romanised_alike`).
    """
    found: list[Case] = []
    seen: set[str] = set()
    for alias in eu_aliases:
        subject = _eu_subject(alias, index)
        key = name_key(alias.alias)
        if subject is None or key in seen:
            dropped["persian_script: EU record not found, or the alias repeats"] += 1
            continue
        if index.holds(alias.alias):
            dropped["persian_script: EU alias still held elsewhere in the index"] += 1
            continue
        seen.add(key)
        detail = f"eu_journal alias of {alias.name}"
        found.append(index.positive("persian_script", alias.alias, subject, [subject.ref], detail))
    for row in translit_rows:
        latin_key, key = name_key(row["latin"]), name_key(row["arabic_key"])
        persons = {r for r in index.by_key.get(latin_key, ()) if index.subjects[r].schema == "Person"}
        if len(latin_key.split()) < 2 or not persons or key in seen:
            continue
        if index.holds(row["arabic_key"]):
            dropped["persian_script: translit name already held by the index"] += 1
            continue
        if not romanised_alike(row["arabic_key"], row["latin"]):
            dropped["persian_script: translit row whose two forms spell different names"] += 1
            continue
        seen.add(key)
        found.append(
            Case(
                id="",
                kind="persian_script",
                name=row["arabic_key"],
                schema="Person",
                expected=tuple(sorted(persons)),
                script=script_of(row["arabic_key"]),
                detail=f"translit_pairs: {row['latin']}",
            )
        )
    return found


def iran_persons(index: Index) -> list[Subject]:
    """Listed persons of the Iran programs (UN IRi, OFAC Iran tags, EU-IRN) in the seed datasets."""
    return [
        s
        for s in index.subjects.values()
        if s.schema == "Person"
        and s.dataset in SEED_DATASETS
        and (s.record_id.startswith("IRi.") or any(IRAN_PROGRAM.search(p) for p in s.programs))
    ]


def listed_name(subject: Subject) -> str:
    name = subject.values("name")[0]
    return natural_order(name) if subject.dataset == "us_ofac_sdn" and subject.schema == "Person" else name


def rigour_variants(path: Path, wanted: set[str]) -> dict[str, list[str]]:
    """For each token in `wanted`, its other Latin spellings in the `persons.txt` classes.

    Only classes with a Persian/Arabic-script form are read (romanisations of
    one Persian/Arabic name), and only one-word Latin forms spelled alike
    (`spelled_alike`): Wikidata's classes also join unrelated names
    (`ahmad` and `kristus` share one), which are not respellings.
    """
    found: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            forms = [f.strip() for f in line.split("=>")[0].split(",")]
            if not any(script_of(f) == "arabic" for f in forms):
                continue
            latin = [f for f in forms if re.fullmatch(r"[a-z]{3,}", f)]
            for form in latin:
                if form in wanted:
                    found.setdefault(form, set()).update(
                        f for f in latin if f != form and spelled_alike(f, form)
                    )
    return {token: sorted(alts) for token, alts in found.items() if alts}


def _cased_like(original: str, token: str) -> str:
    if original.isupper():
        return token.upper()
    return token.title() if original[:1].isupper() else token


def name_variants(index: Index, rigour: Path, target: int) -> list[Case]:
    """An Iran-program person's name with one part respelled as another variant of its class."""
    subjects = sorted(iran_persons(index), key=lambda s: s.ref)
    chooser = rng("name_variants")
    chooser.shuffle(subjects)
    split = re.compile(r"[\s-]+")
    wanted = {p.lower() for s in subjects for p in split.split(listed_name(s)) if p}
    variants = rigour_variants(rigour, wanted)
    found = []
    for subject in subjects:
        name = listed_name(subject)
        parts = re.split(r"([\s-]+)", name)
        positions = [i for i, part in enumerate(parts) if part.lower() in variants]
        if not positions:
            continue
        i = chooser.choice(positions)
        new = _cased_like(parts[i], chooser.choice(variants[parts[i].lower()]))
        query = "".join([*parts[:i], new, *parts[i + 1 :]])
        if name_key(query) in {name_key(n) for n in subject.names()}:
            continue
        detail = f"{parts[i]} -> {new}"
        found.append(index.positive("name_variants", query, subject, [subject.ref], detail))
        if len(found) >= target:
            break
    return found


def variations(index: Index, perturb: Perturber, target: int) -> list[Case]:
    """The variation classes of `sanctions-screening-benchmark` applied to listed names.

    Listed persons (three in four) and organisations of the seed datasets are
    drawn at random; every class then takes the first names it changes, so each
    class has about the same number of cases.
    """
    subjects = sorted(
        (s for s in index.subjects.values() if s.dataset in SEED_DATASETS),
        key=lambda s: s.ref,
    )
    chooser = rng("variations")
    persons = [s for s in subjects if s.schema == "Person"]
    orgs = [s for s in subjects if s.schema in ("Organization", "Company")]
    pool = chooser.sample(persons, 300) + chooser.sample(orgs, 100)
    chooser.shuffle(pool)
    produced = perturb([listed_name(s) for s in pool])
    classes = sorted({name for variants in produced for name in variants})
    per_class = max(1, target // max(1, len(classes)))
    found = []
    for cls in classes:
        taken = 0
        for subject, variants in zip(pool, produced, strict=True):
            options = variants.get(cls, [])
            if not options or taken >= per_class:
                continue
            query = chooser.choice(options)
            taken += 1
            found.append(index.positive("variations", query, subject, [subject.ref], f"{cls}"))
    return found


def ssb_perturber(python: Path) -> Perturber:
    """Runs `bench.variations` in the peers' environment, where `sanctions-screening-benchmark` is."""

    def perturb(names: list[str]) -> list[dict[str, list[str]]]:
        proc = subprocess.run(
            [str(python), "-m", "bench.variations"],
            input=json.dumps(names),
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        result: list[dict[str, list[str]]] = json.loads(proc.stdout)
        return result

    return perturb


def numbered(cases: list[Case], kind: str, target: int) -> list[Case]:
    return [replace(case, id=f"{kind}-{i:04d}") for i, case in enumerate(cases[:target], 1)]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_cases(
    data: Path, index: Index, chosen: list[idx.OfacAlias], perturb: Perturber, dropped: Counter[str]
) -> list[Case]:
    """Every case kind, numbered, in report order; what was left out is counted in `dropped`."""
    translit = read_csv(data / "translit_pairs" / "arabic_name_romanizer_full_names.csv")
    translit_ir = sorted((r for r in translit if r["country"] == "IR"), key=lambda r: r["arabic_key"])
    listed = {name_key(n) for s in index.subjects.values() if s.schema == "Person" for n in s.names()}
    built = {
        "cross_list": cross_list(uk_subjects(data), index, uk_corrections()),
        "ofac_alias_heldout": ofac_alias_heldout(chosen, index, dropped),
        "persian_script": persian_script(idx.eu_persian_aliases(data), translit_ir, index, dropped),
        "name_variants": name_variants(
            index, data / "rigour_names" / "persons.txt", TARGETS["name_variants"]
        ),
        "variations": variations(index, perturb, TARGETS["variations"]),
        "neg_iran_latin": iran_latin_customers(
            data, rng("neg_iran_latin"), TARGETS["neg_iran_latin"], listed
        ),
        "neg_persian_script": persian_script_customers(
            data, rng("neg_persian_script"), TARGETS["neg_persian_script"], listed
        ),
    }
    return [case for kind, cases in built.items() for case in numbered(cases, kind, TARGETS[kind])]


def prepare(data: Path, out: Path, perturb: Perturber) -> list[Case]:
    """Hold names out, build and export the index, build and write the cases."""
    out.mkdir(parents=True, exist_ok=True)
    aliases = idx.ofac_aliases(data)
    eu = idx.eu_persian_aliases(data)
    dropped: Counter[str] = Counter()
    chosen = select_ofac_holdouts(aliases, int(TARGETS["ofac_alias_heldout"] * OFAC_HOLDOUT_MARGIN), dropped)
    holdouts = idx.Holdouts(
        frozenset((a.ent_num, a.alt_num) for a in chosen),
        frozenset((a.file, a.row, a.alias) for a in eu),
    )
    paths = idx.write_sources(data, out / "sources", holdouts, holdouts.name_keys(chosen, eu))
    idx.build_store(out / "index.db", paths)
    idx.export_index(out / "index.db", out / "index.jsonl")
    cases = build_cases(data, Index.load(out / "index.jsonl"), chosen, perturb, dropped)
    write_cases(out / "cases.csv", cases)
    write_queries(out / "queries.csv", cases)
    with open(out / "cases.json", "w", encoding="utf-8") as fh:
        counts = Counter(case.kind for case in cases)
        json.dump({"counts": counts, "dropped": dropped}, fh, indent=1, sort_keys=True)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--peers-python", type=Path, default=PEERS_VENV / "bin" / "python")
    args = parser.parse_args()
    cases = prepare(args.data, args.out, ssb_perturber(args.peers_python))
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.kind] = counts.get(case.kind, 0) + 1
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
