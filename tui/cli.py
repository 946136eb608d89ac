"""Command line: ``newsdesk [PATH...]`` opens the app; ``parse`` and ``entities`` serve scripts.

Forcing the input format (no detection) is spelt the same on every command that
reads files: ``--from NAME`` (alias ``--input-format``), and ``--format NAME``
where the command has no output format of its own (the app, ``entities``). On
``parse`` and ``export``, ``--format`` (alias ``--to``) is the output format, as
it always was; an input format given there is refused with a pointer to
``--from``. A forced format is read without the cache (:func:`forcing_format`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

SUBSCRIPTION_COMMANDS = (
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "refresh",
    "import-opml",
    "export-opml",
)
SUBCOMMANDS = (
    "parse", "entities", "stories", "cache", "export", "config", *SUBSCRIPTION_COMMANDS,
)  # fmt: skip


def version() -> str:
    """The installed package's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("newsdesk")
    except PackageNotFoundError:
        return "unknown"


def empty_dirs(paths: Sequence[str]) -> list[str]:
    """Errors for the directories among ``paths`` that hold no input file."""
    from parsers.files import iter_input_files

    return [
        f"{p}: no input files in this directory"
        for p in paths
        if p != "-" and os.path.isdir(p) and next(iter_input_files([p]), None) is None
    ]


def _input_errors(paths: Sequence[str]) -> list[str]:
    """What keeps the app from opening ``paths``: missing paths, empty directories."""
    missing = [
        f"{p}: no such file or directory" for p in paths if p != "-" and not os.path.lexists(p)
    ]
    return missing + empty_dirs(paths)


def add_input_format(ap: argparse.ArgumentParser, *, as_format: bool) -> None:
    """``--from NAME`` / ``--input-format NAME`` (and ``--format NAME`` when
    ``as_format``): read every input as that format instead of detecting it."""
    from parsers.formats import FORMATS

    names = ["--from", "--input-format", *(["--format"] if as_format else [])]
    ap.add_argument(
        *names,
        dest="input_format",
        choices=FORMATS,
        default=None,
        metavar="NAME",
        help=f"read every input as this format instead of detecting it ({', '.join(FORMATS)})",
    )


def output_format(choices: Sequence[str], command: str) -> Callable[[str], str]:
    """argparse ``type`` of an output ``--format``: one of ``choices``; an input
    format name gets a one-line pointer to ``--from``."""
    from parsers.formats import FORMATS

    def check(value: str) -> str:
        if value in choices:
            return value
        if value in FORMATS:
            raise argparse.ArgumentTypeError(
                f"{value!r} is an input format; --format is the output format of "
                f"'newsdesk {command}' ({', '.join(choices)}); "
                f"to read the inputs as {value}, use --from {value}"
            )
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (one of {', '.join(choices)})")

    return check


@contextmanager
def forcing_format(name: str | None) -> Iterator[None]:
    """While inside, every parse of this process and of the workers it starts reads
    ``name`` (``NEWSDESK_INPUT_FORMAT``), without the on-disk cache: cached rows are
    what detection read. Nothing changes for ``None``; the environment is restored."""
    if not name:
        yield
        return
    from parsers.formats import INPUT_FORMAT_ENV
    from parsers.store.location import NO_CACHE_ENV

    saved = {k: os.environ.get(k) for k in (INPUT_FORMAT_ENV, NO_CACHE_ENV)}
    os.environ[INPUT_FORMAT_ENV] = name
    os.environ[NO_CACHE_ENV] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _report(errors: Sequence[str]) -> None:
    from parsers.sanitize import visible

    for msg in errors:
        print(f"newsdesk: error: {visible(msg)}", file=sys.stderr)


