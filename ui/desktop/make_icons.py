"""Draw the app's icon: `python -m ui.desktop.make_icons` writes dipole-lab.svg and the PNG sizes beside it.

The picture is the app's own subject: the field lines r = c sin²θ of a point dipole along +x (four lobes
per line, all through the dipole) around a short bar, red (+) on the +x side, blue (−) on the other. Three
thick lines and no thin detail keep it readable at 16 px. The PNGs are rendered from the SVG by Qt's SVG renderer into the
freedesktop icon theme's folders (hicolor/SIZExSIZE/apps/dipole-lab.png), committed so that nothing is
drawn at install time.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "dipole-lab.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
LINE_CONSTANTS = (50.0, 100.0, 230.0)  # c of r = c sin²θ in the 256-unit picture, innermost first
INSIDE = 104.0  # lines are cut where they leave the square |x|, |y| <= INSIDE (Qt's SVG renderer has no clipPath)
CENTRE = 128.0


def field_line_path(c: float, points: int = 240) -> str:
    """One field line (all four lobes) as SVG path data, in the 256-unit picture (y down), cut at INSIDE."""
    parts = []
    for start in (0.0, math.pi):  # upper lobes, then the lower ones
        run: list[tuple[float, float]] = []
        for i in range(points + 1):
            theta = start + math.pi * i / points
            r = c * math.sin(theta) ** 2
            x, y = r * math.cos(theta), r * math.sin(theta)
            if max(abs(x), abs(y)) <= INSIDE:
                run.append((CENTRE + x, CENTRE - y))
                continue
            if len(run) > 1:
                parts.append("M" + " L".join(f"{px:.2f},{py:.2f}" for px, py in run))
            run = []
        if len(run) > 1:
            parts.append("M" + " L".join(f"{px:.2f},{py:.2f}" for px, py in run))
    return " ".join(parts)


def svg_text() -> str:
    lines = "\n".join(
        f'    <path d="{field_line_path(c)}" stroke-width="{w}" stroke-opacity="{o}"/>'
        for c, w, o in zip(LINE_CONSTANTS, (16, 14, 13), (1.0, 0.8, 0.6))
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>Dipole Lab</title>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="#16324f"/>
  <g fill="none" stroke="#9fd3ff" stroke-linecap="round" stroke-linejoin="round">
{lines}
  </g>
  <rect x="84" y="110" width="44" height="36" rx="8" fill="#2f7fd6"/>
  <rect x="128" y="110" width="44" height="36" rx="8" fill="#e8483e"/>
  <path d="M95,128 H117 M139,128 H161 M150,117 V139" stroke="#ffffff" stroke-width="8" stroke-linecap="round"/>
</svg>
"""


def png_path(size: int) -> Path:
    return HERE / "hicolor" / f"{size}x{size}" / "apps" / "dipole-lab.png"


def render_pngs() -> None:
    from PySide6 import QtCore, QtGui, QtSvg

    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts and images need one
    renderer = QtSvg.QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: Qt cannot read it")
    for size in SIZES:
        image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32)
        image.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"{path}: cannot write")


def main() -> None:
    SVG.write_text(svg_text(), encoding="utf-8")
    render_pngs()


if __name__ == "__main__":
    main()
