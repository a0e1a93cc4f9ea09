"""Daily data volumes per tenant, service and category: ingest and metrics."""
