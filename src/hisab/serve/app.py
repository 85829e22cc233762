"""The HTTP API: `create_app()` builds the FastAPI application `hisab serve` runs.

It speaks yente's API (the OpenSanctions matching API: /match, /search,
/entities, /catalog, /algorithms, /healthz, /readyz), so that clients written
for yente, such as the `yente-client` package, work against hisab unchanged and
get hisab's matching. The store and the screening index are loaded once, when
the application starts. Settings come from `HISAB_*` variables (docs/settings.md).

Keys and limits: write endpoints (and, with HISAB_API_REQUIRE_KEY,
every endpoint but the health probes) need `Authorization: ApiKey <key>`; each
key (or client address) has a rate limit; request bodies and batches have size
limits. Every error is a JSON `{"detail": ...}` with a 4xx status that says what
to change; an unexpected failure is a 500 with a request id, never a stack trace.
"""

import asyncio
import gc
import logging
import math
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

import orjson
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hisab import __version__
from hisab.errors import HisabError, QueryError
from hisab.match.index import Index, freeze_heap, load_index
from hisab.resolve.service import actor_ids
from hisab.screen import batch
from hisab.screen.service import Screener, check_name, make_query
from hisab.serve import service, upload
from hisab.serve.jobs import Job, Jobs
from hisab.serve.keys import ApiKey, create_key, key_json, list_keys, revoke_key, verify_key
from hisab.serve.limits import Limiter, PostgresRateLimiter, RateLimiter, SharedRateLimiter
from hisab.settings import Settings
from hisab.store import Store
from hisab.trace.render import network_html
from hisab.trace.service import Tracer, attach_ownership

log = logging.getLogger("hisab.serve")
#: The schemata a query entity may have (the OpenAPI spec lists them).
MatchableSchema = tuple(service.MATCHABLE)


class ApiError(Exception):
    """An error answered with `status` and `{"detail": message}` (and optional headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# ---------------------------------------------------------------- request and response models


class QueryEntity(BaseModel):
    """A query entity: a FollowTheMoney schema and its properties, each a list of strings."""

    model_config = ConfigDict(extra="ignore")

    schema_: Literal[MatchableSchema] = Field(alias="schema", examples=["Person"])  # type: ignore[valid-type]
    properties: dict[str, list[str]] = Field(
        default_factory=dict,
        examples=[{"name": ["Mohammad Bagher Ghalibaf"], "birthDate": ["1961"], "nationality": ["ir"]}],
    )


class MatchRequest(BaseModel):
    """A batch of query entities, keyed by the caller's ids. `weights` and `config` are
    accepted for compatibility with yente and ignored: hisab's weights are calibrated."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "queries": {
                        "q1": {"schema": "Person", "properties": {"name": ["Mohammad Bagher Ghalibaf"]}},
                        "q2": {
                            "schema": "Person",
                            "properties": {"name": ["قاسم سلیمانی"], "birthDate": ["1957-03-11"]},
                        },
                    }
                }
            ]
        },
    )

    queries: dict[str, QueryEntity] = Field(min_length=1)
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


class Total(BaseModel):
    value: int
    relation: str = "eq"


class EntityResponse(BaseModel):
    """A listed entity (yente's shape), with hisab's provenance: `sources` and `programs`."""

    model_config = ConfigDict(extra="allow")

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    sources: list[dict[str, str]] = Field(default_factory=list)
    programs: list[dict[str, str]] = Field(default_factory=list)
    #: In /match results once the lists are resolved (`hisab resolve`): the actor this record
    #: belongs to; `sources`, `datasets` and `referents` then cover all the actor's records.
    actor_id: str | None = None


class FeatureExplanation(BaseModel):
    score: float
    weight: float | None = None
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None


