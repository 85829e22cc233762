"""What a person's name says of their gender, from the given names it holds."""

from __future__ import annotations

from functools import lru_cache

from hisab.names.tables import given_gender
from hisab.names.tokens import NAME, Token


# Keyed by a name's tokens, which it keeps alive: 20,000 names, so that the queries of a long
# file do not pile up in it.
@lru_cache(maxsize=20_000)
def name_gender(tokens: tuple[Token, ...]) -> str | None:
    """The gender a name says, "male" or "female": that of its given names borne mostly by one
    gender (resources/names/given_gender.tsv), when they agree. "Maryam Soltani": female; "SOLTANI,
    Mohammad": male; "Fatima Mohammed Ali" (a patronymic) or "Soltani" alone: None."""
    table = given_gender()
    found = {table[t.phon] for t in tokens if t.kind == NAME and t.phon in table}
    return found.pop() if len(found) == 1 else None
