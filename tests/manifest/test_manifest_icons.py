"""The icons Teams shows: sizes, outline transparency, and that the PNGs match their script."""

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageChops

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "manifest"


def draw_icons() -> ModuleType:
    # manifest/ is not a Python package, so the script is loaded from its file.
    spec = importlib.util.spec_from_file_location("draw_icons", MANIFEST_DIR / "draw_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_colour_icon_is_192_square_and_in_colour() -> None:
    with Image.open(MANIFEST_DIR / "color.png") as image:
        assert image.format == "PNG"
        assert image.size == (192, 192)
        assert image.mode in {"RGB", "RGBA"}
        colours = image.convert("RGB").getcolors(maxcolors=192 * 192)
    assert colours is not None
    assert any(len({r, g, b}) > 1 for _, (r, g, b) in colours), "the colour icon is grey"


def test_outline_icon_is_32_square_white_on_transparent() -> None:
    with Image.open(MANIFEST_DIR / "outline.png") as image:
        assert image.format == "PNG"
        assert image.size == (32, 32)
        assert image.mode == "RGBA"
        pixels = [image.getpixel((x, y)) for y in range(32) for x in range(32)]
    visible = [pixel for pixel in pixels if pixel[3] > 0]
    assert all(pixel[:3] == (255, 255, 255) for pixel in visible)
    assert sum(pixel[3] == 0 for pixel in pixels) > len(pixels) // 3, "background not transparent"
    assert sum(pixel[3] == 255 for pixel in pixels) > len(pixels) // 10, "no solid motif"
    corners = [(0, 0), (31, 0), (0, 31), (31, 31)]
    assert all(pixels[y * 32 + x][3] == 0 for x, y in corners)


def test_committed_icons_are_what_the_script_draws() -> None:
    module = draw_icons()
    for name, drawn in (("color.png", module.draw_color()), ("outline.png", module.draw_outline())):
        with Image.open(MANIFEST_DIR / name) as committed:
            assert committed.mode == drawn.mode
            assert ImageChops.difference(committed, drawn).getbbox() is None, name