class PartPair(BaseModel):
    """One part of the query's name and the listed part it was paired with (either None
    when paired with nothing), and how alike they are, from 0 to 1."""

    query: str | None
    listed: str | None
    similarity: float


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    matched_name: str
    #: "query" and/or "listed": the names compared as read as their Russian forms (a name
    #: written the Belarusian or Ukrainian way; names/slavic.py).
    read_as_russian: list[str] = []
    #: Whether the query's name, in Cyrillic script, was compared as read as a Persian or
    #: Arabic name written the Russian way (х as h, г as gh: "Ахмад Вахиди" as Ahmad Vahidi).
    read_as_persian: bool = False
    #: "query" and/or "listed": the names compared as spelled with sh, ch, zh for their š, č, ž
    #: ("MEDVEDČUK" as Medvedchuk; names/tokens.py, digraph_spelling).
    spelled_with_digraphs: list[str] = []
    #: An orthography of names/respell.py's ORTHOGRAPHIES ("german", "polish", …): the query's
    #: name was compared respelled the English way from it ("Juri Kowaltschuk" as Yuri
    #: Kovalchuk); null: as written.
    respelled_from: str | None = None
    #: The parts one name gives and the other leaves out that count little: a patronymic, a
    #: middle name where the list names the name's parts ("Ali Khamenei" leaves out Husseini),
    #: an organisation's generic words and legal forms ("Ghaed Bassir" leaves out "Petrochemical
    #: Products Company") and its qualifier ("Distribuidora Imperial" leaves out "de Baja
    #: California").
    left_out: list[str] = []
    #: How the two names' parts were paired, in the query's order, then the parts paired with
    #: none: what the features were computed from.
    parts: list[PartPair] = []
    features: dict[str, float]
    explanations: dict[str, FeatureExplanation]


class QueryResponse(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: Total
    query: dict[str, Any]


class MatchResponse(BaseModel):
    responses: dict[str, QueryResponse]
    matcher: dict[str, Any]
    limit: int


class FacetValue(BaseModel):
    name: str
    label: str
    count: int


class Facet(BaseModel):
    label: str
    values: list[FacetValue] = Field(default_factory=list)


class SearchResponse(BaseModel):
    results: list[EntityResponse]
    #: counts over every result that passed the filters (not just the page), as yente's
    facets: dict[str, Facet] = Field(default_factory=dict)
    total: Total
    limit: int
    offset: int


class StatusResponse(BaseModel):
    status: str


class ReadyResponse(StatusResponse):
    datasets: dict[str, int] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    detail: Any


class AlgorithmResponse(BaseModel):
    name: str
    description: str
    threshold: float
    docs: dict[str, dict[str, Any]]


class AlgorithmsResponse(BaseModel):
    algorithms: list[AlgorithmResponse]
    default: str
    best: str


class CatalogResponse(BaseModel):
    datasets: list[dict[str, Any]]
    current: list[str]
    outdated: list[str]
    index_stale: bool


class ExposureOwner(BaseModel):
    id: str
    name: str
    sources: list[dict[str, str]]
    share: float | None
    control: bool
    path: list[str]
    path_ids: list[str]
    holding_source: list[str] | None = None


class ExposureResponse(BaseModel):
    """Whether an entity is blocked by ownership under a rule, with the arithmetic."""

    entity: str
    name: str
    rule: Literal["ofac", "eu"]
    listed: bool
    blocked: bool
    #: held in part by blocked persons, below the rule's threshold
    risk: bool
    aggregate_share: float
    owners: list[ExposureOwner]
    warnings: list[str]
    sources: list[dict[str, str]]
    resolved_names: list[str] = Field(default_factory=list)


class NetworkNode(BaseModel):
    id: str
    name: str
    schema_: str | None = Field(alias="schema")
    listed: bool
    dataset: str | None
    record_id: str | None
    sources: list[dict[str, str]]
    blocked_by_ownership: str | None


class NetworkEdge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    schema_: str = Field(alias="schema")
    role: str
    share: float | None
    source: dict[str, str]
    end_date: str | None = None


class NetworkResponse(BaseModel):
    """The network around an entity: nodes and edges, each edge with its source."""

    start: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class KeyInfo(BaseModel):
    """An API key's record (never the key itself)."""

    id: str
    name: str
    scope: Literal["read", "admin"]
    created_at: str
    revoked_at: str | None


class NewKey(KeyInfo):
    """A new key: the record, and the key, shown this once (only its hash is kept)."""

    key: str


class KeyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "payments team"}]})

    name: str = Field(min_length=1, max_length=200, pattern=r"\S", description="Who or what uses the key")
    scope: Literal["read", "admin"] = "read"


class AdminJob(Job):
    """A job as the admin endpoint lists it: with the id of the key that submitted it."""

    key_id: str


class ReloadResponse(BaseModel):
    """What a reload did: whether the store had changed, and the dataset versions before and
    after (the same when nothing changed)."""

    reloaded: bool
    previous: dict[str, int]
    datasets: dict[str, int]
    subjects: int


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A body that cannot be read as JSON"},
    401: {"model": ErrorResponse, "description": "Missing, unknown or revoked API key"},
    413: {"model": ErrorResponse, "description": "Request body over the size limit"},
    422: {"model": ErrorResponse, "description": "Invalid request (the detail names the field)"},
    429: {"model": ErrorResponse, "description": "Rate limit reached (see Retry-After)"},
}
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"model": ErrorResponse, "description": "The key is not an admin key"},
}


