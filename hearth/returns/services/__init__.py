"""Writes of `returns`: running a return (runs.py) and keeping data problems fresh (problems.py)."""
