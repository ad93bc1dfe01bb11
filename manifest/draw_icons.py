"""Draw the Teams app icons: the guide's action staircase ("tiltakstrappa") with a rising sun.

Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on a transparent
background. Both are drawn here from one set of shapes so they stay alike; run
`.venv/bin/python manifest/draw_icons.py` to regenerate `color.png` and `outline.png`.
Shapes are drawn large and scaled down, which gives smooth edges without a font or SVG renderer.
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
TEAL = (31, 122, 140)
WHITE = (255, 255, 255)
SUN = (246, 196, 83)

# The motif on a 32-unit grid: three steps rising to the right, a sun over the lower steps.
STEPS: tuple[tuple[float, float, float, float], ...] = (
    (5.0, 21.0, 12.0, 27.0),
    (12.0, 15.5, 19.0, 27.0),
    (19.0, 10.0, 26.0, 27.0),
)
SUN_CENTRE = (11.0, 9.0)
SUN_RADIUS = 3.5

Fill = tuple[int, int, int] | int


def _scaled(box: tuple[float, ...], factor: float, offset: float = 0.0) -> list[float]:
    return [value * factor + offset for value in box]


def _draw_motif(
    draw: ImageDraw.ImageDraw, *, factor: float, offset: float, steps: Fill, sun: Fill
) -> None:
    for step in STEPS:
        draw.rectangle(_scaled(step, factor, offset), fill=steps)
    x, y = SUN_CENTRE
    r = SUN_RADIUS
    draw.ellipse(_scaled((x - r, y - r, x + r, y + r), factor, offset), fill=sun)


def draw_color(size: int = 192, supersample: int = 4) -> Image.Image:
    """Full colour, opaque: white steps and a warm sun on a calm teal square."""
    big = size * supersample
    image = Image.new("RGB", (big, big), TEAL)
    # The motif is shrunk a little and centred so it keeps clear of Teams' rounded crop.
    factor = big / 32 * 0.8
    offset = big * 0.1
    _draw_motif(ImageDraw.Draw(image), factor=factor, offset=offset, steps=WHITE, sun=SUN)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_outline(size: int = 32, supersample: int = 16) -> Image.Image:
    """White only; the shape lives in the alpha channel so every visible pixel stays pure white."""
    big = size * supersample
    mask = Image.new("L", (big, big), 0)
    _draw_motif(ImageDraw.Draw(mask), factor=big / 32, offset=0.0, steps=255, sun=255)
    image = Image.new("RGBA", (size, size), (*WHITE, 0))
    image.putalpha(mask.resize((size, size), Image.Resampling.LANCZOS))
    return image


def main() -> None:
    draw_color().save(HERE / "color.png", optimize=True)
    draw_outline().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
