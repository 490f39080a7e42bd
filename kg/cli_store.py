"""``nufuz`` commands of the researchers' side (store, query, serve); registered on
:data:`kg.cli.app` when :mod:`kg.cli` is imported."""
