"""Casework views, one module per area: notes, chronology, episodes, plans, lists."""
