"""Reading with the store: the CLI (`hisab read`) and later the API call this."""

from __future__ import annotations

from typing import Any

from hisab.read.detect import DETECTORS, Gazetteer
from hisab.read.extract import Document
from hisab.read.link import Report, read_documents, report_json
from hisab.screen.service import Screener
from hisab.store import Store

_GAZETTEERS: dict[int, Gazetteer] = {}


def gazetteer(screener: Screener) -> Gazetteer:
    """The listed names for the text lookup, made once per index."""
    key = id(screener.index)
    if key not in _GAZETTEERS:
        _GAZETTEERS.clear()
        _GAZETTEERS[key] = Gazetteer(screener.index)
    return _GAZETTEERS[key]


def read_reports(
    documents: list[Document], store: Store, screener: Screener, detectors: frozenset[str] = DETECTORS
) -> tuple[list[Report], dict[str, Any]]:
    """Detect and link the actors of `documents`; the reports and their JSON."""
    reports = read_documents(documents, store, screener, gazetteer(screener), detectors)
    return reports, report_json(reports)
