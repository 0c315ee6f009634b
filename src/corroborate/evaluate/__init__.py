"""Quality benchmarks behind ``corroborate bench ...``, one module per bench: ``stories``,
``translations``, ``attribution``, ``entities``, ``speakers`` (who said what, against the hand
labels in benchmarks/data/speakers.jsonl), ``claims`` and ``briefs``. Each exposes
``bench_<name>(...) -> dict`` and ``format_figures(dict) -> str``; the CLI only calls them."""
