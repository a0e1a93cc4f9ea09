"""Benchmarks behind `python -m dashboard bench`: each times one real workload against the
configured database and compares it with the target the issue states."""
