"""`python -m dashboard ...`: the admin CLI."""

from dashboard.cli import main

main()
