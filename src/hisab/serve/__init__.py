"""hisab's HTTP service: a yente-compatible screening API (`hisab serve`), with API keys."""