# ---------------------------------------------------------------- state, keys, limits


@dataclass
class State:
    settings: Settings
    store: Store
    index: Index
    screener: Screener
    catalog: service.Catalog
    entities: service.Entities
    jobs: Jobs
    #: the store's state when this was loaded (service.store_stamp)
    stamp: tuple[Any, ...] = ()
    _tracer: Tracer | None = None

    @property
    def tracer(self) -> Tracer:
        """The relationship graph, built on the first /trace or /exposure request."""
        with _TRACER_LOCK:
            if self._tracer is None:
                self._tracer = Tracer.load(self.store, self.screener)
            return self._tracer


_TRACER_LOCK = threading.Lock()


def _load(
    settings: Settings, store: Store, index: Index | None, jobs: Jobs, stamp: tuple[Any, ...] | None = None
) -> State:
    """The server's state: the index of the store's current list versions (`index`, when
    given, instead), its screener, catalog and entities. Slow (seconds): run at start, and by
    a reload in a thread beside the requests, which go on using the state they hold. `stamp`:
    the store's stamp, when the caller has just read it (taken before the index is loaded)."""
    stamp = service.store_stamp(store) if stamp is None else stamp
    loaded = index if index is not None else load_index(store, settings.index_cache_dir)
    screener = Screener(loaded)
    # Results are resolved actors when the lists have been resolved (`hisab resolve`).
    screener.use_actors(actor_ids(store))
    attach_ownership(store, screener)
    # The tables the first requests would make (0.2 to 0.4 s), made before a request waits on them.
    screener.prepare()
    catalog = service.Catalog.of(store, loaded)
    entities = service.Entities.load(store, catalog, loaded)
    jobs.screener = screener
    return State(settings, store, loaded, screener, catalog, entities, jobs, stamp)


async def reload(app: FastAPI, force: bool = False) -> tuple[State, State]:
    """Load the state again if the store changed since it was loaded (a list updated or
    loaded, a `hisab resolve` run), or if `force`. Returns the state before and after (the
    same object when nothing changed). Requests keep the state they started with; the next
    ones get the new state. One reload at a time."""
    async with app.state.reload_lock:
        old: State = app.state.hisab
        stamp = await asyncio.to_thread(service.store_stamp, old.store)
        if stamp == old.stamp and not force:
            return old, old
        new = await asyncio.to_thread(_load, old.settings, old.store, None, old.jobs, stamp)
        app.state.hisab = new
        # The old state's objects were frozen too: they are freed as its last requests end.
        freeze_heap(collect=False)
        log.info("hisab serve: reloaded, index of %d subjects", len(new.index.subjects))
        return old, new


