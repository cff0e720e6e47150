"""Body extraction quality: Masthead's import against trafilatura alone, on the same pages.

Precision, recall and F1 of 4-word shingles of `\\w+` tokens, per page, averaged per
style and overall, as public article-extraction benchmarks score them.
"""

import re
import time

import trafilatura
from lxml import html as lxml_html

from bench.import_pages import evaluation_set
from masthead.importers.formats.html_pages import article_pieces, page_metadata

SHINGLE = 4


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.casefold())
    return {tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def scores(found: str, expected: str) -> tuple[float, float, float]:
    got, want = shingles(found), shingles(expected)
    common = len(got & want)
    precision = common / len(got) if got else 0.0
    recall = common / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def masthead_body(source: str) -> str:
    title = page_metadata(lxml_html.document_fromstring(source))["title"]
    return "\n".join(piece.text for piece in article_pieces(source, title))


def trafilatura_body(source: str) -> str:
    # The same call Masthead makes, as plain text, without Masthead's cleaning.
    return (
        trafilatura.extract(
            source, include_comments=False, include_tables=True, favor_precision=True
        )
        or ""
    )


def evaluate(extract) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Mean (precision, recall, F1) per style and overall, and pages per second."""
    pages = evaluation_set()
    per_style: dict[str, list[tuple[float, float, float]]] = {}
    start = time.perf_counter()
    for style, source, expected in pages:
        per_style.setdefault(style, []).append(scores(extract(source), expected))
    elapsed = time.perf_counter() - start
    means = {style: mean(values) for style, values in per_style.items()}
    means["all"] = mean([value for values in per_style.values() for value in values])
    return means, len(pages) / elapsed


def mean(values: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(sum(value[i] for value in values) / len(values) for i in range(3))


def main() -> dict:
    masthead, masthead_rate = evaluate(masthead_body)
    alone, alone_rate = evaluate(trafilatura_body)
    print(f"Body extraction on {len(evaluation_set())} pages (4-word shingles, per page, averaged)")
    print(f"{'style':<10} {'Masthead P/R/F1':>22} {'trafilatura alone P/R/F1':>28}")
    for style in masthead:
        m, t = masthead[style], alone[style]
        print(
            f"{style:<10} {m[0]:>6.3f} {m[1]:>6.3f} {m[2]:>6.3f}   {t[0]:>12.3f} {t[1]:>6.3f} {t[2]:>6.3f}"
        )
    print(f"pages/s: Masthead {masthead_rate:.1f}, trafilatura alone {alone_rate:.1f}")
    verdict = "above" if masthead["all"][2] > alone["all"][2] else "NOT above"
    print(
        f"Masthead's F1 {masthead['all'][2]:.3f} is {verdict} trafilatura alone ({alone['all'][2]:.3f})."
    )
    return {"masthead": masthead, "trafilatura": alone}


if __name__ == "__main__":
    main()
