"""The names layer: normalisation, scripts, transliteration and name-part comparison."""

from hisab.names.similarity import token_similarity
from hisab.names.tokens import Token, tokenize

__all__ = ["Token", "token_similarity", "tokenize"]