def _parse_command(argv: Sequence[str]) -> int:
    from parsers.dump.lossless import check_lossless
    from parsers.dump.parser import ParseResult
    from parsers.pipeline import iter_parsed, resolve_records
    from parsers.sanitize import escape_json_controls, visible

    ap = argparse.ArgumentParser(
        prog="newsdesk parse",
        description=(
            "Parse dumps, feeds, JSON/JSONL exports, reader markdown, saved HTML pages or "
            "plain-text articles into article records (JSON Lines or a JSON array) on stdout."
        ),
    )
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ap.add_argument(
        "--format",
        "--to",
        dest="format",
        type=output_format(("jsonl", "json"), "parse"),
        default="jsonl",
        metavar="{jsonl,json}",
        help="output format (default jsonl)",
    )
    add_input_format(ap, as_format=False)
    ap.add_argument("--no-entities", action="store_true", help="skip entity extraction")
    ap.add_argument("--check", action="store_true", help="verify every input line is accounted for")
    args = ap.parse_args(argv)
    empty = empty_dirs(args.paths)
    _report(empty)
    status = 1 if empty else 0
    files = []
    for res in iter_parsed(
        args.paths,
        input_format=args.input_format,
        entities=not args.no_entities,
        keep_documents=args.check,
    ):
        path = res.path
        if res.error is not None:
            print(f"newsdesk: error: {res.error}", file=sys.stderr)
            status = 1
            continue
        for warning in res.warnings:
            print(f"newsdesk: warning: {visible(path)}: {visible(warning)}", file=sys.stderr)
        if not res.articles:
            print(f"newsdesk: warning: {visible(path)}: no articles found", file=sys.stderr)
        doc = res.document
        decoded = doc.decoded if doc is not None else None
        if doc is not None and decoded is not None and doc.format in ("dump", "text"):
            parsed = ParseResult(doc.articles, doc.stray)  # the line-based formats
            for problem in check_lossless(decoded.text, parsed, decoded.removed):
                print(f"newsdesk: lossless: {visible(path)}: {visible(problem)}", file=sys.stderr)
                status = 1
        files.append(res)
    if args.no_entities:
        articles = [a for f in files for a in f.articles]
    else:
        articles = resolve_records(files)
    out = sys.stdout
    if args.format == "json":
        dumped = json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=1)
        out.write(escape_json_controls(dumped))
        out.write("\n")
    else:
        for a in articles:
            out.write(escape_json_controls(json.dumps(a.to_dict(), ensure_ascii=False)))
            out.write("\n")
    out.flush()
    return status


def _entities_command(argv: Sequence[str]) -> int:
    from parsers.model import ENTITY_KINDS
    from tui.entities_cmd import run

    ap = argparse.ArgumentParser(
        prog="newsdesk entities", description="List the entities found across the corpus."
    )
    ap.add_argument("paths", nargs="*", metavar="PATH", help="default: the library")
    ap.add_argument("--type", choices=ENTITY_KINDS, default=None)
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    add_input_format(ap, as_format=True)
    args = ap.parse_args(argv)
    paths = args.paths
    if not paths:  # the subscriptions library
        from tui.subscriptions_cmd import library_paths

        paths = library_paths()
        if not paths:
            ap.error("no PATH given and the subscriptions library is empty")
    with forcing_format(args.input_format):
        return run(paths, args.type, args.json)


