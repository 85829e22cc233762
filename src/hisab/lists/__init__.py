"""The Lists capability: load, update, inspect, diff and export official lists."""

from hisab.lists.fetch import update
from hisab.lists.load import LoadResult, export_ftm, load_paths, load_sources
from hisab.store.diff import VersionDiff, diff_versions

__all__ = ["LoadResult", "VersionDiff", "diff_versions", "export_ftm", "load_paths", "load_sources", "update"]
