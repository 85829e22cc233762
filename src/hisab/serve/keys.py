"""API keys: created, listed and revoked with `hisab keys`, checked by the server.

A key reads `hisab_<id>_<secret>`. The store keeps the id, a name, the scope and
a SHA-256 of the whole key, never the key itself; the key is shown once, when it
is created. The id alone (shown by `hisab keys list`, written in logs) names a
key without disclosing it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from hisab.errors import HisabError, NotFoundError
from hisab.store import Store
from hisab.store import schema as t

PREFIX = "hisab_"
SCOPES = ("read", "admin")


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def key_json(key: ApiKey) -> dict[str, str | None]:
    """A key's record as `hisab keys list --json` and the admin API show it (never the key)."""
    return {
        "id": key.id,
        "name": key.name,
        "scope": key.scope,
        "created_at": key.created_at.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
    }


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _row(row: object) -> ApiKey:
    m = row._mapping  # type: ignore[attr-defined]
    return ApiKey(m["id"], m["name"], m["scope"], m["created_at"], m["revoked_at"])


def create_key(store: Store, name: str, scope: str = "read") -> tuple[ApiKey, str]:
    """A new key: its record, and the key itself (to show once; it is not kept)."""
    if scope not in SCOPES:
        raise HisabError(f"unknown key scope {scope!r} (one of: {', '.join(SCOPES)})")
    if not name.strip():
        raise HisabError("a key needs a name (who or what uses it)")
    key_id = secrets.token_hex(6)
    key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    record = ApiKey(key_id, name.strip(), scope, datetime.now(UTC), None)
    with store.transaction() as conn:
        conn.execute(
            insert(t.api_keys),
            {
                "id": key_id,
                "name": record.name,
                "key_hash": _hash(key),
                "scope": scope,
                "created_at": record.created_at,
                "revoked_at": None,
            },
        )
    return record, key


def list_keys(store: Store) -> list[ApiKey]:
    """Every key, revoked ones included, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.api_keys).order_by(t.api_keys.c.created_at, t.api_keys.c.id))
        return [_row(r) for r in rows]


def revoke_key(store: Store, key_id: str) -> ApiKey:
    """Revoke a key by its id (or by the whole key); revoking twice is harmless."""
    key_id = _split(key_id)[0] if key_id.startswith(PREFIX) else key_id
    with store.transaction() as conn:
        row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
        if row is None:
            raise NotFoundError(f"no API key with id {key_id!r}")
        if row.revoked_at is None:
            conn.execute(
                update(t.api_keys).where(t.api_keys.c.id == key_id).values(revoked_at=datetime.now(UTC))
            )
        row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).one()
    return _row(row)


def _split(key: str) -> tuple[str, str]:
    rest = key[len(PREFIX) :]
    key_id, _, secret = rest.partition("_")
    return key_id, secret


def verify_key(store: Store, key: str) -> tuple[ApiKey | None, str]:
    """The key record for `key` if it is a valid, unrevoked key; else None and why not."""
    if not key.startswith(PREFIX):
        return None, "not a hisab API key"
    key_id, secret = _split(key)
    if not key_id or not secret:
        return None, "not a hisab API key"
    with store.engine.connect() as conn:
        row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
    if row is None or not hmac.compare_digest(row.key_hash, _hash(key)):
        return None, "unknown API key"
    record = _row(row)
    if not record.active:
        return None, "this API key has been revoked"
    return record, ""
