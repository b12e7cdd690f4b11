"""Serve layer: named SQL queries behind typed functions that return polars frames."""
