"""Alerts (issue 12): rules over the stories a round touched, each firing delivered once.

    rules     an alerts file (TOML) -> ``RuleSet`` (rules + sinks), every mistake named
    evaluate  ``evaluate(rules, stories, already_fired, settings) -> [Firing]``: store-free;
              ``KINDS`` is the registry of rule kinds (sources, conflict, words, entity, outlet)
    deliver   the sinks: webhook (JSON POST, retried), jsonl, stdout
    run       ``Alerts``: after a round, read the touched stories, record the new firings
              (``store.alertstate``) and deliver what is pending
    cli       the ``--alerts FILE`` option of ``fetch``, ``watch`` and ``add``
"""
