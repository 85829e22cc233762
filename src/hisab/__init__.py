"""hisab: targeted sanctions screening, tracing and accountability."""

from hisab.build import check as _check_build

__version__ = "0.1.0"

# Never run a compiled module whose source has changed since (hisab/build.py).
_check_build()
