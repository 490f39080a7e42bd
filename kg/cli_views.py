"""``nufuz`` commands of the analysts' and students' side (view, report, export);
registered on :data:`kg.cli.app` when :mod:`kg.cli` is imported."""
