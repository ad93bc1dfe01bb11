"""`run_app` freezes what start-up built, so full collections stop walking it under load."""

import gc

import pytest
from aiohttp import web

from bot import cli


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_start_up_moves_the_long_lived_heap_out_of_the_collectors_way(unfrozen) -> None:
    app = web.Application()
    survivors = [object() for _ in range(1000)]  # stands in for the guide and the dialogs
    assert gc.get_freeze_count() == 0

    await cli._freeze_startup_heap(app)

    assert gc.get_freeze_count() >= len(survivors)


def test_serving_freezes_after_every_other_start_up_step(monkeypatch) -> None:
    served: list[web.Application] = []
    monkeypatch.setattr(cli.web, "run_app", lambda app, **_options: served.append(app))
    app = web.Application()
    app.on_startup.append(lambda _app: None)  # e.g. the scheduler's and the leaders' start-up

    cli.run_app(app, host="127.0.0.1", port=0)

    assert served == [app]
    assert app.on_startup[-1] is cli._freeze_startup_heap
