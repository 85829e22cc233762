"""Screening names against the loaded lists."""

from hisab.screen.service import Match, Screener, check_name, make_query

__all__ = ["Match", "Screener", "check_name", "make_query"]
