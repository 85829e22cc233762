"""Trace: ownership, control and associates, and sanctions exposure through ownership (issue #6)."""
