"""Performance benchmarks: see bench/README.md."""
