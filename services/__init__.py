"""Domain logic. Every function that touches tenant data takes a `Principal`."""
