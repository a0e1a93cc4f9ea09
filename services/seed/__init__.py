"""Demo data: `python -m dashboard seed demo`. Each module seeds one concept, idempotently."""
