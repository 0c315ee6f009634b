"""The command line: a thin shell over ``corroborate.pipeline`` and ``evaluate``.

Exit codes (``EXIT_CODES``, shown in ``corroborate --help``): 0 ok, 1 some
inputs rejected (each named on stderr, the others stored), 2 usage error (bad
option, unreadable settings, unusable store), 3 the run failed (the store's
write lock held by another process past the wait, or an unexpected error: one
line on stderr, the traceback with ``CORROBORATE_DEBUG=1``), 130 interrupted.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import click

from .alerts.cli import OPTION as ALERTS_OPTION  # `--alerts FILE` (issue 12): imports click only
from .alerts.cli import load as load_alerts
from .errors import CorroborateError, StoreBusy
from .words import count

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES = {
    EXIT_OK: "ok",
    EXIT_REJECTED: "some inputs were rejected (each named on stderr with the reason); the others were stored",
    EXIT_USAGE: "usage error: a bad option or settings file, an unusable store, no such story",
    EXIT_FAILED: "the run failed: another process held the store's write lock past the wait, or an"
    " unexpected error (CORROBORATE_DEBUG=1 prints its traceback); what was committed stays: run it again",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); what was committed stays",
}

DEFAULT_DB = "corroborate.sqlite3"
DB_HELP = f"SQLite store (default: $CORROBORATE_DB, else ./{DEFAULT_DB})."
LOCK_WAIT = click.option(
    "--lock-wait", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
    help="How long to wait for another process writing to the store before the run fails (exit 3).",
)


def _db_path(db: str | None) -> str:
    return db or os.environ.get("CORROBORATE_DB") or DEFAULT_DB


def _example(text: str) -> str:
    return "\b\nExample:\n  " + text


class _Usage(click.ClickException):
    exit_code = EXIT_USAGE


class _Failed(click.ClickException):
    """The run could not finish (exit 3): not the inputs' fault, and not a usage error."""

    exit_code = EXIT_FAILED


class _Main(click.Group):
    """Turns what escapes a command into its exit code and one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; what was committed stays", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except CorroborateError as exc:
            raise _Failed(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, exit 3
            if os.environ.get("CORROBORATE_DEBUG"):
                traceback.print_exc()
            where = "" if os.environ.get("CORROBORATE_DEBUG") else " (CORROBORATE_DEBUG=1 prints the traceback)"
            raise _Failed(f"the run failed: {type(exc).__name__}: {str(exc)[:300]}{where}") from exc


def _exit_codes_help() -> str:
    import textwrap

    lines = [textwrap.fill(what, 84, initial_indent=f"  {code:<3}  ", subsequent_indent=" " * 7) for code, what in EXIT_CODES.items()]
    return "\b\nExit codes:\n" + "\n".join(lines)


def _no_store(path: str) -> str:
    return (f"no store at {path}: create one with `corroborate analyze FILES_OR_FOLDERS --out out/ --db {path}` or"
            f" `corroborate add FILES_OR_FOLDERS --db {path}`, or point --db or $CORROBORATE_DB at an existing store")


def _open_store(db: str | None, lock_wait: float = 30.0, must_exist: bool = False):
    """The store at ``--db``; ``must_exist`` (commands that only read) refuses a missing file
    with exit 2 instead of creating an empty store (issue 14: `stories` without --db said
    "No stories" and left a new ./corroborate.sqlite3 behind)."""
    from .store import Store

    path = _db_path(db)
    if must_exist and not Path(path).is_file():
        raise _Usage(_no_store(path))
    try:
        return Store(path, lock_wait=lock_wait)
    except StoreBusy as exc:
        raise _Failed(str(exc)) from exc
    except CorroborateError as exc:
        raise _Usage(str(exc)) from exc


def _settings(config_path: str | None):
    from . import config

    try:
        settings = config.settings(config_path)
        if settings["claims"].get("embeddings"):
            from .features.embeddings import require

            require()
        return settings
    except CorroborateError as exc:
        raise _Usage(str(exc)) from exc


def _progress(label: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A progress bar on stderr that appears only for runs over ~2 seconds."""
    from tqdm import tqdm

    bar = tqdm(desc=label, unit=" docs", delay=2.0, file=sys.stderr, disable=None, leave=False)
    return bar.update, bar.close


