"""Cross-list resolution: one actor across all lists (issue #5)."""
