"""Reads for need scores, tiers, caseloads and time (split by subject)."""