def _report_inputs(result: Any) -> None:
    for r in result.rejected:
        click.echo(f"rejected: {r.origin}: {r.reason}", err=True)
    for s in result.skipped:
        click.echo(f"skipped: {s.origin}: {s.reason}", err=True)
    click.echo(
        f"{count(len(result.added), 'new article')}, {len(result.skipped)} already stored, {len(result.rejected)} rejected."
    )


def _story_lines(store: Any, story_ids: list[str]) -> None:
    summaries = store.summaries(story_ids)
    click.echo(f"{count(len(summaries), 'story')}" + (":" if summaries else "."))
    for s in summaries:
        click.echo(f"  {s.id}  {count(s.n_articles, 'article')}, {count(s.n_independent, 'independent source')}  {s.title}")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


OUTLETS_OPTION = click.option(
    "--outlets", "outlets_file", type=click.Path(dir_okay=False), metavar="FILE",
    help="Your outlets file (TOML or CSV: domain or name -> display name, kind, country, language, labels"
    " such as leaning; see README): names each article's outlet and shows who covered the story and who did not.",
)
BY_OPTION = click.option(
    "--by", "by", multiple=True, metavar="ATTRIBUTE",
    help="Group coverage by this outlet attribute (kind, country, language or a label; repeat for several;"
    " default: every attribute with two or more values in --outlets).",
)
FILTER_OPTIONS = (
    click.option("--since", callback=_iso_date, metavar="DATE", help="Only stories with an article published on or after DATE (YYYY-MM-DD)."),
    click.option("--until", callback=_iso_date, metavar="DATE", help="Only stories with an article published on or before DATE (YYYY-MM-DD)."),
    click.option(
        "--outlet", "outlet_specs", multiple=True, metavar="NAME",
        help="Only stories an outlet covered: a source name or domain; with --outlets also an outlet's"
        " display name, or ATTRIBUTE=VALUE (leaning=left) for every outlet with it. Repeat for any of several.",
    ),
    click.option("--language", "languages", multiple=True, metavar="CODE", help="Only stories with an article in this language (ISO 639-1; repeat for any of several)."),
    click.option("--min-sources", type=click.IntRange(min=1), default=None, metavar="N", help="Only stories with at least N independent sources."),
    click.option("--has-conflicts", is_flag=True, help="Only stories where sources disagree."),
)


def _filter_options(f: Callable) -> Callable:
    for option in reversed(FILTER_OPTIONS):
        f = option(f)
    return f


def _load_outlets(path: str | None, by: tuple[str, ...] = ()):
    """The outlets file (None when not given); a bad file or ``--by`` is a usage error naming file:line."""
    if path is None:
        if by:
            raise _Usage("--by needs --outlets FILE")
        return None
    from .outlets import OutletsError, check_by, load

    try:
        outlets = load(path)
        check_by(outlets, by)
    except OutletsError as exc:
        raise _Usage(f"--outlets {exc}") from exc
    return outlets


def _story_filter(since: str | None, until: str | None, outlet_specs: tuple[str, ...], languages: tuple[str, ...],
                  min_sources: int | None, has_conflicts: bool, outlets: Any):
    """The ``StoryFilter`` of the filter options; an ``--outlet`` that names nothing known is a usage error."""
    from .outlets import normalise_domain
    from .store.sqlite import StoryFilter

    if since and until and since > until:
        raise _Usage(f"--since {since} is after --until {until}")
    domains: list[str] = []
    sources: list[str] = []
    for spec in outlet_specs:
        if outlets is not None:
            chosen = outlets.select(spec)
            if not chosen:
                raise _Usage(f"--outlet {spec!r}: no outlet in {outlets.path} has that name, domain or attribute value")
            for o in chosen:
                domains += o.domains
                sources += o.sources
                if not (o.domains or o.sources):
                    click.echo(f"note: {o.name} is known by bylines only; the filter matches domains and source names", err=True)
        elif "=" in spec:
            raise _Usage(f"--outlet {spec!r}: ATTRIBUTE=VALUE needs --outlets FILE")
        else:
            sources.append(spec)
            if (host := normalise_domain(spec)) is not None:
                domains.append(host)
    return StoryFilter(
        since=since, until=until, languages=tuple(languages), domains=tuple(dict.fromkeys(domains)),
        sources=tuple(dict.fromkeys(sources)), min_sources=min_sources, has_conflicts=has_conflicts,
    )


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=_exit_codes_help(),
)
@click.version_option(package_name="corroborate")
def main() -> None:
    """corroborate: stories, provenance and independent sources from a pile of news articles."""


