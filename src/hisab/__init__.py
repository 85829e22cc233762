"""hisab: targeted sanctions screening, tracing and accountability."""

__version__ = "0.1.0"
