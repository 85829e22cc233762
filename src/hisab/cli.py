"""The `hisab` command line. Each command parses its options, calls one service
function, and renders the result; errors are turned into exit codes in `main`."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from hisab import lists
from hisab.errors import HisabError
from hisab.lists.load import LoadResult
from hisab.match.index import ensure_index_cache, freeze_heap, load_index
from hisab.screen import Screener, batch, check_name, make_query
from hisab.screen.batch import match_dict, parts_text
from hisab.settings import Settings
from hisab.sources import Source
from hisab.store import Store, VersionInfo

app = typer.Typer(
    help="hisab: targeted sanctions screening, tracing and accountability.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
#: Piped output (CI logs, `| less`) gets a fixed width rather than rich's default of 80 columns.
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True)


class State:
    """What the global options set up for the commands."""

    def __init__(self, settings: Settings, quiet: bool) -> None:
        self.settings = settings
        self.quiet = quiet
        self._store: Store | None = None
        self.index_seconds = 0.0

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.db_url)
        return self._store


@app.callback()
def _options(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option(help="Store: SQLite file or SQLAlchemy URL [env HISAB_DB; default hisab.db]")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes.")] = False,
) -> None:
    settings = Settings() if db is None else Settings(db=db)
    ctx.obj = State(settings, quiet)


@contextmanager
def _progress(state: State, label: str) -> Iterator[Any]:
    """A progress display on stderr (a no-op with --quiet)."""
    if state.quiet:
        yield lambda source, count: None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        tasks: dict[Path, Any] = {}

        def update(source: Source, count: int) -> None:
            if source.path not in tasks:
                tasks[source.path] = bar.add_task("")
            bar.update(tasks[source.path], description=f"{label} {source.path.name}: {count:,} records")

        yield update


def _result_dict(result: LoadResult) -> dict[str, Any]:
    version = result.version
    return {
        "path": str(result.source.path),
        "format": result.source.format,
        "dataset": result.source.dataset,
        "status": "loaded" if version else "unchanged",
        "version": version.number if version else None,
        "published": result.report.published,
        "rows": result.report.rows,
        "records": result.report.records,
        "duplicates": result.report.duplicates,
        "schema_counts": version.schema_counts if version else {},
        "warnings": len(result.report.warnings),
    }


def _print_results(results: list[LoadResult], as_json: bool, skipped: list[str], quiet: bool) -> None:
    if as_json:
        out.print_json(json.dumps({"loaded": [_result_dict(r) for r in results], "skipped": skipped}))
        return
    table = Table(title="Loaded")
    for column in ("dataset", "version", "published", "format", "records", "file", "status"):
        table.add_column(column)
    for r in results:
        d = _result_dict(r)
        table.add_row(
            d["dataset"],
            str(d["version"] or "-"),
            d["published"] or "-",
            d["format"],
            f"{d['records']:,}",
            Path(d["path"]).name,
            d["status"] + (f" ({d['warnings']} warnings)" if d["warnings"] else ""),
        )
    out.print(table)
    if skipped and not quiet:
        err.print(f"[yellow]skipped {len(skipped)} file(s) no list format recognises:[/yellow]")
        for note in skipped:
            err.print(f"  {note}")


@app.command()
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="List files or folders (searched recursively).")],
    dataset: Annotated[
        str | None, typer.Option(help="Load into this dataset instead of the format's own.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Load list files into the store; each becomes a new version of its dataset.

    The format of each file is detected. All files load in one transaction: if
    one fails, nothing is changed.
    """
    state: State = ctx.obj
    for path in paths:
        if not path.exists():
            raise HisabError(f"{path}: no such file or folder")
    with _progress(state, "loading") as progress:
        results, skipped = lists.load_paths(state.store, paths, dataset, progress)
    _print_results(results, as_json, skipped, state.quiet)
    from hisab.sources.ownership import is_ownership_dataset

    if any(is_ownership_dataset(r.source.dataset) and r.version for r in results) and not as_json:
        err.print(
            "Ownership data loaded: run `hisab resolve` to link its names to the lists "
            "(uncertain links go to `hisab review`).",
            highlight=False,
        )


def _version_dict(v: VersionInfo, warnings: bool = False) -> dict[str, Any]:
    d = asdict(v)
    d["loaded_at"] = v.loaded_at.isoformat()
    d["warnings"] = v.report.get("warnings", []) if warnings else len(v.report.get("warnings", []))
    del d["report"], d["id"]
    return d


