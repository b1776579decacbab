"""Optical character recognition of a page image: its characters with their boxes and scores.

rapidocr (PP-OCR models shipped inside the wheel, run on onnxruntime) finds the lines of
text and reads them; each character comes with its box (a number's digits share their
word's box, split evenly) and its recognition score. A number read with a score below
ocr.yml's `digit_score` is written with the digits each of its digits may be
(canonical.doubtful): it is never published as read unless the form's identities settle
it. Installed with the `ocr` extra and imported only when a scan comes.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache

from govparse.data import load_settings
from govparse.errors import ReportError
from govparse.sources.canonical import doubtful


@dataclass(frozen=True)
class Settings:
    render_scale: float
    max_scale: float
    digit_score: float
    confusable: dict[str, str]
    min_score: float
    skew_degrees: float
    rule_chars: float
    rule_darkness: float
    rule_thickness: float
    char_points: float
    threads: int


@cache
def settings() -> Settings:
    return load_settings("govparse.sources", "ocr.yml", Settings)


Quad = tuple[tuple[float, float], ...]  # four corners, clockwise from the top left


@dataclass(frozen=True)
class Glyph:
    text: str  # one character, or a doubtful digit's alternatives (canonical.doubtful)
    score: float
    quad: Quad  # in the image's pixels


log = logging.getLogger("govparse.ocr")  # a line per page read (the CLI shows them)


def page_read(path: str | None, number: int, count: int) -> None:
    log.info("文字识别：%s 第 %d/%d 页", path or "", number, count)


class OcrMissing(ReportError):
    code = "ocr_missing"


@cache
def available() -> bool:
    """Is the `ocr` extra installed? (Looked up, not imported: onnxruntime takes a second.)"""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("rapidocr", "onnxruntime", "cv2"))


def require() -> None:
    if not available():
        raise OcrMissing("这是扫描件（图像），需要文字识别（OCR）：请安装 govparse[ocr]"
                         "（pip install 'govparse[ocr]'）")


def threads() -> int:
    """Recognition threads of this process: ocr.yml's, unless a build's worker was given
    its share of the machine (GOVPARSE_OCR_THREADS); -1: onnxruntime's choice, every core."""
    given = os.environ.get("GOVPARSE_OCR_THREADS", "")
    return int(given) if given.isdigit() and int(given) > 0 else settings().threads or -1


@cache
def _engine():
    require()
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(params={"Global.log_level": "error",
                            "Global.text_score": settings().min_score,
                            "EngineConfig.onnxruntime.intra_op_num_threads": threads()})


@dataclass(frozen=True)
class Recognized:
    glyphs: list[Glyph]
    skew: float  # degrees the text lines slope down to the right (image y downwards)


def recognize(image) -> Recognized:
    """Every character recognized on `image` (a PIL image), and the slope of its lines."""
    import numpy as np

    result = _engine()(np.asarray(image.convert("RGB")), return_word_box=True)
    if result.boxes is None:  # no text found (its word_results are then a placeholder)
        return Recognized([], 0.0)
    glyphs: list[Glyph] = []
    for line in result.word_results:
        for text, score, quad in line:
            glyphs += _glyphs(str(text), float(score), tuple(map(tuple, quad)))
    return Recognized(glyphs, _skew(result.boxes))


def _skew(quads) -> float:
    """The median slope of the long text lines' top edges, in degrees."""
    import math
    import statistics

    slopes = []
    for quad in quads:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        height = math.dist(quad[0], quad[3])
        if x1 - x0 > 4 * height > 0:
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return statistics.median(slopes) if slopes else 0.0


def _glyphs(text: str, score: float, quad: Quad) -> list[Glyph]:
    """A recognized word's characters, each on its share of the word's box."""
    text = text.strip()
    if not text:
        return []
    number = any(ch.isdigit() for ch in text)
    doubt = number and score < settings().digit_score
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad[:4]
    n = len(text)
    out = []
    for i, ch in enumerate(text):
        a, b = i / n, (i + 1) / n  # the share of the top and bottom edges this char takes
        box = ((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
               (x3 + (x2 - x3) * b, y3 + (y2 - y3) * b), (x3 + (x2 - x3) * a, y3 + (y2 - y3) * a))
        if doubt and ch.isdigit():
            ch = doubtful(settings().confusable.get(ch, ch))
        out.append(Glyph(ch, score, box))
    return out
