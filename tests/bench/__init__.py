"""The benchmark harness in bench/: cases, held-out names, metrics."""