@main.command(epilog=_example("corroborate analyze examples/seeds --out out/ --format md --format html"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="Folder for report.json, report.md and report.html.",
)
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(["json", "md", "html"]),
    help="Report format to write (repeat for several; default: all three).",
)
@click.option("--db", help=DB_HELP)
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
@click.option(
    "--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
    help="Where the stages run: this machine's processes, or Ray Data (needs the `distributed` extra; "
    "a local Ray on loopback, or the cluster $RAY_ADDRESS names). Same store and reports.",
)
@OUTLETS_OPTION
@BY_OPTION
def analyze(
    paths: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], db: str | None, lock_wait: float,
    config_path: str | None, engine: str, outlets_file: str | None = None, by: tuple[str, ...] = (),
) -> None:
    """Ingest PATHS (files or folders), group every stored article into stories in
    one batch, and write a report of the stories these inputs belong to: JSON (the
    contract), Markdown, and a self-contained HTML file that works offline. Exits 1
    when some input was rejected, 3 when the run failed (see corroborate --help)."""
    from . import pipeline
    from .render import FORMATS, write_reports

    settings = _settings(config_path)
    outlets = _load_outlets(outlets_file, by)
    if engine != "local":
        from .engines import get_engine
        from .errors import MissingExtra

        try:
            get_engine(engine).require()
        except MissingExtra as exc:
            raise _Usage(f"--engine {engine}: {exc} (from a checkout: pip install -e '.[distributed]')") from exc
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _Usage(f"--out {out_dir}: cannot create the folder: {exc.strerror or exc}") from exc
    with _open_store(db, lock_wait) as store:
        tick, done = _progress("analyze")
        try:
            result = pipeline.analyze(store, paths, settings, progress=tick, engine=engine)
        except StoreBusy as exc:
            raise _Failed(str(exc)) from exc
        finally:
            done()
        doc = pipeline.report_for(store, result.stories, generated_by="corroborate analyze")
        if outlets is not None:
            from .outlets import annotate

            annotate(doc, outlets, by or None)
        written = write_reports(doc, out_dir, formats or FORMATS, **settings["brief"])
        _report_inputs(result)
        _story_lines(store, result.stories)
        for target in written:
            click.echo(f"Report: {target}")
        click.echo(f"Store: {store.path}")
    sys.exit(EXIT_REJECTED if result.rejected else EXIT_OK)