def _app_command(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="newsdesk",
        description=(
            "Keyboard-driven terminal news browser. With no PATH, opens the library of "
            "subscriptions (the bundled sample while it is empty). "
            "Subcommands: 'newsdesk parse PATH...', 'newsdesk entities PATH...', "
            "'newsdesk stories PATH...', 'newsdesk cache [info|clear|prune]', "
            "'newsdesk export --format jsonl|csv|md PATH...'; subscriptions: "
            "'newsdesk subscribe URL', 'unsubscribe URL|NAME', 'subscriptions', "
            "'refresh [NAME...]', 'import-opml FILE', 'export-opml' (each has --help). "
            "'newsdesk config': the config file's path and settings."
        ),
    )
    ap.add_argument(
        "paths", nargs="*", metavar="PATH", help="files (any format) or directories; - is stdin"
    )
    ap.add_argument("--filter", metavar="QUERY", default=None, help="initial filter query")
    ap.add_argument("--view", metavar="NAME", default=None, help="open a saved view")
    ap.add_argument("--no-cache", action="store_true", help="bypass the on-disk cache")
    ap.add_argument(
        "--config",
        metavar="PATH",
        default=None,
        help="config file (default: see 'newsdesk config')",
    )
    add_input_format(ap, as_format=True)
    ap.add_argument("--version", action="version", version=f"newsdesk {version()}")
    args = ap.parse_args(argv)
    problems = _input_errors(args.paths)
    if problems:  # on the command line, not in an app with nothing to show
        _report(problems)
        return 2
    paths = _stdin_for_app(list(args.paths))
    if paths is None:
        return 2
    if not paths:  # the subscriptions library; the bundled sample while it is empty
        from tui.subscriptions_cmd import library_paths

        paths = library_paths()
    if args.no_cache:  # the parse workers and the gazetteer pickle see it too
        from parsers.store.location import NO_CACHE_ENV

        os.environ[NO_CACHE_ENV] = "1"
    from parsers.perf import gc_off_for_startup

    gc_off_for_startup()  # until the corpus is loaded (NewsApp.freeze_heap)
    from parsers.config import config_path, load_config
    from tui.app import make_app, run_app

    path = config_path(args.config)
    config, config_problems = load_config(path, required=args.config is not None)
    try:
        app = make_app(
            paths=paths,
            filter_query=args.filter,
            use_cache=not args.no_cache and not args.input_format,
            view=args.view,
            config=config,
            config_problems=config_problems,
        )
    except LookupError as exc:
        from parsers.sanitize import visible

        print(f"newsdesk: error: {visible(str(exc.args[0]))}", file=sys.stderr)
        return 2
    with forcing_format(args.input_format):
        return run_app(app)


def _stdin_for_app(paths: list[str]) -> list[str] | None:
    """A redirected stdin is input, never keys (``newsdesk < dump.txt`` reads it as ``-``).

    It is read first (capped), then the terminal becomes the app's stdin. ``None``
    (after a one-line message) when there is no terminal for the keys, or ``-`` is
    asked for while stdin is the terminal.
    """
    import os

    from parsers.files import InputError, take_stdin

    try:
        piped = sys.stdin is not None and not os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):
        piped = False
    if not piped:
        if "-" not in paths:
            return paths
        print(
            "newsdesk: error: '-' reads a dump from stdin, but stdin is the terminal; "
            "pipe one in ('newsdesk - < dump.txt') or name the file",
            file=sys.stderr,
        )
        return None
    paths = paths or ["-"]
    if "-" in paths:
        try:
            take_stdin()
        except InputError as exc:
            print(f"newsdesk: error: {exc}", file=sys.stderr)
            paths = [p for p in paths if p != "-"]
            if not paths:
                return None
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        print(
            "newsdesk: error: stdin is not a terminal and there is no terminal to read keys "
            "from; for scripts use 'newsdesk parse' or 'newsdesk entities'",
            file=sys.stderr,
        )
        return None
    os.dup2(tty, 0)  # the app's keys come from the terminal
    os.close(tty)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsdesk`` console script.

    A reader that goes away (``| head``) ends the output quietly, and Ctrl+C
    exits with 130 and no traceback.
    """
    from parsers.perf import limit_blas_threads

    limit_blas_threads()  # before anything imports numpy
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "parse":
            code = _parse_command(args[1:])
        elif args and args[0] == "entities":
            code = _entities_command(args[1:])
        elif args and args[0] == "stories":
            from tui.stories_cmd import run as stories_command

            code = stories_command(args[1:])
        elif args and args[0] == "cache":
            from tui.cache_cmd import run as cache_command

            code = cache_command(args[1:])
        elif args and args[0] == "config":
            from tui.config_cmd import run as config_command

            code = config_command(args[1:])
        elif args and args[0] == "export":
            from tui.export_cmd import run as export

            code = export(args[1:])
        elif args and args[0] in SUBSCRIPTION_COMMANDS:
            from tui.subscriptions_cmd import main as subscriptions

            code = subscriptions(args[0], args[1:])
        else:
            code = _app_command(args)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    return code


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the exit flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