async def _watch(app: FastAPI, seconds: float) -> None:
    """Each worker process checks the store every `seconds` and reloads when it changed, so
    that every worker screens against the same list versions soon after an update."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await reload(app)
        except Exception:
            log.exception("hisab serve: reloading failed; the loaded lists stay in use")


#: Paths whose bodies are streamed to disk by their endpoint, under their own size limit.
UNBUFFERED = frozenset({"/screen/file"})


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets 413, whether or not it
    declares its length. A body is read (up to the limit) before the request is
    handled, so that no handler ever sees part of one."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE")
            or scope.get("path") in UNBUFFERED
        ):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(send)
                return
        parts: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await self._refuse(send)
                return
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(parts), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)

    async def _refuse(self, send: Send) -> None:
        detail = f"request body over the limit of {self.limit:,} bytes (setting HISAB_API_MAX_BODY_BYTES)"
        response = JSONResponse({"detail": detail}, status_code=413, headers={"Connection": "close"})
        await response({"type": "http"}, _no_receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that gives `messages` first, then what the client sends next."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _state(request: Request) -> State:
    state: State = request.app.state.hisab
    return state


def _caller(request: Request, state: State, key_needed: bool) -> ApiKey | None:
    """Check the request's API key (required for write endpoints, `key_needed`, or everywhere
    when the settings say so) and its rate limit. Returns the key, if one was given."""
    header = request.headers.get("authorization", "")
    key: ApiKey | None = None
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() not in ("apikey", "bearer") or not value.strip():
            raise ApiError(401, "the Authorization header must read 'ApiKey <key>'")
        key, why = verify_key(state.store, value.strip())
        if key is None:
            raise ApiError(401, why, {"WWW-Authenticate": "ApiKey"})
    elif key_needed or state.settings.api_require_key:
        raise ApiError(
            401, "an API key is required: send 'Authorization: ApiKey <key>'", {"WWW-Authenticate": "ApiKey"}
        )
    limiter: Limiter = request.app.state.limiter
    caller = f"key:{key.id}" if key else f"addr:{request.client.host if request.client else '-'}"
    wait = limiter.take(caller)
    if wait:
        limit = state.settings.api_rate_limit
        raise ApiError(
            429,
            f"rate limit of {limit} requests per minute reached; retry in {math.ceil(wait)} s",
            {"Retry-After": str(math.ceil(wait))},
        )
    return key


async def reader(request: Request) -> ApiKey | None:
    """Dependency of the read endpoints: a key only if the settings require one. (The
    dependencies are `async` so that FastAPI calls them on the event loop rather than
    handing each to a thread: checking a key is one indexed lookup.)"""
    return _caller(request, _state(request), key_needed=False)


Reader = Annotated[ApiKey | None, Depends(reader)]


async def writer(request: Request) -> ApiKey:
    """Dependency of the write endpoints: a valid key, always."""
    key = _caller(request, _state(request), key_needed=True)
    assert key is not None
    return key


Writer = Annotated[ApiKey, Depends(writer)]


async def admin(request: Request) -> ApiKey:
    """Dependency of the admin endpoints: a valid key of the admin scope."""
    key = _caller(request, _state(request), key_needed=True)
    assert key is not None
    if key.scope != "admin":
        raise ApiError(403, f"key {key.id} has the {key.scope} scope: this endpoint needs an admin key")
    return key


Admin = Annotated[ApiKey, Depends(admin)]


# ---------------------------------------------------------------- the application


def create_app(settings: Settings | None = None, index: Index | None = None) -> FastAPI:
    """The API application. `index` may be given (tests); otherwise it is loaded at start."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(settings.db_url)
        app.state.reload_lock = asyncio.Lock()
        app.state.hisab = _load(settings, store, index, Jobs(settings.jobs_path))
        log.info("hisab serve: index of %d subjects loaded", len(app.state.hisab.index.subjects))
        freeze_heap(collect=True)
        watcher = None
        if settings.api_reload_seconds > 0:
            watcher = asyncio.create_task(_watch(app, settings.api_reload_seconds))
        yield
        if watcher is not None:
            watcher.cancel()
        app.state.hisab.jobs.close()
        gc.unfreeze()

    app = FastAPI(
        title="hisab",
        version=__version__,
        summary="Sanctions screening with a yente-compatible API.",
        description=(
            "Screen people, organisations, vessels and aircraft against the loaded official "
            "sanctions lists. The endpoints follow yente's API (the OpenSanctions matching API), "
            "so yente clients work unchanged. See docs/api.md."
        ),
        lifespan=lifespan,
    )
    app.state.limiter = _limiter(settings)
    app.add_middleware(BodyLimit, limit=settings.api_max_body_bytes)
    _handlers(app)
    _routes(app, settings)
    _job_routes(app, settings)
    _admin_routes(app)
    return app


