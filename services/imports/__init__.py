"""File imports: a shared CSV reader and report, and one module per kind of file."""
