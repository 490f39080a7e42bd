"""nufuz knowledge-graph side: records -> RDF, stores, SPARQL, analytics, the CLI.

``kg.query_df(sparql, store=..., data=...)`` (see :func:`kg.query.query_df`) runs SPARQL on a
store or file and returns a pandas DataFrame; it is imported on first use, so importing
``kg`` stays light (no pandas, no pyoxigraph).
"""
from __future__ import annotations

from typing import Any

__all__ = ["query_df"]


def __getattr__(name: str) -> Any:
    if name == "query_df":
        from kg.query import query_df

        return query_df
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
