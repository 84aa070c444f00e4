"""Nothing of priorities is edited in the Django admin: versions are append-only and time is a
person's own (changes go through the services, which audit them)."""
