"""DPA Desk: the app shell, login, settings, database engine and admin CLI."""
