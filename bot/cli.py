"""`naervaer`: serve the bot, chat with it in a terminal, migrate, and the tools around it."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys

import uvloop
from aiohttp import web

from bot.settings import ConfigurationError, Settings


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Sub-tools with their own argument parsers get the rest of the line untouched.
    if argv and argv[0] == "nlu":
        from content.nlu.cli import main as nlu_main

        return nlu_main(argv[1:])
    if argv and argv[0] == "absence-summary":
        from casework.absence.cli import main as absence_main

        return absence_main(argv[1:])
    if argv and argv[0] == "manifest":
        from bot.manifest_package import main as manifest_main

        return manifest_main(argv[1:])
    parser = argparse.ArgumentParser(prog="naervaer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="serve the bot on HOST:PORT (default 127.0.0.1:3978)")
    commands.add_parser("chat", help="chat with the bot in this terminal")
    commands.add_parser("migrate", help="bring the database to the newest schema")
    commands.add_parser("nlu", help="recognise intents: naervaer nlu 'TEXT' | --batch")
    commands.add_parser("manifest", help="build the Teams app package")
    commands.add_parser(
        "absence-summary", help="an absence export's pattern as JSON: absence-summary FILE"
    )
    args = parser.parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    try:
        if args.command == "serve":
            return serve(settings)
        if args.command == "chat":
            from bot.chat import chat

            return asyncio.run(chat(settings))
        if args.command == "migrate":
            return migrate(settings)
    except ConfigurationError as error:
        print(f"naervaer: {error}", file=sys.stderr)
        return 2
    return 1


def migrate(settings: Settings) -> int:
    from storage.migrate import upgrade

    applied = upgrade(settings.database_url)
    said = f"schema migrated from {applied[0] or 'empty'} to {applied[1]}" if applied else None
    print(f"naervaer: {said or 'schema already at head'}", file=sys.stderr)
    return 0


def serve(settings: Settings) -> int:
    from bot.app import create_app

    settings.ensure_safe_to_serve()
    migrate(settings)
    run_app(create_app(settings), host=settings.host, port=settings.port)
    return 0


log = logging.getLogger(__name__)
# An idle kept-alive connection is closed after this (aiohttp's default, 75 s, let 1,100 idle
# sockets exhaust a ulimit of 1024); Teams opens a new one when it needs it.
KEEPALIVE_S = 15.0


def run_app(app: web.Application, *, host: str, port: int) -> None:
    """Serve on uvloop: the event loop's own polling and socket writes were a tenth of a
    turn's CPU on asyncio's default loop. Everything else is plain aiohttp."""
    app.on_startup.append(_freeze_startup_heap)

    def listening(_banner: str) -> None:
        # aiohttp calls this once, after the socket is bound: the one line `make run` shows.
        log.info("listening on %s:%s", host, port)

    web.run_app(
        app,
        host=host,
        port=port,
        access_log=None,
        print=listening,
        loop=uvloop.new_event_loop(),
        keepalive_timeout=KEEPALIVE_S,
    )


async def _freeze_startup_heap(_app: web.Application) -> None:
    """The guide, the recognizer's word lists and the compiled dialogs are ~200,000 objects that
    live as long as the process. Left in the collector's oldest generation, every full collection
    walked them all: ~100 ms with the event loop stopped, several times a minute under load (a
    seventh of the CPU and most of the p95 latency in the benchmark). Frozen, they are never
    scanned again; what turns allocate is collected as before."""
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    raise SystemExit(main())
