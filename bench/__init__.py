"""hisab's benchmarks: list loading (`load_all.py`) and screening (`screening.py`).

The screening benchmark's modules run in two environments: the project's
`.venv` (case construction, the index store, metrics, the report) and
`bench/.venv-peers` (the shared candidate stage and the peer matchers, which
need nomenklatura and rapidfuzz). Modules used by the peers' side import only
the standard library and their own packages, never `hisab`.
"""
