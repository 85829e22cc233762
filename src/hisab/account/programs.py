"""The sanctions programs: which country each targets and its theme (resources/programs.tsv).

The designation matrix uses them to say where an actor's listing has a *gap*: an
authority that does not list the actor although it runs a comparable program.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

THEMES = (
    "proliferation",
    "terrorism",
    "human_rights",
    "regime",
    "conflict",
    "corruption",
    "narcotics",
    "cyber",
    "export_control",
    "other",
)


@dataclass(frozen=True)
class Program:
    dataset: str
    program: str
    act: str
    country: str
    theme: str
    title: str


@cache
def programs() -> dict[tuple[str, str, str], Program]:
    """(dataset, program, act) -> the program's country and theme."""
    text = (resources.files("hisab") / "resources" / "programs.tsv").read_text("utf-8")
    found: dict[tuple[str, str, str], Program] = {}
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=True))
        if row["theme"] not in THEMES:
            raise ValueError(f"programs.tsv line {number}: unknown theme {row['theme']!r}")
        program = Program(**row)
        found[program.dataset, program.program, program.act] = program
    return found


def act_of(dataset: str, record_id: str) -> str:
    """The EU legal act (CELEX number) of an EU Official Journal record, else ""."""
    return record_id.split("/", 1)[0] if dataset == "eu_journal" else ""


def program_info(dataset: str, program: str, act: str = "") -> Program:
    """A program's entry; an unknown one (a new tag, a user's dataset) is "other", no country."""
    return programs().get((dataset, program, act)) or Program(dataset, program, act, "", "other", program)


def comparable(a: Program, b: Program) -> bool:
    """Two programs are comparable when they concern the same country (or both are global)
    and have the same theme, or one of them is a broad country regime ("regime": measures
    aimed at a government and its economy, which may reach any of its officials and firms)."""
    if a.country != b.country:
        return False
    if not a.country and (a.theme == "other" or b.theme == "other"):
        return False
    return a.theme == b.theme or "regime" in (a.theme, b.theme)