@main.command(epilog=_example("corroborate add new-articles/ --db corroborate.sqlite3"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--db", help=DB_HELP)
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
@ALERTS_OPTION
def add(paths: tuple[str, ...], db: str | None, lock_wait: float, config_path: str | None, alerts_file: str | None) -> None:
    """Add articles to the store: each joins an existing story or opens a new one,
    without re-grouping what is stored. Exits 1 when some input was rejected, 3 when
    the run failed (see corroborate --help)."""
    from . import pipeline

    settings = _settings(config_path)
    with load_alerts(alerts_file, settings, _Usage) as alerts, _open_store(db, lock_wait) as store:
        tick, done = _progress("add")
        try:
            result = pipeline.add(store, paths, settings, progress=tick)
        except StoreBusy as exc:
            raise _Failed(str(exc)) from exc
        finally:
            done()
        _report_inputs(result)
        _story_lines(store, result.stories)
        alerts(store, result.stories, result.added)
    sys.exit(EXIT_REJECTED if result.rejected else EXIT_OK)


@main.command(epilog=_example("corroborate stories --since 2025-04-01 --min-sources 2 --has-conflicts"))
@click.option("--db", help=DB_HELP)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
@_filter_options
@OUTLETS_OPTION
def stories(
    db: str | None, limit: int | None, as_json: bool, since: str | None, until: str | None,
    outlet_specs: tuple[str, ...], languages: tuple[str, ...], min_sources: int | None, has_conflicts: bool,
    outlets_file: str | None,
) -> None:
    """List stored stories, newest and largest first; the filters keep those that pass all of them
    (read from the stored summary columns: fast on a large store)."""
    outlets = _load_outlets(outlets_file)
    filters = _story_filter(since, until, outlet_specs, languages, min_sources, has_conflicts, outlets)
    with _open_store(db, must_exist=True) as store:
        rows = store.summaries(limit=limit, filters=filters)
        if as_json:
            for s in rows:
                click.echo(json.dumps({k: getattr(s, k) for k in s.__slots__}, ensure_ascii=False))
            return
        if not rows:
            if filters.where()[0] != "1":
                click.echo(f"No stories in {store.path} match these filters.")
            else:
                click.echo(f"No stories in {store.path}. Add articles with: corroborate add PATH")
            return
        for s in rows:
            when = s.last_published or "undated"
            click.echo(f"{s.id}  {when:<10}  {s.n_articles:>3} art. {s.n_independent:>3} indep.  {s.title}")


@main.command(epilog=_example("corroborate show st-1a2b3c4d5e --outlets outlets.toml --format html --out story.html"))
@click.argument("story_id")
@click.option("--db", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="The story as report JSON (same as --format json).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "md", "html"]), default=None,
    help="text (the default, for the terminal), json (the report document), md or html (the report"
    " of this one story, as `analyze` writes it).",
)
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of printing.")
@OUTLETS_OPTION
@BY_OPTION
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml (the report's [brief] limits).")
def show(
    story_id: str, db: str | None, as_json: bool, fmt: str | None, out_file: Path | None,
    outlets_file: str | None, by: tuple[str, ...], config_path: str | None,
) -> None:
    """Show one story (an id or a unique prefix of one): its cited brief, its
    articles, who copies whom, and the independent sources; with --outlets, its
    coverage by outlet and its blindspot."""
    from .store.report import report_for  # not pipeline: a read imports no analysis code

    if as_json and fmt not in (None, "json"):
        raise _Usage(f"--json and --format {fmt} disagree: give one")
    fmt = "json" if as_json else (fmt or "text")
    outlets = _load_outlets(outlets_file, by)
    with _open_store(db, must_exist=True) as store:
        matches = [story_id] if store.story(story_id) else store.story_ids_like(story_id)
        if len(matches) != 1:
            why = "no story" if not matches else f"{len(matches)} stories"
            raise _Usage(f"{why} match {story_id!r}; list them with: corroborate stories")
        doc = report_for(store, matches, generated_by="corroborate show")
    if outlets is not None:
        from .outlets import annotate

        annotate(doc, outlets, by or None)
    if fmt == "text":
        from .render.text import story_text

        body = story_text(doc, doc["stories"][0]) + "\n"
    else:
        from .render import render

        body = render(doc, fmt, **(_settings(config_path)["brief"] if fmt != "json" else {}))
        body = body if body.endswith("\n") else body + "\n"
    if out_file is None:
        click.echo(body, nl=False)
        return
    try:
        tmp = out_file.with_name(out_file.name + ".tmp")
        tmp.write_text(body, "utf-8")
        tmp.replace(out_file)
    except OSError as exc:
        raise _Usage(f"--out {out_file}: cannot write it: {exc.strerror or exc}") from exc
    click.echo(f"Wrote {out_file}")


USER_OPTION = click.option(
    "--user", default=None, metavar="NAME", help="Who does this, as recorded in the store (default: $USER)."
)


def _one_story(store: Any, story_id: str) -> str:
    """The id of the one stored story ``story_id`` names (an id or a unique prefix), else exit 2."""
    matches = [story_id] if store.story(story_id) else store.story_ids_like(story_id)
    if len(matches) != 1:
        why = "no story" if not matches else f"{len(matches)} stories"
        raise _Usage(f"{why} match {story_id!r}; list them with: corroborate stories")
    return matches[0]


@contextmanager
def _editing(db: str | None, lock_wait: float, user: str | None):
    """The store for one editorial action and who takes it (``--user``, else $USER): an action the
    library refuses (``InputError``) exits 2 with its reason."""
    from .errors import InputError

    with _open_store(db, lock_wait, must_exist=True) as store:
        try:
            yield store, user or os.environ.get("USER", "")
        except InputError as exc:
            raise _Usage(str(exc)) from exc


@main.command("pin-title", epilog=_example('corroborate pin-title st-1a2b3c4d5e "Chinese fighters captured in Ukraine"'))
@click.argument("story_id")
@click.argument("title")
@click.option("--db", help=DB_HELP)
@USER_OPTION
@LOCK_WAIT
def pin_title(story_id: str, title: str, db: str | None, user: str | None, lock_wait: float) -> None:
    """Pin a story's title (an id or a unique prefix of one): it is shown at once and kept
    by every later add and analyze, whatever headlines join, until unpin-title. Recorded
    in the store with who (--user, else $USER) and when (UTC)."""
    from . import pipeline

    with _editing(db, lock_wait, user) as (store, who):
        sid = _one_story(store, story_id)
        pinned = pipeline.pin_title(store, sid, title, who)
    click.echo(f"{sid}: title pinned: {pinned}")


@main.command("unpin-title", epilog=_example("corroborate unpin-title st-1a2b3c4d5e"))
@click.argument("story_id")
@click.option("--db", help=DB_HELP)
@USER_OPTION
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def unpin_title(story_id: str, db: str | None, user: str | None, lock_wait: float, config_path: str | None) -> None:
    """Drop a story's pinned title: it shows the title it had before the pin again, or its
    best headline when that is now clearly better. Recorded like pin-title."""
    from . import pipeline

    settings = _settings(config_path)
    with _editing(db, lock_wait, user) as (store, who):
        sid = _one_story(store, story_id)
        title = pipeline.unpin_title(store, sid, who, settings)
    click.echo(f"{sid}: no title was pinned" if title is None else f"{sid}: title unpinned; shown as: {title}")


def _one_article(store, article_id: str) -> str:
    if store.article(article_id) is None:
        raise _Usage(f"no article {article_id!r}; the ids are listed by: corroborate show STORY_ID")
    return article_id


@main.command("merge-stories", epilog=_example("corroborate merge-stories st-0a1b2c3d4e st-1a2b3c4d5e"))
@click.argument("merged_id")
@click.argument("into_id")
@click.option("--db", help=DB_HELP)
@USER_OPTION
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def merge_stories(merged_id: str, into_id: str, db: str | None, user: str | None, lock_wait: float,
                  config_path: str | None) -> None:
    """Merge the first story into the second (ids or unique prefixes): one story under the
    second's id, title and citation numbers, its provenance, claims and brief derived again.
    Later adds and analyzes keep the two together. Recorded with who (--user, else $USER) and when."""
    from . import pipeline

    settings = _settings(config_path)
    with _editing(db, lock_wait, user) as (store, who):
        merged, into = _one_story(store, merged_id), _one_story(store, into_id)
        ids = pipeline.merge_stories(store, merged, into, who, settings)
    click.echo(f"{merged} merged into {into}: {count(len(ids), 'article')}")


@main.command("move-article", epilog=_example("corroborate move-article 003_a3085cba722678df --new"))
@click.argument("article_id")
@click.option("--to", "to", help="The story to move it to (an id or a unique prefix).")
@click.option("--new", "new", is_flag=True, help="Move it to a new story of its own.")
@click.option("--db", help=DB_HELP)
@USER_OPTION
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def move_article(article_id: str, to: str | None, new: bool, db: str | None, user: str | None, lock_wait: float,
                 config_path: str | None) -> None:
    """Move an article to another story (--to) or to a new one (--new); both stories are
    derived again. Later adds and analyzes keep it there. Recorded with who and when."""
    from . import pipeline

    if (to is None) == (not new):
        raise _Usage("give exactly one of --to STORY_ID and --new")
    settings = _settings(config_path)
    with _editing(db, lock_wait, user) as (store, who):
        aid = _one_article(store, article_id)
        target = None if new else _one_story(store, to)
        sid = pipeline.move_article(store, aid, target, who, settings)
    click.echo(f"{aid} moved to {'a new story ' if new else ''}{sid}")


@main.command("delete-article", epilog=_example("corroborate delete-article 003_a3085cba722678df"))
@click.argument("article_id")
@click.option("--db", help=DB_HELP)
@USER_OPTION
@LOCK_WAIT
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def delete_article(article_id: str, db: str | None, user: str | None, lock_wait: float, config_path: str | None) -> None:
    """Delete an article: its story is derived again without it. Adding the same id or text
    again later is skipped with a message naming it. Recorded with who and when."""
    from . import pipeline

    settings = _settings(config_path)
    with _editing(db, lock_wait, user) as (store, who):
        aid = _one_article(store, article_id)
        sid = pipeline.delete_article(store, aid, who, settings)
    click.echo(f"{aid} deleted" + (f" from {sid}" if sid else ""))


@main.command(epilog=_example("corroborate export --db corroborate.sqlite3 --out exports/ --format csv"))
@click.option("--db", help=DB_HELP)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for stories/claims/sources .csv and .jsonl (each file replaced whole).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["csv", "jsonl"]),
              help="Export format (repeat for several; default: both).")
@_filter_options
@OUTLETS_OPTION
def export(
    db: str | None, out_dir: Path, formats: tuple[str, ...], since: str | None, until: str | None,
    outlet_specs: tuple[str, ...], languages: tuple[str, ...], min_sources: int | None, has_conflicts: bool,
    outlets_file: str | None,
) -> None:
    """Write the stored stories, their claims and their sources (articles) as flat
    tables: one file per table and format, UTF-8; CSV per RFC 4180 with spreadsheet
    formulas neutralised. The filters are those of `stories`; --outlets adds each
    source's outlet name. Columns: README.md, "Export"."""
    from . import export as ex

    outlets = _load_outlets(outlets_file)
    filters = _story_filter(since, until, outlet_specs, languages, min_sources, has_conflicts, outlets)
    if not Path(_db_path(db)).is_file():  # before --out is created: a missing store leaves nothing behind
        raise _Usage(_no_store(_db_path(db)))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _Usage(f"--out {out_dir}: cannot create the folder: {exc.strerror or exc}") from exc
    with _open_store(db, must_exist=True) as store, store.snapshot():
        ids = [s.id for s in store.summaries(filters=filters)]
        tables = ex.rows(store, ids, outlets)
    for target in ex.write(tables, out_dir, formats or ex.FORMATS):
        click.echo(f"Wrote {target}")
    n = {t: len(r) for t, r in tables.items()}
    click.echo(f"{count(n['stories'], 'story')}, {count(n['claims'], 'claim')}, {count(n['sources'], 'source')}.")


@main.command(epilog=_example("corroborate serve --db corroborate.sqlite3 --port 8000 --read-only"))
@click.option("--db", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option("--read-only", is_flag=True, help="Refuse every write: browse and query only.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def serve(db: str | None, host: str, port: int, read_only: bool, config_path: str | None) -> None:
    """Serve the store in a browser and over HTTP: stories (search by text and by
    name), each story with its cited brief, articles with their sentences marked,
    names across stories, and adding articles (paste, upload, or POST JSON), with a
    JSON API and its OpenAPI document at /docs. Needs the `web` extra."""
    from .errors import MissingExtra

    try:
        from .web import require

        require()
    except MissingExtra as exc:
        raise _Usage(f"{exc} (from a checkout: pip install -e '.[web]')") from exc
    import uvicorn

    from .web.app import LOOPBACK_HOSTS, create_app
    from .web.server import config as server_config
    from .web.service import Service

    settings = _settings(config_path)
    try:
        service = Service(_db_path(db), settings, read_only=read_only)
    except CorroborateError as exc:
        raise _Usage(str(exc)) from exc
    loopback = host in LOOPBACK_HOSTS or host.startswith("127.")
    if not loopback:
        click.echo(
            f"warning: binding {host} lets other machines reach this server"
            + ("" if read_only else " and add articles (use --read-only to refuse writes)"),
            err=True,
        )
    app = create_app(service, allowed_hosts=(LOOPBACK_HOSTS | {host}) if loopback else None)
    try:  # bind here, so that a busy port is a usage error and --port 0 can say which port it got
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise _Usage(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving {service.db_path}{' (read-only)' if read_only else ''} at http://{shown}:{sock.getsockname()[1]}/"
        " (API docs: /docs). Ctrl-C stops."
    )
    try:
        uvicorn.Server(server_config(app, settings["web"])).run(sockets=[sock])
    finally:
        service.close()


from .fetch.cli import register as _register_fetch  # noqa: E402 - `fetch` and `watch` (issue 12)

_register_fetch(main, db_help=DB_HELP, lock_wait=LOCK_WAIT, open_store=_open_store, settings_of=_settings,
                example=_example, exit_ok=EXIT_OK, exit_rejected=EXIT_REJECTED, usage_error=_Usage)


@main.group()
def bench() -> None:
    """Quality and speed benchmarks on labelled data (see benchmarks/README.md)."""


@bench.command("stories", epilog=_example("corroborate bench stories --data ../shared/data/ecbplus/topics-1-35.jsonl"))
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="JSONL with id, title, text, event.")
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write {id, story} per line here.")
@click.option("--incremental", is_flag=True, help="Also add the records one by one and compare with the batch.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_stories(data: Path, predictions: Path | None, incremental: bool, config_path: str | None) -> None:
    """Cluster every record of a labelled file at once and score it against `event`."""
    from .evaluate import stories as ev

    settings = _settings(config_path)
    click.echo(ev.format_figures(ev.bench_stories(data, predictions, incremental=incremental, settings=settings)))


@bench.command(
    "translations",
    epilog=_example(
        "corroborate bench translations --originals ../shared/data/meantime/en.jsonl "
        "--translations ../shared/data/meantime/es.jsonl"
    ),
)
@click.option("--originals", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--translations", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write {id, candidates} per line here.")
def bench_translations(originals: Path, translations: Path, predictions: Path | None) -> None:
    """For each translated article, rank the originals (gold: the same id). Reads no
    settings: the ranking is the cross-lingual similarity alone, with no threshold."""
    from .evaluate import translations as ev

    click.echo(ev.format_figures(ev.bench_translations(originals, translations, predictions)))


@bench.command(
    "attribution", epilog=_example("corroborate bench attribution --data ../shared/data/polnear/dev.jsonl")
)
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="PolNeAR-format JSONL.")
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write {id, attributions} per line here.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_attribution(data: Path, predictions: Path | None, config_path: str | None) -> None:
    """Score attribution extraction (source, cue, content) against each article's first annotator."""
    from .evaluate import attribution as ev

    _settings(config_path)  # a bad settings file is a usage error
    click.echo(ev.format_figures(ev.bench_attribution(data, predictions, config_path=config_path)))


@bench.command("entities", epilog=_example("corroborate bench entities --data ../shared/data/newswcl50/events-0-6.jsonl"))
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="JSONL with text, event, entity_chains.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_entities(data: Path, config_path: str | None) -> None:
    """Pairwise precision/recall of name-mention grouping against gold entity chains."""
    from .evaluate import entities as ev

    click.echo(ev.format_figures(ev.bench_entities(data, settings=_settings(config_path))))


@bench.command("speakers", epilog=_example("corroborate bench speakers --data benchmarks/data/speakers.jsonl"))
@click.option("--data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Hand-labelled speakers (JSONL; format in corroborate/evaluate/speakers.py).")
@click.option("--newswcl50", type=click.Path(dir_okay=False, path_type=Path), default="../shared/data/newswcl50/events-0-6.jsonl",
              show_default=True, help="The NewsWCL50 events file the labels point into.")
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default="examples/seeds", show_default=True,
              help="The seed articles folder the labels point into.")
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write each label with the predicted speaker here (JSONL).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_speakers(data: Path, newswcl50: Path, seeds: Path, predictions: Path | None, config_path: str | None) -> None:
    """Speaker precision and coverage of quotes and reported statements against hand labels."""
    from .evaluate import speakers as ev

    settings = _settings(config_path)
    rows: list = []
    try:
        figures = ev.bench_speakers(data, newswcl50, seeds, settings, rows_out=rows)
    except CorroborateError as exc:
        raise _Failed(str(exc)) from exc
    if predictions is not None:
        ev.write_rows(predictions, rows)
    click.echo(ev.format_figures(figures))


@bench.command("claims", epilog=_example("corroborate bench claims --data ../shared/data/newswcl50/events-0-6.jsonl"))
@click.option(
    "--data", required=True, type=click.Path(exists=True, path_type=Path),
    help="JSONL with id, text and the gold story label `event` (or a folder of articles: one story).",
)
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write every conflict and update (JSONL) for judging.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_claims(data: Path, predictions: Path | None, config_path: str | None) -> None:
    """Build one story per gold event and count its claims, independently corroborated
    claims, conflicts by kind, updates and unique details."""
    from .evaluate import claims as ev

    settings = _settings(config_path)
    click.echo(ev.format_figures(ev.bench_claims(data, predictions, settings)))


@bench.command("conflicts", epilog=_example("corroborate bench conflicts --data ../shared/data/ecbplus/topics-1-35.jsonl"))
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="JSONL with id, text and the gold story label `event`.")
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write the untouched events' conflicts and every injection's outcome (JSONL).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for choosing the figures to change.")
@click.option("--per-event", type=click.IntRange(min=1), default=3, show_default=True, help="Injections per gold event, at most.")
@click.option("--save", is_flag=True, help="Also store the figures under benchmarks/results/.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
def bench_conflicts(data: Path, predictions: Path | None, seed: int, per_event: int, save: bool, config_path: str | None) -> None:
    """Change a figure two articles of a gold event state alike (counts, money, percentages,
    measures, ages, durations, dates, weekdays) in one of them, analyse the event again and
    print the recall of conflicts naming both figures, the leak rate and the conflicts raised
    on the untouched events."""
    from .evaluate import conflicts as ev

    settings = _settings(config_path)
    figures = ev.bench_conflicts(data, predictions, settings, seed=seed, per_event=per_event, progress=lambda m: click.echo(m, err=True))
    click.echo(ev.format_figures(figures))
    if save:
        click.echo(f"saved {ev.save(figures)}")


@bench.command(
    "briefs", epilog=_example("corroborate bench briefs --data ../shared/data/newswcl50/events-0-6.jsonl")
)
@click.option(
    "--data", required=True, type=click.Path(exists=True, path_type=Path),
    help="JSONL with id, text and the gold story label `event` (or a folder of articles: one story).",
)
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), help="Write each story's brief and LexRank summary here (JSONL).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file overriding defaults.toml.")
@click.option("--show-doubtful", type=click.IntRange(min=0), default=0, help="Print this many citations below the similarity bar.")
def bench_briefs(data: Path, predictions: Path | None, config_path: str | None, show_doubtful: int) -> None:
    """Build one story per gold event, write its brief and a LexRank summary of the
    same length, and print faithfulness, citation precision, coverage of claims with
    two or more independent sources, redundancy and length of both."""
    from .evaluate import briefs as ev

    _settings(config_path)  # a bad settings file is a usage error
    click.echo(ev.format_figures(ev.bench_briefs(data, predictions, config_path=config_path), show_doubtful))


if __name__ == "__main__":  # pragma: no cover
    main()
