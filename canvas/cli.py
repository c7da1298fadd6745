"""``python -m canvas``: validate and export canvas files without the web app.

Facilitators batch their handouts from a shell, so every message is one line naming the
file, and the exit code says whether everything worked (0), a file was refused (1) or the
command itself was wrong (2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from canvas.export import ExportTooSlow, ExportUnavailable, export_canvas
from canvas.export.evidence_tables import tests_csv_bytes
from canvas.fileformat.models import json_schema
from canvas.fileformat.validation import CanvasFileError, parse_canvas
from canvas.i18n import LANGUAGES, get_translator
from canvas.store import StoreError
from canvas.store.copy import copy_store, differences, inventory, open_side
from canvas.store.folder.files import atomic_write

#: ``tests-csv`` is the test and learning cards, one row each (CSV holds one table a file).
FORMATS = ("png", "pdf", "docx", "svg", "csv", "tests-csv", "xlsx", "json")

def cmd_validate(args, t) -> int:
    failed = False
    for name in args.files:
        path = Path(name)
        try:
            parse_canvas(path.read_bytes(), str(path))
        except FileNotFoundError:
            print(t("cli.not_found", file=str(path)))
            failed = True
        except OSError as exc:
            print(t("cli.unreadable", file=str(path), reason=exc.strerror or str(exc)))
            failed = True
        except CanvasFileError as exc:
            for line in exc.lines(t):
                print(line)
            failed = True
        else:
            if args.verbose:
                print(t("cli.valid", file=str(path)), file=sys.stderr)
    return 1 if failed else 0

def cmd_export(args, t) -> int:
    path = Path(args.file)
    try:
        canvas = parse_canvas(path.read_bytes(), str(path))
    except FileNotFoundError:
        print(t("cli.not_found", file=str(path)), file=sys.stderr)
        return 1
    except CanvasFileError as exc:
        for line in exc.lines(t):
            print(line, file=sys.stderr)
        return 1
    lang = args.lang or canvas.language
    t = get_translator(lang)
    if args.format == "json":
        data, suggested = canvas.to_json().encode("utf-8"), f"{path.stem}.json"
    elif args.format == "tests-csv":
        data, suggested = tests_csv_bytes(canvas, t), f"{path.stem}-tests.csv"
    else:
        try:
            data, _mime, suggested = export_canvas(canvas, args.format, t, figure=args.figure)
        except (ExportUnavailable, ExportTooSlow) as exc:
            print(exc.message(t), file=sys.stderr)
            return 1
    out = Path(args.output) if args.output else path.with_name(
        suggested if args.format in ("json", "tests-csv") else f"{path.stem}.{args.format}")
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return 0
    if out.resolve() == path.resolve():
        print(t("cli.same_file", file=str(out)), file=sys.stderr)
        return 2
    atomic_write(out, data)
    print(t("cli.written", file=str(out), size=len(data)), file=sys.stderr)
    return 0

def cmd_schema(args, t) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0

def cmd_store_copy(args, t) -> int:
    """Copy a whole store (folder or database) into another, then verify the target."""
    if args.source == args.target:
        print(t("database.copy.same"), file=sys.stderr)
        return 2
    sides = []
    try:
        source = open_side(args.source)
        sides.append(source)
        target = open_side(args.target)
        sides.append(target)
        copied = copy_store(source, target)
        print(t("database.copy.done", source=str(source), target=str(target),
                accounts=copied.accounts, canvases=copied.canvases,
                revisions=copied.revisions, workshops=copied.workshops))
        print(t("copyx.copied", comments=copied.comments, links=copied.mentor_links))
        problems = differences(copied, inventory(target))
    except StoreError as exc:
        print(exc.message(t), file=sys.stderr)
        return 1
    finally:
        for side in sides:
            side.close()
    if problems:
        print(t("database.copy.mismatch", what=", ".join(problems[:10])), file=sys.stderr)
        return 1
    print(t("database.copy.verified"))
    print(t("copyx.verified"))
    return 0

def build_parser() -> argparse.ArgumentParser:
    t = get_translator("en")
    parser = argparse.ArgumentParser(prog="python -m canvas", description=t("cli.description"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help=t("cli.help.validate"))
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("-v", "--verbose", action="store_true")
    export = sub.add_parser("export", help=t("cli.help.export"))
    export.add_argument("file", metavar="FILE")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("-o", "--output", metavar="OUT", help=t("cli.help.output"))
    export.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, dest="lang",
                        help=t("cli.help.lang"))
    export.add_argument("--figure", default="diagram", help=t("cli.help.figure"))
    sub.add_parser("schema", help=t("cli.help.schema"))
    store = sub.add_parser("store", help=t("database.help.store"))
    store_sub = store.add_subparsers(dest="store_command", required=True)
    copy = store_sub.add_parser("copy", help=t("database.help.copy"))
    copy.add_argument("--from", dest="source", required=True, metavar="DATA_DIR_OR_URL",
                      help=t("database.help.location"))
    copy.add_argument("--to", dest="target", required=True, metavar="URL_OR_DATA_DIR",
                      help=t("database.help.location"))
    return parser

def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    t = get_translator(args.lang or "en")
    handler = {"validate": cmd_validate, "export": cmd_export, "schema": cmd_schema,
               "store": cmd_store_copy}
    try:
        return handler[args.command](args, t)
    except BrokenPipeError:
        return 0
