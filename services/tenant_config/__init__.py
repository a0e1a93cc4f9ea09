"""Tenant configuration as code: export a tenant's settings as YAML, plan and apply a file."""
