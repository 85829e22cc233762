"""File-screening jobs of the HTTP API: a file of queries uploaded, screened in the
background, its results served when done.

Each job is a folder under the jobs folder: the upload (`input.<format>`), the
results (`results.<format>`) and `job.json`, its status, written atomically (a
temporary file renamed over the old one), so a reader never sees half of one.
The status survives a restart of the server; a job that was running when the
server stopped is marked failed on the next start, and can be submitted again.
Only the key that submitted a job can see it.
"""

from __future__ import annotations

import json
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from hisab.errors import HisabError, NotFoundError
from hisab.screen import batch
from hisab.screen.service import Screener

SUFFIX = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}


class Job(BaseModel):
    """A file-screening job, as `job.json` keeps it and as the API shows it (the key that
    submitted it is kept beside, never shown)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: Literal["queued", "running", "done", "failed"]
    input_format: Literal["csv", "jsonl", "parquet"]
    output_format: Literal["jsonl", "csv"]
    threshold: float | None
    top: int
    min_score: float
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    queries: int = 0
    alerts: int = 0
    errors: int = 0
    error: str | None = None
    _owner: str = PrivateAttr(default="")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status_url(self) -> str:
        return f"/screen/file/{self.id}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def result_url(self) -> str:
        return f"/screen/file/{self.id}/result"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Jobs:
    """The job folders and the background thread that screens them, one job at a time,
    with the worker's index. A running job shares the worker process's CPU (and its GIL)
    with the API's requests, so it slows them; a very large file is better screened with
    `hisab screen-file --workers N` beside the server."""

    def __init__(self, root: Path, screener: Screener | None = None) -> None:
        self.root = root
        #: The screener jobs use: the server's current one (a reload replaces it; a running
        #: job finishes with the one it started with).
        self.screener = screener
        self.root.mkdir(parents=True, exist_ok=True)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hisab-job")
        for folder in self.root.iterdir():
            status = folder / "job.json"
            if status.is_file():
                job = self._read(status)
                if job.status in ("queued", "running"):
                    job.status, job.error, job.finished_at = (
                        "failed",
                        "the server stopped before the job ended",
                        _now(),
                    )
                    self._save(job)

    def new(
        self,
        owner: str,
        output_format: Literal["jsonl", "csv"],
        threshold: float | None,
        top: int,
        min_score: float,
    ) -> tuple[Job, Path]:
        """A new job folder; returns the job and the path its upload goes to (its format is
        known once the upload is in: `submit` names it)."""
        job = Job(
            id=secrets.token_hex(12),
            status="queued",
            input_format="csv",
            output_format=output_format,
            threshold=threshold,
            top=top,
            min_score=min_score,
            created_at=_now(),
        )
        job._owner = owner
        folder = self.root / job.id
        folder.mkdir()
        return job, folder / "upload"

    def input(self, job: Job) -> Path:
        return self.root / job.id / f"input{SUFFIX[job.input_format]}"

    def submit(self, job: Job, input_format: Literal["csv", "jsonl", "parquet"]) -> None:
        """Queue the job, its upload read as `input_format`."""
        job.input_format = input_format
        (self.root / job.id / "upload").replace(self.input(job))
        self._save(job)
        self._pool.submit(self._run, job)

    def discard(self, job: Job) -> None:
        shutil.rmtree(self.root / job.id, ignore_errors=True)

    def get(self, job_id: str, owner: str) -> Job:
        status = self.root / job_id / "job.json"
        if not job_id.isalnum() or not status.is_file():
            raise NotFoundError(f"no screening job {job_id!r}")
        job = self._read(status)
        if job._owner != owner:
            raise NotFoundError(f"no screening job {job_id!r}")
        return job

    def all(self) -> list[Job]:
        """Every job (any key's), newest first: for the admin endpoint."""
        found = [self._read(f / "job.json") for f in self.root.iterdir() if (f / "job.json").is_file()]
        return sorted(found, key=lambda j: (j.created_at, j.id), reverse=True)

    @staticmethod
    def owner(job: Job) -> str:
        return job._owner

    def result(self, job: Job) -> Path:
        return self.root / job.id / f"results{SUFFIX[job.output_format]}"

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job) -> None:
        job.status, job.started_at = "running", _now()
        self._save(job)
        source = self.input(job)
        target = self.result(job)
        partial = target.with_suffix(target.suffix + ".part")
        screener = self.screener
        try:
            if screener is None:
                raise HisabError("the server has no index loaded")
            with open(
                partial, "w", encoding="utf-8", newline="" if job.output_format == "csv" else None
            ) as out:
                stats = batch.screen_file(
                    screener,
                    source,
                    out,
                    top=job.top,
                    min_score=job.min_score,
                    threshold=job.threshold,
                    explain=job.output_format == "jsonl",
                    input_fmt=job.input_format,
                    output_fmt=job.output_format,
                )
            partial.replace(target)
            job.status = "done"
            job.queries, job.alerts, job.errors = stats.queries, stats.alerts, stats.errors
        except HisabError as exc:
            job.status, job.error = "failed", str(exc).replace(str(source), "the uploaded file")
            partial.unlink(missing_ok=True)
        except Exception as exc:
            job.status, job.error = "failed", f"internal error ({exc.__class__.__name__})"
            partial.unlink(missing_ok=True)
        job.finished_at = _now()
        self._save(job)

    def _save(self, job: Job) -> None:
        status = self.root / job.id / "job.json"
        temporary = status.with_suffix(".tmp")
        temporary.write_text(json.dumps({**job.model_dump(), "owner": job._owner}), encoding="utf-8")
        temporary.replace(status)

    @staticmethod
    def _read(path: Path) -> Job:
        data = json.loads(path.read_text("utf-8"))
        job = Job.model_validate(data)
        job._owner = data["owner"]
        return job
