"""Data-subject rights requests: deadline rules, the register, imports, reminders, metrics."""
