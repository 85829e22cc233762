"""The designation matrix: who sanctions whom, and where the gaps are (issue #5)."""
