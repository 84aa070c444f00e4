"""Pages of the workforce app, one module per page family."""