@app.command(name="lists")
def lists_(
    ctx: typer.Context,
    all_versions: Annotated[
        bool, typer.Option("--all", help="Show every version, not only current ones.")
    ] = False,
    warnings: Annotated[
        bool, typer.Option("--warnings", help="Also print what the parsers warned about, per version.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show the datasets in the store: versions, dates and record counts per schema."""
    state: State = ctx.obj
    versions = state.store.versions() if all_versions else state.store.current_versions()
    if warnings and not as_json:
        for v in versions:
            for warning in v.report.get("warnings", []):
                out.print(f"{v.dataset} v{v.number}: {warning}", highlight=False, markup=False)
    counts: dict[str, int] = {}
    for v in state.store.versions():
        counts[v.dataset] = counts.get(v.dataset, 0) + 1
    if as_json:
        out.print_json(
            json.dumps([_version_dict(v, warnings) | {"versions": counts[v.dataset]} for v in versions])
        )
        return
    table = Table(title=f"Lists in {state.settings.db}")
    table.add_column("dataset", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("loaded", no_wrap=True)
    table.add_column("records", justify="right", no_wrap=True)
    table.add_column("by schema", no_wrap=True)
    for v in versions:
        table.add_row(
            v.dataset,
            f"{v.number} of {counts[v.dataset]}{' *' if v.current and all_versions else ''}",
            v.published or "-",
            v.loaded_at.strftime("%Y-%m-%d"),
            f"{v.record_count:,}",
            "\n".join(f"{k} {n:,}" for k, n in v.schema_counts.items()),
        )
    out.print(table)


@app.command()
def diff(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="The dataset to compare versions of.")],
    from_: Annotated[
        int | None, typer.Option("--from", help="Old version number [default: the one before --to].")
    ] = None,
    to: Annotated[int | None, typer.Option("--to", help="New version number [default: current].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show what changed between two versions: added, removed and changed records, field by field."""
    state: State = ctx.obj
    delta = lists.diff_versions(state.store, dataset, from_, to)
    if as_json:
        payload = {
            "dataset": dataset,
            "from": _version_dict(delta.old),
            "to": _version_dict(delta.new),
            "added": [asdict(r) for r in delta.added],
            "removed": [asdict(r) for r in delta.removed],
            "changed": [asdict(r) for r in delta.changed],
        }
        out.print_json(json.dumps(payload))
        return
    out.print(
        f"[bold]{dataset}[/bold]: version {delta.old.number} ({delta.old.published or 'no date'}) → "
        f"version {delta.new.number} ({delta.new.published or 'no date'}): "
        f"{len(delta.added)} added, {len(delta.removed)} removed, {len(delta.changed)} changed"
    )
    for record in delta.added:
        out.print(f"[green]+ {record.record_id}[/green]  {record.schema}  {record.caption}")
    for record in delta.removed:
        out.print(f"[red]- {record.record_id}[/red]  {record.schema}  {record.caption}")
    for change in delta.changed:
        out.print(f"[yellow]~ {change.record_id}[/yellow]  {change.schema}  {change.caption}")
        for fc in change.changes:
            for value in fc.removed:
                out.print(f"    {fc.schema}.{fc.prop}  [red]- {value}[/red]", highlight=False)
            for value in fc.added:
                out.print(f"    {fc.schema}.{fc.prop}  [green]+ {value}[/green]", highlight=False)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Output format (ftm: FollowTheMoney JSON lines).")
    ] = "ftm",
    dataset: Annotated[list[str] | None, typer.Option(help="Only these datasets [default: all].")] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write to this file [default: stdout].")
    ] = None,
) -> None:
    """Export the current versions of the lists."""
    state: State = ctx.obj
    if fmt != "ftm":
        raise HisabError(f"--format {fmt!r}: only 'ftm' is supported")
    if out_path is None:
        count = lists.export_ftm(state.store, sys.stdout, dataset or [])
    else:
        with open(out_path, "w", encoding="utf-8") as fh:
            count = lists.export_ftm(state.store, fh, dataset or [])
    if not state.quiet:
        err.print(f"exported {count:,} entities")


@app.command(name="update")
def update_(
    ctx: typer.Context,
    datasets: Annotated[
        list[str] | None, typer.Argument(help="Datasets to update [default: all configured].")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Download the current lists from their publishers and load them.

    Everything is downloaded and parsed before the store switches to the new
    versions; on any failure the store is left exactly as it was.
    """
    state: State = ctx.obj
    with _progress(state, "updating") as progress:
        results = lists.update(state.store, state.settings, datasets or None, progress)
    _print_results(results, as_json, [], state.quiet)


def _screener(state: State, actors: bool = True) -> Screener:
    """The screener on the current lists; `actors`: answering with resolved actors."""
    started = time.perf_counter()
    if not state.quiet:
        err.print("loading the screening index…", highlight=False)
    from hisab.resolve.service import actor_ids

    index = load_index(state.store, state.settings.index_cache_dir)
    screener = Screener(index)
    if actors:
        screener.use_actors(actor_ids(state.store))
        from hisab.trace.service import attach_ownership

        attach_ownership(state.store, screener)
    screener.prepare()
    # The screener and its tables are part of loading the index: `seconds_index` counts them.
    state.index_seconds = time.perf_counter() - started
    freeze_heap()
    return screener


def _sides(which: tuple[str, ...]) -> str:
    """ "the query's name and the listed name" for ("query", "listed"), as a result's readings say."""
    return " and ".join("the query's name" if s == "query" else "the listed name" for s in which)


@app.command()
def screen(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The name to screen, in any script (or give its parts as options).")
    ] = "",
    schema: Annotated[
        str | None,
        typer.Option(
            help="Person, Organization, Company, LegalEntity, Vessel or Aircraft (FollowTheMoney's Airplane)."
        ),
    ] = None,
    birth_date: Annotated[str | None, typer.Option(help="Birth date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    nationality: Annotated[
        str | None, typer.Option(help="Nationality or country (name or ISO code).")
    ] = None,
    identifier: Annotated[
        list[str] | None, typer.Option(help="An identifier: passport, national id, IMO, BIC (repeatable).")
    ] = None,
    gender: Annotated[str | None, typer.Option(help="A person's gender: male or female.")] = None,
    first_name: Annotated[
        str | None, typer.Option(help="A person's given name(s), as the record's field has it.")
    ] = None,
    middle_name: Annotated[
        str | None, typer.Option(help="A person's middle name(s): one the listed name lacks counts little.")
    ] = None,
    last_name: Annotated[str | None, typer.Option(help="A person's family name.")] = None,
    dataset: Annotated[list[str] | None, typer.Option(help="Only these datasets (repeatable).")] = None,
    top: Annotated[int, typer.Option(help="How many results at most.")] = 5,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how the parts paired, and each feature's contribution.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Screen one name against the loaded lists: scored, decided and explained."""
    state: State = ctx.obj
    query = make_query(
        name,
        schema,
        birth_date,
        nationality,
        tuple(identifier or ()),
        gender,
        first_name=first_name,
        middle_name=middle_name,
        last_name=last_name,
    )
    check_name(query)
    screener = _screener(state)
    matches = screener.screen(query, top, set(dataset) if dataset else None)
    if as_json:
        out.print_json(json.dumps({"query": asdict(query), "matches": [match_dict(m) for m in matches]}))
        return
    threshold = screener.algorithm.threshold
    shown = f"{len(matches)} candidate{'' if len(matches) == 1 else 's'} shown"
    out.print(f"[bold]{query.name}[/bold]  (threshold {threshold}; {shown})")
    for m in matches:
        flag = "[red]MATCH[/red]" if m.match else "[dim]no match[/dim]"
        programs = ", ".join(sorted({p["program"] for p in m.subject.programs if p["program"]}))
        out.print(
            f"  {m.score:.3f} {flag}  {m.subject.caption}  [dim]{m.subject.schema} · "
            f"{m.subject.dataset} {m.subject.record_id}{' · ' + programs if programs else ''}[/dim]",
            highlight=False,
        )
        if m.ownership is not None:
            verdict = (
                "BLOCKED BY OWNERSHIP"
                if m.ownership["blocked"]
                else "at risk (owned in part by blocked persons)"
            )
            out.print(
                f"        [yellow]on no list; {verdict} under {m.ownership['rule'].upper()}'s rule: "
                f"blocked owners hold {m.ownership['aggregate_share'] * 100:g}%[/yellow]",
                highlight=False,
            )
            for o in m.ownership["owners"]:
                share = "control" if o["share"] is None else f"{o['share'] * 100:g}%"
                out.print(f"          {share}: " + " → ".join(o["path"]), highlight=False)
        if m.read_as_russian:
            out.print(
                f"        [dim]{_sides(m.read_as_russian)} compared as read as Russian (Belarusian or "
                "Ukrainian form)[/dim]",
                highlight=False,
            )
        if m.read_as_persian:
            out.print(
                "        [dim]the query's name compared as read as a Persian or Arabic name written "
                "in Russian (х as h, г as gh)[/dim]",
                highlight=False,
            )
        if m.spelled_with_digraphs:
            out.print(
                f"        [dim]{_sides(m.spelled_with_digraphs)} compared as spelled with sh, ch, zh for "
                "š, č, ž[/dim]",
                highlight=False,
            )
        if m.respelled_from:
            out.print(
                f"        [dim]the query's name compared as respelled from {m.respelled_from.title()} "
                "romanisation the English way[/dim]",
                highlight=False,
            )
        if m.left_out:
            out.print(
                f"        [dim]left out by one name, counted little: {', '.join(m.left_out)} "
                "(a patronymic; a middle name where the list or the query names the parts; an "
                'organisation\'s generic words, legal form, or qualifier such as "de Baja California")'
                "[/dim]",
                highlight=False,
            )
        if len(m.records) > 1:
            also = ", ".join(f"{s.dataset} {s.record_id}" for s in m.records[1:])
            out.print(f"        [dim]one actor ({m.actor_id}), also listed as: {also}[/dim]", highlight=False)
        if explain:
            out.print(f"        [dim]parts: {parts_text(m.parts, ' · ')}[/dim]", highlight=False)
            for c in m.explanation:
                out.print(
                    f"        {c.contribution:+.2f}  {c.feature} = {c.value:.2f}: {c.description}",
                    highlight=False,
                )


@app.command(name="screen-file")
def screen_file_(
    ctx: typer.Context,
    queries: Annotated[
        Path,
        typer.Argument(
            help="Queries: CSV (header id,name,schema,birth_date,nationality), JSON lines or Parquet."
        ),
    ],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the results (.jsonl or .csv).")],
    top: Annotated[int, typer.Option(help="Matches kept per query.")] = 10,
    min_score: Annotated[float, typer.Option(help="Drop matches scoring below this.")] = 0.1,
    threshold: Annotated[
        float | None, typer.Option(help="Decision threshold [default: the algorithm's].")
    ] = None,
    dataset: Annotated[list[str] | None, typer.Option(help="Only these datasets (repeatable).")] = None,
    input_format: Annotated[
        str | None,
        typer.Option("--format", help="Input format: csv, jsonl or parquet [default: from the suffix]."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--out-format", help="jsonl (full results) or csv (flat) [default: from the suffix, else jsonl]."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes; 0 = every core [default: 1].")] = 1,
) -> None:
    """Screen a file of queries; one result per query, in input order, streamed."""
    state: State = ctx.obj
    if not queries.is_file():
        raise HisabError(f"{queries}: no such file")
    fmt_in = batch.input_format(queries, input_format)
    fmt_out = batch.output_format(out_path, output_format)
    count = batch.default_workers() if workers <= 0 else workers
    if count > 1:
        # The workers load the index; this process only makes sure its cache is there.
        started = time.perf_counter()
        ensure_index_cache(state.store, state.settings.index_cache_dir)
        state.index_seconds = time.perf_counter() - started
        screener = None
    else:
        screener = _screener(state)
    newline = "" if fmt_out == "csv" else None
    with (
        open(out_path, "w", encoding="utf-8", newline=newline) as fh,
        _count_progress(state, "screening") as progress,
    ):
        stats = batch.screen_file(
            screener,
            queries,
            fh,
            top,
            min_score,
            threshold,
            set(dataset) if dataset else None,
            fmt_out == "jsonl",
            progress,
            input_fmt=fmt_in,
            output_fmt=fmt_out,
            workers=count,
            worker_store=(state.settings.db_url, str(state.settings.index_cache_dir)),
            settle=True,
        )
    summary = {
        "queries": stats.queries,
        "alerts": stats.alerts,
        "errors": stats.errors,
        "seconds_screening": round(stats.seconds, 3),
        "seconds_index": round(state.index_seconds, 3),
        "threshold": stats.threshold,
        "workers": count,
        "p50_ms": stats.percentile_ms(0.5),
        "p99_ms": stats.percentile_ms(0.99),
    }
    print(json.dumps(summary), file=sys.stderr)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the index).")] = 1,
) -> None:
    """Run the HTTP screening API (yente-compatible; docs/api.md) on the loaded lists."""
    import os

    import uvicorn

    state: State = ctx.obj
    # The workers build their settings from the environment: pass the store on that way.
    os.environ["HISAB_DB"] = state.settings.db
    # Several workers share their rate limits (serve/limits.py).
    os.environ["HISAB_API_WORKERS"] = str(workers)
    if not state.quiet:
        err.print(
            f"hisab serve: http://{host}:{port}/ (OpenAPI at /docs), store {state.settings.db}",
            highlight=False,
        )
    uvicorn.run(
        "hisab.serve.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info"
    )


keys_app = typer.Typer(help="API keys for `hisab serve`: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Who or what uses the key.")],
    admin: Annotated[bool, typer.Option("--admin", help="Also for the admin endpoints.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Create an API key. The key is printed once; only its hash is kept."""
    from hisab.serve.keys import create_key, key_json

    state: State = ctx.obj
    record, key = create_key(state.store, name, "admin" if admin else "read")
    if as_json:
        print(json.dumps({**key_json(record), "key": key}))
        return
    out.print(f"key {record.id} ({record.scope}) for {record.name}:", highlight=False)
    print(key)
    if not state.quiet:
        err.print("Keep it now: hisab stores only its hash and cannot show it again.", highlight=False)


@keys_app.command("list")
def keys_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False
) -> None:
    """List the API keys (ids, names, scopes, dates; never the keys)."""
    from hisab.serve.keys import key_json, list_keys

    state: State = ctx.obj
    found = list_keys(state.store)
    if as_json:
        rows = [key_json(k) for k in found]
        print(json.dumps(rows))
        return
    table = Table("id", "name", "scope", "created", "revoked")
    for k in found:
        revoked = k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else ""
        table.add_row(k.id, k.name, k.scope, k.created_at.strftime("%Y-%m-%d %H:%M"), revoked)
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(ctx: typer.Context, key_id: Annotated[str, typer.Argument(help="The key's id.")]) -> None:
    """Revoke an API key: the server refuses it from the next request on."""
    from hisab.serve.keys import revoke_key

    state: State = ctx.obj
    record = revoke_key(state.store, key_id)
    out.print(f"key {record.id} ({record.name}) revoked", highlight=False)


# ---------------------------------------------------------------- resolve and account


@app.command()
def resolve(
    ctx: typer.Context,
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="Only these datasets (repeatable); such a run is shown, not saved."),
    ] = None,
    no_references: Annotated[
        bool, typer.Option("--no-references", help="Do not link on cited UN reference numbers (evaluation).")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the outcome; do not save it.")] = False,
    workers: Annotated[int, typer.Option(help="Processes [default: one per core].")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Find the records of different lists that are the same actor, and save the actors and
    the review queue (`hisab review`). Reviewers' decisions are applied."""
    from hisab.resolve.service import resolve as run_resolve

    state: State = ctx.obj
    screener = _screener(state, actors=False)  # resolution compares records, not earlier actors
    with _count_progress(state, "resolving", "records") as progress:
        summary = run_resolve(
            state.store,
            screener,
            dataset or None,
            not no_references,
            save=not dry_run,
            progress=progress,
            workers=workers or os.cpu_count() or 1,
        )
    if as_json:
        print(json.dumps(summary.as_dict()))
        return
    table = Table("records", "actors", "on several lists", "links", "to review", "kept apart", "saved")
    links = ", ".join(f"{n} by {kind}" for kind, n in sorted(summary.links.items())) or "0"
    table.add_row(
        f"{summary.records:,}",
        f"{summary.actors:,}",
        f"{summary.multi_list:,}",
        links,
        f"{summary.review:,}",
        f"{summary.apart:,}",
        "yes" if summary.saved else "no",
    )
    out.print(table)
    if summary.review and summary.saved and not state.quiet:
        err.print(f"{summary.review:,} uncertain pairs: `hisab review` to decide them.", highlight=False)


def _record_panel(subject: Any, key: tuple[str, str]) -> Table:
    """One record of a review pair (`subject`: its listed subject, or None if it left the list)."""
    table = Table(show_header=False, box=None)
    if subject is None:
        table.add_row("record", f"{key[0]}:{key[1]} (no longer on the current list)")
        return table
    table.add_row("record", f"{subject.dataset}:{subject.record_id} ({subject.schema})")
    table.add_row("name", subject.caption)
    others = [" ".join(t.text for t in tokens) for tokens, _ in subject.names[1:8]]
    if others:
        table.add_row("also", "; ".join(others))
    if subject.birth_dates:
        table.add_row("born", ", ".join(sorted(subject.birth_dates)))
    if subject.countries:
        table.add_row("countries", ", ".join(sorted(subject.countries)))
    if subject.identifiers:
        table.add_row("identifiers", ", ".join(sorted(subject.identifiers)[:6]))
    programs = sorted({p["program"] for p in subject.programs if p["program"]})
    if programs:
        table.add_row("programs", ", ".join(programs))
    return table


@app.command()
def review(
    ctx: typer.Context,
    reviewer: Annotated[
        str | None, typer.Option(help="Who decides [env HISAB_REVIEWER, else the login name].")
    ] = None,
    limit: Annotated[int, typer.Option(help="Stop after this many pairs.")] = 50,
) -> None:
    """Review the uncertain pairs of the last `hisab resolve`, one at a time: the two records
    side by side with the evidence. Keys: s same, d different, u unsure, k skip, q quit."""
    from rich.columns import Columns

    from hisab.resolve.engine import key_text
    from hisab.resolve.service import decide, review_queue

    state: State = ctx.obj
    queue = review_queue(state.store)
    if not queue:
        out.print("Nothing to review: run `hisab resolve` first, or every pair is decided.")
        return
    screener = _screener(state, actors=False)
    by_key = {(s.dataset, s.record_id): s for s in screener.index.subjects}
    verdicts = {"s": "same", "d": "different", "u": "unsure"}
    decided = 0
    for n, pair in enumerate(queue[:limit], 1):
        out.rule(
            f"pair {n} of {min(limit, len(queue))} ({len(queue):,} in the queue) · score {pair.score:.2f}"
        )
        out.print(
            Columns(
                [
                    _record_panel(by_key.get(pair.left), pair.left),
                    _record_panel(by_key.get(pair.right), pair.right),
                ],
                expand=True,
            )
        )
        out.print("evidence: " + "; ".join(pair.evidence), highlight=False)
        if pair.verdict:
            out.print(f"[dim]earlier verdict: {pair.verdict}[/dim]")
        answer = typer.prompt("same / different / unsure / skip / quit [s/d/u/k/q]", default="k")
        choice = answer.strip().lower()[:1]
        if choice == "q":
            break
        if choice in verdicts:
            decision = decide(
                state.store, key_text(pair.left), key_text(pair.right), verdicts[choice], reviewer
            )
            decided += 1
            out.print(f"recorded decision {decision}: {verdicts[choice]}", highlight=False)
    out.print(f"{decided} decisions recorded; `hisab resolve` applies them.", highlight=False)


@app.command(name="decide")
def decide_(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(help="A record: dataset:record_id (e.g. un_sc:IRi.026).")],
    right: Annotated[str, typer.Argument(help="Another record, of another dataset.")],
    verdict: Annotated[str, typer.Argument(help="same, different or unsure.")],
    note: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
    reviewer: Annotated[str | None, typer.Option(help="Who decides [env HISAB_REVIEWER].")] = None,
) -> None:
    """Record a decision on two records without the interactive review (for scripts)."""
    from hisab.resolve.service import decide

    state: State = ctx.obj
    decision = decide(state.store, left, right, verdict, reviewer, note)
    out.print(f"recorded decision {decision}: {left} {verdict} {right}", highlight=False)


@app.command(name="decisions")
def decisions_(
    ctx: typer.Context,
    retract: Annotated[int | None, typer.Option(help="Retract (undo) the decision with this id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the reviewers' decisions (retracted ones too), or retract one."""
    from hisab.resolve.service import decisions
    from hisab.resolve.service import retract as retract_decision

    state: State = ctx.obj
    if retract is not None:
        retract_decision(state.store, retract)
        out.print(f"decision {retract} retracted; `hisab resolve` applies it.", highlight=False)
        return
    found = decisions(state.store)
    if as_json:
        print(json.dumps(found))
        return
    table = Table("id", "left", "right", "verdict", "by", "when", "retracted", "note")
    for d in found:
        table.add_row(
            str(d["id"]),
            d["left"],
            d["right"],
            d["verdict"],
            d["decided_by"],
            d["decided_at"][:16],
            (d["retracted_at"] or "")[:16],
            d["note"] or "",
        )
    out.print(table)


@app.command()
def account(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(help="Actors of this country (ISO code or name).")] = None,
    program: Annotated[str | None, typer.Option(help="Actors listed under this program (e.g. IRGC).")] = None,
    query: Annotated[str | None, typer.Option(help="Actors whose name matches this (screening).")] = None,
    schema: Annotated[str | None, typer.Option(help="Person, Organization, Vessel, …")] = None,
    gaps: Annotated[
        bool, typer.Option("--gaps", help="Only actors missing at an authority with a comparable program.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or html.")] = "table",
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    limit: Annotated[int, typer.Option(help="Rows shown in the terminal table.")] = 50,
) -> None:
    """The designation matrix: actors as rows, authorities as columns, each cell the
    program(s) and listing date with the source record; `--gaps` for the gaps."""
    from hisab.account import render
    from hisab.account.service import designation_matrix

    state: State = ctx.obj
    if fmt not in ("table", "csv", "json", "html"):
        raise HisabError(f"--format must be table, csv, json or html (got {fmt!r})")
    screener = _screener(state)
    matrix = designation_matrix(
        state.store, screener, country=country, program=program, schema=schema, query=query, gaps_only=gaps
    )
    if fmt != "table":
        text = {"csv": render.to_csv, "json": render.to_json, "html": render.to_html}[fmt](matrix)
        _emit(state, text, output, f"{len(matrix.rows):,} actors written to {output}")
        return
    table = Table("actor", *matrix.authorities, "gaps", title=f"{len(matrix.rows):,} actors")
    for row in matrix.rows[:limit]:
        table.add_row(
            f"{row.name}\n[dim]{row.schema} · {row.actor_id}[/dim]",
            *(
                render.cell_text(row.authorities[a])
                if a in row.authorities
                else ("[red]gap[/red]" if a in row.gaps else "")
                for a in matrix.authorities
            ),
            " ".join(row.gaps),
        )
    out.print(table)
    if not matrix.resolved and not state.quiet:
        err.print("Rows are single records: run `hisab resolve` to group them by actor.", highlight=False)
    if len(matrix.rows) > limit and not state.quiet:
        err.print(f"{len(matrix.rows) - limit:,} more rows: --limit, or --format csv/json/html.")


# ---------------------------------------------------------------- trace and exposure


@app.command()
def trace(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(help="A listed entity's id, or a name to screen.")],
    depth: Annotated[int, typer.Option(help="How many links away.")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="text, json, graphml, ftm or html.")] = "text",
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """The network around a listed actor: ownership, control, family, associates and the
    lists' "Linked To" links, each edge with its source. `--format html` draws it."""
    from hisab.trace.graph import to_ftm, to_graphml
    from hisab.trace.render import network_html
    from hisab.trace.service import FORMATS, Tracer

    state: State = ctx.obj
    if fmt not in FORMATS:
        raise HisabError(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if depth < 1:
        raise HisabError(f"--depth must be 1 or more (got {depth})")
    tracer = Tracer.load(state.store, _screener(state, actors=False))
    graph = tracer.graph
    start = tracer.find(name_or_id)
    nodes, edges = graph.around(start, depth)
    if fmt == "text":
        out.print(
            f"[bold]{graph.name(start)}[/bold] ({start}): {len(edges)} links, {len(nodes) - 1} others",
            highlight=False,
        )
        for e in edges:
            share = f" {e.share * 100:g}%" if e.share is not None else ""
            out.print(
                f"  {graph.name(e.source)} —[{e.role}{share}]→ {graph.name(e.target)}  "
                f"[dim]{e.schema} · {e.origin[0]}:{e.origin[1]}[/dim]",
                highlight=False,
            )
        for node in nodes:
            note = tracer.ownership_note(node)
            if note:
                out.print(
                    f"  [yellow]{graph.name(node)}: blocked by ownership[/yellow] ({note})", highlight=False
                )
        return
    if fmt == "graphml":
        text = to_graphml(graph, nodes, edges)
    elif fmt == "ftm":
        text = "".join(
            json.dumps(entity, ensure_ascii=False) + "\n" for entity in to_ftm(graph, nodes, edges)
        )
    elif fmt == "html":
        title = f"{graph.name(start)}: its network ({depth} link{'s' * (depth > 1)})"
        text = network_html(tracer.network_json(start, nodes, edges), title)
    else:
        text = json.dumps(tracer.network_json(start, nodes, edges), ensure_ascii=False) + "\n"
    _emit(state, text, out_path)


@app.command()
def exposure(
    ctx: typer.Context,
    company: Annotated[str, typer.Argument(help="An entity id, a listed name, or a name in --ownership.")],
    rule: Annotated[
        str, typer.Option(help="ofac (50% or more, aggregated) or eu (more than 50%, or control).")
    ] = "ofac",
    ownership: Annotated[
        Path | None,
        typer.Option(help="Your ownership data: CSV owner,owned,share,role,start_date,end_date,source."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Whether a company is blocked by ownership (OFAC's 50% rule over the SDN list, or the
    EU's rule over the EU lists), with the arithmetic: the blocked owners, their shares and
    paths, the aggregate share, warnings."""
    from hisab.trace.exposure import RULES
    from hisab.trace.service import Tracer

    state: State = ctx.obj
    if rule not in RULES:
        raise HisabError(f"--rule must be one of {', '.join(RULES)} (got {rule!r})")
    tracer = Tracer.load(state.store, _screener(state, actors=False))
    if ownership is not None:
        tracer.add_ownership(ownership, rule)
    node = tracer.find(company)
    data = tracer.exposure_json(node, rule)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    verdict = (
        "[red]BLOCKED[/red]"
        if data["blocked"]
        else ("[yellow]risk[/yellow]" if data["risk"] else "not blocked")
    )
    listed = " (listed, blocked as such)" if data["listed"] else ""
    out.print(
        f"[bold]{data['name']}[/bold]{listed}: {verdict} under the {rule.upper()} rule; "
        f"blocked owners hold {data['aggregate_share'] * 100:g}%",
        highlight=False,
    )
    for o in data["owners"]:
        share = (
            "control"
            if o["control"] and o["share"] is None
            else ("unknown share" if o["share"] is None else f"{o['share'] * 100:g}%")
        )
        out.print(f"  {share}: " + " → ".join(o["path"]), highlight=False)
    for w in data["warnings"]:
        out.print(f"  [yellow]warning:[/yellow] {w}", highlight=False)
    for n in data["resolved_names"]:
        out.print(f"  [dim]{n}[/dim]", highlight=False)


# ---------------------------------------------------------------- read


@app.command()
def read(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Files (text, HTML, PDF) or http(s) URLs.")],
    fmt: Annotated[str, typer.Option("--format", help="text, json, html or csv.")] = "text",
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """The persons and organisations articles name, each linked to its designations: listed
    (with the authorities that list it), possible (needs review) or listed nowhere."""
    from hisab.read.extract import load
    from hisab.read.service import read_reports

    state: State = ctx.obj
    if fmt not in ("text", "json", "html", "csv"):
        raise HisabError(f"--format must be text, json, html or csv (got {fmt!r})")
    # Every document is read before anything is reported: one that fails, fails the run.
    documents = [load(source) for source in sources]
    screener = _screener(state)
    reports, data = read_reports(documents, state.store, screener)
    if fmt == "text" and out_path is None:
        _print_read(data)
        return
    from hisab.read import render

    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        text = render.to_csv(data)
    elif fmt == "html":
        text = render.to_html(data, reports)
    else:
        raise HisabError("--format text prints to the terminal; use json, html or csv with --out")
    _emit(state, text, out_path)


def _print_read(data: dict[str, Any]) -> None:
    from hisab.read.render import STATUS_TEXT

    colours = {"listed": "red", "possible": "yellow", "unlisted": "dim"}
    for article in data["articles"]:
        table = Table(title=article["title"] or article["path"], title_justify="left", show_lines=False)
        table.add_column("actor")
        table.add_column("mentions", justify="right")
        table.add_column("status")
        table.add_column("listed as / designations")
        for a in article["actors"]:
            designations = "; ".join(
                f"{authority}: " + ", ".join(sorted({x["program"] for x in found if x["program"]}))
                for authority, found in sorted(a["authorities"].items())
            )
            listed_as = f"{a['listed_as']} ({a['score']:.2f})" if a["listed_as"] else ""
            table.add_row(
                f"{a['name']}\n[dim]{a['schema']}{' · page furniture' if a['in_boilerplate'] else ''}[/dim]",
                str(len(a["mentions"])),
                f"[{colours[a['status']]}]{STATUS_TEXT[a['status']]}[/{colours[a['status']]}]",
                "\n".join(x for x in (listed_as, designations) if x),
            )
        out.print(table)


@app.command()
def version(as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False) -> None:
    """hisab's version, and whether its matching engine runs compiled (setup.py) or as Python."""
    from hisab import __version__
    from hisab.build import check, module_source

    modules = sorted(check())
    # The modules written in C (setup.py's WRITTEN_IN_C): their source is a .c file.
    in_c = [m for m in modules if module_source(m).suffix == ".c"]
    if as_json:
        engine = "compiled" if modules else "python"
        print(
            json.dumps({"version": __version__, "engine": engine, "compiled": modules, "written_in_c": in_c})
        )
    elif modules:
        print(
            f"hisab {__version__}, matching engine compiled: {len(modules) - len(in_c)} modules with mypyc"
            f", {len(in_c)} written in C"
        )
    else:
        print(f"hisab {__version__}, matching engine running as Python")


def _emit(state: State, text: str, out_path: Path | None, done: str | None = None) -> None:
    """A report to standard output, or to `out_path` (its folder made), saying so."""
    if out_path is None:
        sys.stdout.write(text)
        return
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HisabError(f"{out_path}: cannot write: {exc}") from exc
    if not state.quiet:
        err.print(done or f"wrote {out_path}", highlight=False)


@contextmanager
def _count_progress(state: State, label: str, unit: str = "queries") -> Iterator[Any]:
    if state.quiet:
        yield None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(label)
        yield lambda count: bar.update(task, description=f"{label}: {count:,} {unit}")


def main() -> None:
    """Entry point: run the CLI and turn hisab's errors into messages and exit codes."""
    try:
        app()
    except HisabError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(exc.exit_code)
