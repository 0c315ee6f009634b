"""The ``--alerts FILE`` option of ``fetch``, ``watch`` and ``add``: a thin shell over ``alerts.run``."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import click

from ..words import count

OPTION = click.option(
    "--alerts", "alerts_file", type=click.Path(dir_okay=False), metavar="FILE",
    help="Alert rules (TOML; see examples/alerts.toml): after the run, each new firing on the stories it touched "
    "is delivered once to the webhook, JSON Lines file and/or standard output the file names.",
)


class Runner:
    """Runs the rules of one alerts file after each round and prints what happened (a no-op
    without a file). Use as a context manager: it closes the webhook client."""

    def __init__(self, alerts: Any = None):
        self.alerts = alerts

    def __call__(self, store: Any, story_ids: Sequence[str], new_article_ids: Iterable[str] = ()) -> None:
        if self.alerts is None:
            return
        result = self.alerts(store, story_ids, new_article_ids)
        if result.fired or result.delivered or result.failures:
            later = f", {len(result.failures) + result.held} left for the next round" if result.failures else ""
            click.echo(f"{count(len(result.fired), 'alert')} fired, {result.delivered} delivered{later}.")

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.alerts is not None:
            self.alerts.close()


def load(path: str | None, settings: Mapping[str, Mapping[str, Any]], usage_error: type[click.ClickException]) -> Runner:
    """The ``Runner`` of the alerts file at ``path`` (None: a no-op); a bad file is ``usage_error``
    naming the file, the rule and the reason."""
    if not path:
        return Runner()
    from ..errors import CorroborateError
    from .run import load_alerts

    try:
        return Runner(load_alerts(path, settings, report=lambda line: click.echo(line, err=True), out=click.echo))
    except CorroborateError as exc:
        raise usage_error(f"--alerts {exc}") from exc
