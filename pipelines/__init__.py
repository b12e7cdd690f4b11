"""Community Pulse: export files in, one DuckDB warehouse, a Streamlit app out.

Layers: parse (file -> typed polars frames) -> load (one transaction per file)
-> model (SQL views, staging -> marts) -> serve (named queries returning frames).
"""
