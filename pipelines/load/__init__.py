"""Load layer: one transaction per file, lineage per batch, build-then-swap of the warehouse file."""

from pipelines.load.loader import LoadResult, load_export, load_path

__all__ = ["LoadResult", "load_export", "load_path"]
