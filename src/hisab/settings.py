"""hisab's settings: one object, read from `HISAB_*` environment variables.

The settings object is created once by the entry point (CLI, API) and passed to
the service functions that need it; nothing reads the environment at import
time and nothing mutates a global.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Download(BaseModel):
    """One file to fetch: the name it is saved under, and the publisher's URL."""

    filename: str
    url: str


def _default_sources() -> dict[str, list[Download]]:
    ofac = "https://www.treasury.gov/ofac/downloads"
    return {
        "us_ofac_sdn": [
            Download(filename=name, url=f"{ofac}/{name}")
            for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
        ],
        "us_ofac_cons": [
            Download(filename=name, url=f"{ofac}/consolidated/{name}")
            for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
        ],
        "un_sc": [
            Download(
                filename="consolidated.xml",
                url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            )
        ],
        "us_trade_csl": [
            Download(
                filename="consolidated.csv",
                url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
            )
        ],
    }


class Settings(BaseSettings):
    """All of hisab's settings. Each one is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="HISAB_", env_nested_delimiter="__")

    #: The store: a file path for SQLite, or an SQLAlchemy URL (postgresql://…).
    db: str = "hisab.db"
    #: The folder of local list files that `make demo` and the tests read.
    data_dir: Path = Path("../shared/data")
    #: For `hisab update`: per dataset, the files to fetch from the publisher.
    sources: dict[str, list[Download]] = Field(default_factory=_default_sources)
    #: Seconds to wait for a publisher before giving up.
    http_timeout: float = 120.0
    #: A download larger than this many bytes is refused (and the store left as it was).
    max_download_bytes: int = 1_000_000_000
    #: Where the screening index is cached between runs [default: beside the SQLite file].
    cache_dir: Path | None = None
    #: `hisab serve`: require an API key on every endpoint, not only the write and admin
    #: ones (the health probes /healthz and /readyz stay open).
    api_require_key: bool = False
    #: `hisab serve`: a request body larger than this many bytes is refused (413).
    api_max_body_bytes: int = 10_000_000
    #: `hisab serve`: the most queries one /match request may carry (422 above it).
    api_max_batch: int = 100
    #: `hisab serve`: requests per minute per API key (or per client address without a key);
    #: 0 turns the limit off.
    api_rate_limit: int = 1200
    #: `hisab serve`: the number of worker processes (set by `hisab serve --workers`). Above
    #: 1, the workers share the rate limits through the file `limits_file`.
    api_workers: int = 1
    #: `hisab serve`: the rate limits' file shared by the workers [default: `<db>.limits`
    #: beside a SQLite store].
    limits_file: Path | None = None
    #: `hisab serve`: a PostgreSQL database whose table `hisab_rate_buckets` holds the rate
    #: limits, shared by the workers of every host that names it (servers on several hosts
    #: behind one address); instead of `limits_file`. Example: postgresql://hisab@db/hisab.
    limits_url: str | None = None
    #: `hisab serve`: the most results a /match query or a /search may ask for.
    api_max_limit: int = 500
    #: `hisab serve`: the largest file a POST /screen/file may upload, in bytes (413 above it).
    api_max_upload_bytes: int = 500_000_000
    #: `hisab serve`: every this many seconds, each worker checks whether the store changed
    #: (a list loaded or updated, a `hisab resolve` run) and reloads its index if so; 0 turns
    #: the check off (POST /admin/reload still reloads).
    api_reload_seconds: float = 60.0
    #: `hisab serve`: where file-screening jobs keep their uploads and results
    #: [default: `<db>.jobs/` beside a SQLite store].
    jobs_dir: Path | None = None

    def _beside_db(self, setting: Path | None, suffix: str, *under_home: str) -> Path:
        """A working folder: the setting; or `<db><suffix>` beside a SQLite store; or, for a
        server store, a folder under ~/.cache/hisab."""
        if setting is not None:
            return setting
        if "://" not in self.db:
            return Path(f"{self.db}{suffix}")
        return Path.home().joinpath(".cache", "hisab", *under_home)

    @property
    def index_cache_dir(self) -> Path:
        """The screening index cache: the setting, or `<db>.cache/` beside a SQLite store."""
        return self._beside_db(self.cache_dir, ".cache")

    @property
    def limits_path(self) -> Path:
        """The workers' shared rate limits: the setting, or `<db>.limits` beside a SQLite store."""
        return self._beside_db(self.limits_file, ".limits", "limits.db")

    @property
    def jobs_path(self) -> Path:
        """The file-screening jobs' folder: the setting, or `<db>.jobs/` beside a SQLite store."""
        return self._beside_db(self.jobs_dir, ".jobs", "jobs")

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL of the store."""
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser()}"
