"""Shared page furniture: sidebar filters, cached data access, formatting. No SQL, no metric logic."""
