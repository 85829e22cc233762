"""The versioned store of loaded lists."""

from hisab.store.store import Store, StoredRecord, VersionInfo, VersionWriter

__all__ = ["Store", "StoredRecord", "VersionInfo", "VersionWriter"]