def _limiter(settings: Settings) -> Limiter:
    """The rate limiter: shared by every host's workers through PostgreSQL (`limits_url`), by
    one host's workers through a file, or one worker's in memory."""
    if settings.limits_url:
        return PostgresRateLimiter(settings.limits_url, settings.api_rate_limit)
    if settings.api_workers > 1:
        return SharedRateLimiter(settings.limits_path, settings.api_rate_limit)
    return RateLimiter(settings.api_rate_limit)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(HisabError)
    async def hisab_error(_: Request, exc: HisabError) -> JSONResponse:
        status = exc.http_status if 400 <= exc.http_status < 500 else 422
        if exc.http_status >= 500:
            return await _internal(exc)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            problem = str(error.get("msg", "invalid"))
            given = error.get("input")
            if isinstance(given, str | int | float) and len(str(given)) <= 80:
                problem += f" (got {given!r})"
            problems.append({"field": where, "problem": problem})
        summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
        return JSONResponse({"detail": f"invalid request: {summary}", "errors": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        headers = dict(exc.headers or {})
        if exc.status_code == 400:
            detail = "the request body is not JSON: send UTF-8 JSON (Content-Type: application/json)"
        if exc.status_code == 405:
            # Starlette names the methods of the first route on the path only; a path with
            # one route per method (GET and POST /admin/keys) allows them all.
            allowed = _allowed_methods(request)
            headers["Allow"] = ", ".join(allowed)
            detail = f"method {request.method} not allowed here (allowed: {', '.join(allowed)})"
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return await _internal(exc)


def _allowed_methods(request: Request) -> list[str]:
    """The methods of every route on the request's path."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, BaseRoute) and route.matches(request.scope)[0] != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def _internal(exc: BaseException) -> JSONResponse:
    request_id = secrets.token_hex(8)
    log.error("request %s failed", request_id, exc_info=exc)
    return JSONResponse(
        {"detail": f"internal error (request id {request_id}; see the server log)"}, status_code=500
    )


def _routes(app: FastAPI, settings: Settings) -> None:
    max_limit = settings.api_max_limit

    @app.get("/healthz", response_model=StatusResponse, tags=["System"])
    def healthz() -> dict[str, str]:
        """Liveness: the server is up."""
        return {"status": "ok"}

    @app.get(
        "/readyz", response_model=ReadyResponse, tags=["System"], responses={503: {"model": ErrorResponse}}
    )
    def readyz(request: Request) -> Any:
        """Readiness: the index is loaded; the version of each dataset it holds."""
        state: State | None = getattr(request.app.state, "hisab", None)
        if state is None:
            return JSONResponse({"detail": "the index is not loaded yet"}, status_code=503)
        return {"status": "ok", "datasets": _versions(state)}

    @app.get("/algorithms", response_model=AlgorithmsResponse, tags=["System"], responses=ERRORS)
    def algorithms(request: Request, _: Reader) -> dict[str, Any]:
        """The matching algorithm: its features, their weights and the default threshold."""
        algorithm = _state(request).screener.algorithm
        return {
            "algorithms": [service.algorithm_json(algorithm)],
            "default": algorithm.name,
            "best": algorithm.name,
        }

    @app.get("/catalog", response_model=CatalogResponse, tags=["Data"], responses=ERRORS)
    def catalog(request: Request, _: Reader) -> dict[str, Any]:
        """The loaded datasets with their versions, record counts and load times, and `default`."""
        return service.catalog_json(_state(request).catalog)

    @app.post(
        "/match/{dataset}",
        response_model=MatchResponse,
        response_model_by_alias=True,
        tags=["Matching"],
        responses={**ERRORS, 404: {"model": ErrorResponse, "description": "Unknown dataset"}},
    )
    async def match(
        request: Request,
        _: Reader,
        body: MatchRequest,
        dataset: Annotated[str, Path(description="A dataset's name, or `default` for all of them")],
        threshold: Annotated[
            float | None, Query(ge=0.0, le=1.0, description="Score for `match` (default: the algorithm's)")
        ] = None,
        cutoff: Annotated[
            float, Query(ge=0.0, le=1.0, description="Results scoring below this are left out")
        ] = 0.1,
        limit: Annotated[int, Query(ge=1, le=max_limit, description="Results per query")] = 5,
        algorithm: Annotated[str, Query(description="`best`, `default` or the algorithm's name")] = "best",
        include_dataset: Annotated[list[str], Query(description="Only these datasets")] = [],  # noqa: B006
        exclude_dataset: Annotated[list[str], Query(description="Not these datasets")] = [],  # noqa: B006
        exclude_entity_ids: Annotated[list[str], Query(description="Leave these entities out")] = [],  # noqa: B006
    ) -> Any:
        """Match a batch of query entities (yente's /match): for each, the best listed
        entities with their score, decision and explanation."""
        # Screening runs on the event loop, not in a thread: it is CPU-bound and holds the
        # GIL, so a thread adds a hand-off per request and no parallelism (more requests
        # per second come from more worker processes). Measured on loopback: about 200
        # single-query requests/s instead of about 120. The price: a health probe waits
        # for the request in hand (at most one batch of HISAB_API_MAX_BATCH queries).
        state = _state(request)
        chosen = state.screener.algorithm
        if algorithm not in ("best", "default", chosen.name):
            raise ApiError(
                422, f"unknown algorithm {algorithm!r}: this server has {chosen.name!r} (or say 'best')"
            )
        if len(body.queries) > settings.api_max_batch:
            raise ApiError(
                422,
                f"{len(body.queries):,} queries in one request; the limit is {settings.api_max_batch} "
                "(setting HISAB_API_MAX_BATCH): split the batch",
            )
        scope = state.catalog.scope(dataset, include_dataset, exclude_dataset)
        decision = chosen.threshold if threshold is None else threshold
        parsed = {
            key: service.query_from_entity(key, entity.schema_, entity.properties)
            for key, entity in body.queries.items()
        }
        responses: dict[str, Any] = {}
        for key, entity in parsed.items():
            found = service.screen_entity(state.screener, entity, scope, limit, set(exclude_entity_ids))
            results = [state.entities.scored(m, decision) for m in found if m.score >= cutoff]
            responses[key] = {
                "status": 200,
                "results": results,
                "total": {"value": len(results), "relation": "eq"},
                "query": {"schema": entity.schema, "properties": body.queries[key].properties},
            }
        payload = {
            "responses": responses,
            "matcher": {"name": chosen.name, "threshold": decision, "cutoff": cutoff},
            "limit": limit,
        }
        # Serialised here (orjson) rather than validated against the response model again:
        # the model documents the shape, and the tests check it (schemathesis, yente-client).
        return Response(orjson.dumps(payload), media_type="application/json")

    @app.get(
        "/search/{dataset}",
        response_model=SearchResponse,
        tags=["Matching"],
        responses={**ERRORS, 404: {"model": ErrorResponse}},
    )
    def search(
        request: Request,
        _: Reader,
        dataset: Annotated[str, Path(description="A dataset's name, or `default` for all of them")],
        q: Annotated[str, Query(min_length=1, max_length=1000, description="A name, in any script")],
        schema: Annotated[
            str | None, Query(description="Only entities of this schema (or its descendants)")
        ] = None,
        countries: Annotated[
            list[str], Query(description="Only entities linked to these countries (ISO codes)")
        ] = [],  # noqa: B006
        include_dataset: Annotated[list[str], Query()] = [],  # noqa: B006
        exclude_dataset: Annotated[list[str], Query()] = [],  # noqa: B006
        topics: Annotated[
            list[str], Query(description="Only entities with one of these topics (e.g. sanction)")
        ] = [],  # noqa: B006
        facets: Annotated[
            list[Literal["countries", "topics", "datasets", "schema"]],
            Query(description="Counts to return over the filtered results"),
        ] = ["countries", "topics", "datasets"],  # noqa: B006
        limit: Annotated[int, Query(ge=1, le=max_limit)] = 10,
        offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    ) -> dict[str, Any]:
        """Free-text search by name (yente's /search): the listed entities whose names are
        most like `q`, filtered by schema, countries and datasets. Results are ranked by
        the matching score; the best names, four times the page (at most 400), are considered."""
        state = _state(request)
        scope = state.catalog.scope(dataset, include_dataset, exclude_dataset)
        if not q.strip():
            raise ApiError(422, "q: give a name to search for")
        wanted = service.schema_filter(schema)
        codes = {c.lower() for c in countries}
        query = make_query(q)
        try:
            check_name(query)
        except QueryError as exc:
            raise ApiError(422, f"q: {exc.problem}") from exc
        # A pool larger than the page, since the filters below leave some of it out.
        found = state.screener.screen(query, top=min(4 * (offset + limit) + 12, 400), datasets=scope)
        kept = [
            m
            for m in found
            if (wanted is None or service.model_is_a(m.subject.schema, wanted))
            and (not codes or codes & m.subject.countries)
        ]
        entities = [state.entities.json(m.subject) for m in kept]
        if topics:
            keep = [set(topics) & set(e["properties"].get("topics", [])) for e in entities]
            kept = [m for m, k in zip(kept, keep, strict=True) if k]
            entities = [e for e, k in zip(entities, keep, strict=True) if k]
        return {
            "results": entities[offset : offset + limit],
            "facets": service.search_facets(entities, facets),
            "total": {"value": len(kept), "relation": "eq"},
            "limit": limit,
            "offset": offset,
        }

    @app.get(
        "/entities/{entity_id}",
        response_model=EntityResponse,
        tags=["Data"],
        responses={**ERRORS, 404: {"model": ErrorResponse}},
    )
    def entity(
        request: Request,
        _: Reader,
        entity_id: Annotated[str, Path(description="A listed entity's id", max_length=512)],
        nested: bool = True,
    ) -> dict[str, Any]:
        """One listed entity with its provenance, and (nested) the sanctions and links its
        list record gives for it."""
        state = _state(request)
        return service.entity_detail(state.store, state.entities, state.index, entity_id, nested)

    @app.get(
        "/exposure/{entity_id}",
        response_model=ExposureResponse,
        tags=["Trace"],
        responses={**ERRORS, 404: {"model": ErrorResponse}},
    )
    def exposure(
        request: Request,
        _: Reader,
        entity_id: Annotated[
            str, Path(description="An entity's id (listed, or of ownership data)", max_length=512)
        ],
        rule: Annotated[
            Literal["ofac", "eu"], Query(description="ofac: 50% or more; eu: more than 50% or control")
        ] = "ofac",
    ) -> dict[str, Any]:
        """Whether an entity is blocked by ownership (OFAC's 50% rule over the SDN list, or the
        EU's owned-or-controlled rule over the EU lists), with the arithmetic: the blocked
        owners, their shares and paths, the aggregate share, warnings."""
        return _state(request).tracer.exposure_json(entity_id, rule)

    @app.get(
        "/trace/{entity_id}",
        response_model=NetworkResponse,
        tags=["Trace"],
        responses={
            **ERRORS,
            404: {"model": ErrorResponse},
            200: {
                "content": {"text/html": {}},
                "description": "The network (JSON, or HTML with format=html)",
            },
        },
    )
    def trace(
        request: Request,
        _: Reader,
        entity_id: Annotated[str, Path(description="An entity's id", max_length=512)],
        depth: Annotated[int, Query(ge=1, le=3, description="How many links away")] = 1,
        format: Annotated[Literal["json", "html"], Query(description="json, or html (a drawing)")] = "json",
    ) -> Any:
        """The network around an entity: ownership, control, family, associates and the
        lists' links, each edge with its source."""
        tracer = _state(request).tracer
        if entity_id not in tracer.graph.nodes and entity_id not in tracer.graph.names:
            raise ApiError(404, f"no entity {entity_id!r} in the relationship graph")
        network = tracer.network_json(entity_id, *tracer.graph.around(entity_id, depth))
        if format == "html":
            title = f"{tracer.graph.name(entity_id)}: its network"
            return Response(network_html(network, title), media_type="text/html")
        return network


def _job_routes(app: FastAPI, settings: Settings) -> None:
    upload_limit = settings.api_max_upload_bytes

    @app.post(
        "/screen/file",
        status_code=202,
        response_model=Job,
        tags=["Files"],
        responses=ERRORS,
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "The file of queries: CSV (header id,name,schema,birth_date,"
                "nationality; optional identifiers, gender, first_name, middle_name and last_name "
                "columns, as for `hisab screen-file`), JSON lines or Parquet; as the raw body, or as "
                "the part named `file` of a multipart form (`curl -F file=@queries.csv`).",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    },
                },
            }
        },
    )
    async def screen_file(
        request: Request,
        key: Writer,
        format: Annotated[
            Literal["csv", "jsonl", "parquet"] | None,
            Query(
                description="The upload's format. By default: from the form's file name, else "
                "from the Content-Type, else from the first bytes (Parquet, JSON lines, else CSV)"
            ),
        ] = None,
        out_format: Annotated[Literal["jsonl", "csv"], Query(description="The results' format")] = "jsonl",
        threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
        top: Annotated[int, Query(ge=1, le=100)] = 10,
        min_score: Annotated[float, Query(ge=0.0, le=1.0)] = 0.1,
    ) -> Any:
        """Upload a file of queries to screen (a write endpoint: it needs an API key). The
        file is screened in the background; the answer is the job, whose `status_url` says
        when it is done and whose `result_url` then serves the results."""
        state = _state(request)
        job, target = state.jobs.new(key.id, out_format, threshold, top, min_score)
        try:
            try:
                received = await upload.receive(
                    request.stream(),
                    request.headers.get("content-type", ""),
                    target,
                    upload_limit,
                    "HISAB_API_MAX_UPLOAD_BYTES",
                )
            except upload.UploadError as exc:
                headers = {"Connection": "close"} if exc.http_status == 413 else None
                raise ApiError(exc.http_status, str(exc), headers) from exc
            if received.size == 0:
                raise ApiError(
                    422, "the upload is empty: send the file of queries as the body or the form's file"
                )
            fmt = received.format(format, target)
            try:
                batch.check_start(target, fmt)
            except HisabError as exc:
                raise ApiError(422, str(exc).replace(str(target), "the uploaded file")) from exc
            state.jobs.submit(job, cast(Literal["csv", "jsonl", "parquet"], fmt))
        except BaseException:
            state.jobs.discard(job)
            raise
        return JSONResponse(job.model_dump(), status_code=202)

    @app.get(
        "/screen/file/{job_id}",
        response_model=Job,
        tags=["Files"],
        responses={**ERRORS, 404: {"model": ErrorResponse}},
    )
    def job_status(request: Request, key: Writer, job_id: Annotated[str, Path(max_length=64)]) -> Job:
        """A file-screening job's status: queued, running, done or failed, with its counts."""
        return _state(request).jobs.get(job_id, key.id)

    @app.get(
        "/screen/file/{job_id}/result",
        tags=["Files"],
        response_class=FileResponse,
        responses={
            **ERRORS,
            200: {"content": {"application/x-ndjson": {}, "text/csv": {}}, "description": "The results"},
            404: {"model": ErrorResponse},
            409: {"model": ErrorResponse, "description": "The job is not done"},
        },
    )
    def job_result(request: Request, key: Writer, job_id: Annotated[str, Path(max_length=64)]) -> Any:
        """The results of a finished job: JSON lines (one result per query, in input order)
        or a flat CSV, as the job asked."""
        jobs = _state(request).jobs
        job = jobs.get(job_id, key.id)
        if job.status != "done":
            reason = f": {job.error}" if job.error else ""
            raise ApiError(409, f"job {job_id} is {job.status}{reason}")
        media = "text/csv" if job.output_format == "csv" else "application/x-ndjson"
        return FileResponse(
            jobs.result(job), media_type=media, filename=f"hisab-{job.id}{jobs.result(job).suffix}"
        )


def _versions(state: State) -> dict[str, int]:
    return {d: v.number for d, v in sorted(state.catalog.versions.items())}


def _admin_routes(app: FastAPI) -> None:
    """The admin endpoints (an admin key): keys, every key's jobs, reloading the lists."""

    @app.get("/admin/keys", response_model=list[KeyInfo], tags=["Admin"], responses=ADMIN_ERRORS)
    def admin_keys(request: Request, _: Admin) -> list[dict[str, str | None]]:
        """Every API key, revoked ones included (ids, names, scopes, dates; never the keys)."""
        return [key_json(k) for k in list_keys(_state(request).store)]

    @app.post("/admin/keys", status_code=201, response_model=NewKey, tags=["Admin"], responses=ADMIN_ERRORS)
    def admin_create_key(request: Request, who: Admin, body: KeyRequest) -> dict[str, str | None]:
        """Create a key. The answer holds the key itself, this once; the store keeps its hash."""
        record, key = create_key(_state(request).store, body.name, body.scope)
        log.info("key %s (%s) created by key %s", record.id, record.scope, who.id)
        return {**key_json(record), "key": key}

    @app.delete(
        "/admin/keys/{key_id}",
        response_model=KeyInfo,
        tags=["Admin"],
        responses={**ADMIN_ERRORS, 404: {"model": ErrorResponse}},
    )
    def admin_revoke_key(
        request: Request, who: Admin, key_id: Annotated[str, Path(min_length=1, max_length=64)]
    ) -> dict[str, str | None]:
        """Revoke a key by its id: the server refuses it from the next request on. Revoking
        twice is harmless."""
        record = revoke_key(_state(request).store, key_id)
        log.info("key %s revoked by key %s", record.id, who.id)
        return key_json(record)

    @app.get("/admin/jobs", response_model=list[AdminJob], tags=["Admin"], responses=ADMIN_ERRORS)
    def admin_jobs(request: Request, _: Admin) -> list[dict[str, Any]]:
        """Every file-screening job of this server, any key's, newest first."""
        jobs = _state(request).jobs
        return [{**job.model_dump(), "key_id": jobs.owner(job)} for job in jobs.all()]

    @app.post("/admin/reload", response_model=ReloadResponse, tags=["Admin"], responses=ADMIN_ERRORS)
    async def admin_reload(
        request: Request,
        who: Admin,
        force: Annotated[bool, Query(description="Reload even if the store has not changed")] = False,
    ) -> dict[str, Any]:
        """Load the lists again from the store, after `hisab update`, `hisab load` or `hisab
        resolve` changed it. This worker reloads now; the others within
        HISAB_API_RELOAD_SECONDS (they check the store on their own). Requests go on being
        answered, from the lists loaded before, until the new index is ready."""
        old, new = await reload(request.app, force)
        if new is not old:
            log.info("reload asked by key %s", who.id)
        return {
            "reloaded": new is not old,
            "previous": _versions(old),
            "datasets": _versions(new),
            "subjects": len(new.index.subjects),
        }
