"""The ``fetch`` and ``watch`` commands (registered on ``corroborate.cli.main``)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import Iterator

import click

from ..alerts.cli import OPTION as ALERTS_OPTION
from ..alerts.cli import load as load_alerts
from ..words import count


def _summary(result) -> str:
    return (f"{count(len(result.added), 'new article')}, {result.already} already fetched, {len(result.duplicates)} same text"
            f" as a stored article, {len(result.failures)} failed, {count(result.not_modified, 'feed')} unchanged,"
            f" {count(result.requests, 'request')}.")


@contextlib.contextmanager
def _stopper() -> Iterator[threading.Event]:
    """An event set by SIGINT/SIGTERM (stop after the articles in hand), the previous handlers
    restored on exit (a library caller, or a test runner, keeps its own)."""
    stop = threading.Event()

    def handler(signum, _frame):
        click.echo(f"{signal.Signals(signum).name}: stopping after the articles in hand", err=True)
        stop.set()

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def register(main: click.Group, *, db_help: str, lock_wait, open_store, settings_of, example, exit_ok: int,
             exit_rejected: int, usage_error: type[click.ClickException]) -> None:
    @main.command(epilog=example("corroborate fetch https://example.org/feed.xml https://example.org/news/story.html"))
    @click.argument("urls", nargs=-1, required=True)
    @click.option("--db", help=db_help)
    @lock_wait
    @click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
    @ALERTS_OPTION
    def fetch(urls: tuple[str, ...], db: str | None, lock_wait: float, config_path: str | None,
              alerts_file: str | None) -> None:
        """Fetch URLS (article pages, RSS/Atom feeds or sitemaps, told apart by what the
        server sends) politely, store the new articles and place them in stories. Each
        failure is one line on stderr naming the URL and why; exits 1 when some failed."""
        from .run import fetch_round

        settings = settings_of(config_path)
        with _stopper() as stop, load_alerts(alerts_file, settings, usage_error) as alerts, \
                open_store(db, lock_wait) as store:
            result = fetch_round(store, list(urls), settings, stop=stop, report=lambda line: click.echo(line, err=True))
            click.echo(_summary(result))
            if result.stories:
                click.echo(f"{count(len(result.stories), 'story')} touched.")
            alerts(store, result.stories, result.added)
        sys.exit(exit_rejected if result.failures else exit_ok)

    @main.command(epilog=example("corroborate watch --feeds feeds.txt --interval 900"))
    @click.option("--feeds", "feeds_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Feed URLs, one a line (# comments allowed), or an OPML file; optional when feeds were "
                       "added to the store (web page /feeds, POST /api/feeds).")
    @click.option("--interval", type=click.FloatRange(min=1), default=900.0, show_default=True, metavar="SECONDS",
                  help="Seconds between rounds.")
    @click.option("--once", is_flag=True, help="One round, then exit (for cron).")
    @click.option("--db", help=db_help)
    @lock_wait
    @click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
    @ALERTS_OPTION
    def watch(feeds_file: Path | None, interval: float, once: bool, db: str | None, lock_wait: float,
              config_path: str | None, alerts_file: str | None) -> None:
        """Fetch every feed of --feeds and every feed subscribed in the store (read again
        each round) each round, store new articles and place them in stories
        incrementally, until SIGINT/SIGTERM (which end it after the articles in hand) or
        after one round with --once. Exits 1 when some fetch of the last round failed."""
        from ..store import fetchstate
        from .parse import NotAFeed, feed_list
        from .watch import watch as run_watch

        settings = settings_of(config_path)
        feeds: list[str] = []
        if feeds_file is not None:
            try:
                feeds = feed_list(feeds_file.read_text("utf-8", "replace"))
            except (OSError, NotAFeed) as exc:
                raise usage_error(f"--feeds {feeds_file}: {exc}") from exc
            if not feeds:
                raise usage_error(f"--feeds {feeds_file}: no feed URL in it")
        with load_alerts(alerts_file, settings, usage_error) as alerts, open_store(db, lock_wait) as store:
            if not feeds and not fetchstate.subscriptions(store):
                raise usage_error("no feeds to watch: give --feeds FILE, or add feeds on the web page /feeds "
                                  "(POST /api/feeds) first")

            def shown(result) -> None:
                click.echo(_summary(result))
                alerts(store, result.stories, result.added)

            # the file is read again each round: a feed added to it is fetched in the next round
            listed = feeds if feeds_file is None else (lambda: feed_list(feeds_file.read_text("utf-8", "replace")))
            with _stopper() as stop:
                results = run_watch(store, listed, settings, interval=interval, once=once, stop=stop,
                                    report=lambda line: click.echo(line, err=True), on_round=shown)
        sys.exit(exit_rejected if results and results[-1].failures else exit_ok)
