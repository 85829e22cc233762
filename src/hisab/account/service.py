"""The designation matrix from the store: the CLI (and later the API) call this."""

from __future__ import annotations

from hisab.account.matrix import Matrix, build
from hisab.errors import HisabError
from hisab.resolve.engine import Key
from hisab.resolve.service import actor_ids
from hisab.screen.service import Screener, make_query
from hisab.sources.values import clean_country
from hisab.store import Store


def designation_matrix(
    store: Store,
    screener: Screener,
    *,
    country: str | None = None,
    program: str | None = None,
    schema: str | None = None,
    query: str | None = None,
    gaps_only: bool = False,
) -> Matrix:
    """The matrix of the current lists, grouped by the last `hisab resolve` run. `query`
    keeps the actors one of whose records the name matches (the screening engine's decision,
    at its threshold)."""
    code: str | None = None
    if country:
        code = clean_country(country)
        if not code:
            raise HisabError(f"--country: not a country name or ISO code: {country!r}")
    only: set[Key] | None = None
    if query:
        found = screener.screen(make_query(query, schema), top=50)
        only = {(m.subject.dataset, m.subject.record_id) for m in found if m.match}
    return build(
        screener.index,
        actor_ids(store),
        store.current_versions(),
        country=code,
        program=program,
        schema=schema,
        only=only,
        gaps_only=gaps_only,
    )
