"""The API against its own OpenAPI spec: schemathesis (its `st run` command) generates
requests from /openapi.json, valid and invalid, and checks that the server never fails
with a 5xx and that every answer fits the spec: status codes, content types, headers and
response schemas.

One check is left out, `positive_data_acceptance` (a request the spec allows must get a
2xx): the API rejects some requests the spec cannot describe with a clear 422 (a property
the query's schema does not have, a query without a name, more queries than the batch
limit), and these are documented 422 answers, not breaks of the spec.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hisab.lists import load_paths
from hisab.serve.keys import create_key
from hisab.settings import Settings
from hisab.store import Store
from tests.serve.test_api import FIXTURE, _serve


@pytest.fixture(scope="module")
def spec_store(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("spec") / "store.db"
    load_paths(Store(f"sqlite:///{path}"), [data_dir / "un_sc/watchman_2026-02-27", FIXTURE])
    return path


@pytest.fixture(scope="module")
def spec_server(spec_store: Path) -> Iterator[str]:
    yield from _serve(Settings(db=str(spec_store)))


def test_the_api_keeps_to_its_openapi_spec(spec_server: str, spec_store: Path, tmp_path: Path) -> None:
    # With an admin key, so that the write endpoints (file-screening jobs) and the admin
    # endpoints (keys, jobs, reload) are exercised too.
    _, key = create_key(Store(f"sqlite:///{spec_store}"), "schemathesis", "admin")
    st = Path(sys.executable).parent / "st"
    command = [
        str(st),
        "run",
        f"{spec_server}/openapi.json",
        "--header",
        f"Authorization: ApiKey {key}",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        "40",
        "--seed",
        "20261130",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    report = result.stdout[-8000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "17 selected / 17 total" in result.stdout, report
    assert "Authentication failed" not in result.stdout, report
