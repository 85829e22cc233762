"""Screening names against the loaded lists."""

from hisab.screen.service import Match, Screener, make_query

__all__ = ["Match", "Screener", "make_query"]
