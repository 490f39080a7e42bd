"""Regional influence report (the students' view): Markdown and a self-contained HTML page.

Both documents render one :class:`kg.analytics.RegionSummary`: a short summary (one English
sentence per actor and relation kind: holds/seeks influence, has/had/seeks military
presence, withdrew, opposes another's presence, seeks cooperation), then per actor a table
of what it holds, seeks, withdrew from and opposes, with years, statement and article
counts, and the evidence sentences quoted in Arabic with their sources.

The HTML page needs no network: its style is inline and its chart is an SVG drawn here
(one bar per actor and relation kind, length = number of statements). Every text that comes
from the data is escaped (:func:`html.escape`); Arabic text is wrapped in elements with
``dir="rtl"``/``lang="ar"`` (quotes) or ``<bdi>`` (names inside English sentences), so the
bidirectional algorithm cannot reorder the surrounding English. An evidence quote takes its
direction from its language tag (English evidence left to right, Arabic right to left);
bidirectional control characters (U+200E/F, U+061C, U+202A–E, U+2066–9) are removed from
every data text of both documents (:func:`visualizations.bidi.strip_bidi`), and a source
URL is a link only when it is http(s) (``rel="noopener noreferrer"``).
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

from rdflib import Graph

from kg.analytics import (
    COUNT_DEFINITIONS,
    KINDS,
    ActorInfluence,
    GraphIndex,
    HeadlineCounts,
    RegionSummary,
    headline_counts,
    influence_summary,
    read_graph,
)
from visualizations.bidi import safe_link, strip_bidi, text_direction
from visualizations.export import atomic_write

__all__ = [
    "KIND_COLOURS",
    "KIND_LABELS",
    "chart_svg",
    "report_html",
    "report_markdown",
    "write_report",
]

#: Short English and Arabic names of the relation kinds (table headings, chart legend).
KIND_LABELS: dict[str, tuple[str, str]] = {
    "influence": ("holds influence", "نفوذ قائم"),
    "seeks_influence": ("seeks influence", "يسعى إلى النفوذ"),
    "presence": ("military presence", "وجود عسكري"),
    "seeks_presence": ("seeks military presence", "يسعى إلى وجود عسكري"),
    "withdrew": ("withdrew", "انسحاب"),
    "opposes_presence": ("opposes presence", "يعارض وجود غيره"),
    "seeks_cooperation": ("seeks cooperation", "يسعى إلى التعاون"),
    "cooperates": ("cooperates", "تعاون"),
}
#: Bar colour of each kind (colour-blind-safe Tableau-10 hues).
KIND_COLOURS: dict[str, str] = {
    "influence": "#1f77b4", "seeks_influence": "#8fbbe0", "presence": "#e8730c",
    "seeks_presence": "#f5b97f", "withdrew": "#7f7f7f", "opposes_presence": "#d62728",
    "seeks_cooperation": "#8fd18a", "cooperates": "#2ca02c",
}
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")


def _md(text: str) -> str:
    """Markdown-escape inline text (``<`` ``>`` included, so no raw HTML reaches a renderer;
    bidirectional controls removed)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(strip_bidi(str(text)).split()))


def _e(text: object) -> str:
    """HTML-escape a text, without bidirectional control characters."""
    return escape(strip_bidi(str(text)), quote=True)


def _name_md(en: str, ar: str) -> str:
    if en and ar and en != ar:
        return f"{_md(en)} ({_md(ar)})"
    return _md(en or ar)


def _name_html(en: str, ar: str) -> str:
    if en and ar and en != ar:
        return f'{_e(en)} <bdi lang="ar" dir="rtl">{_e(ar)}</bdi>'
    text = en or ar
    return f'<bdi lang="ar" dir="rtl">{_e(text)}</bdi>' if _ARABIC.search(text) else _e(text)


def _numbered_evidence(a: ActorInfluence) -> tuple[list[tuple[str, str, list]], dict]:
    """Distinct evidence sentences of an actor, numbered from 1 in first-use order.

    Returns
    -------
    (list of (text, lang, [InfluenceEvidence...]), {id(fact): [numbers...]})
    """
    order: dict[tuple[str, str], int] = {}
    items: list[tuple[str, str, list]] = []
    refs: dict[int, list[int]] = {}
    for f in a.facts:
        nums = []
        for ev in f.evidence:
            key = (" ".join(ev.text.split()), ev.article)
            if key not in order:
                order[key] = len(items) + 1
                items.append((ev.text, ev.lang, []))
            items[order[key] - 1][2].append(ev)
            if order[key] not in nums:
                nums.append(order[key])
        refs[id(f)] = nums
    return items, refs


def _attribution(evs: list) -> list[tuple[str, str]]:
    """``[(label, value)]``: who reported and said it, and the article (first evidence)."""
    ev = evs[0]
    parts = []
    outlets = sorted({e.reported_by for e in evs if e.reported_by})
    speakers = sorted({e.attributed_to for e in evs if e.attributed_to})
    if outlets:
        parts.append(("reported by", ", ".join(outlets)))
    if speakers:
        parts.append(("attributed to", ", ".join(speakers)))
    if ev.source or ev.article:
        parts.append(("source", ev.source or ev.article))
    if ev.headline:
        parts.append(("headline", ev.headline))
    return parts


def _intro(summary: RegionSummary) -> str:
    places = [summary.place_labels.get(p, p) for p in summary.places]
    n_st = len({e.statement for a in summary.actors for f in a.facts for e in f.evidence})
    return (f"{n_st} statement{'s' if n_st != 1 else ''} from {summary.articles} "
            f"article{'s' if summary.articles != 1 else ''} about "
            f"{len(places)} place{'s' if len(places) != 1 else ''}: {', '.join(places)}.")


# --------------------------------------------------------------------------- Markdown

def _data_line(counts: HeadlineCounts) -> str:
    return f"Data: {counts.line()}."


def report_markdown(summary: RegionSummary, title: str | None = None,
                    counts: HeadlineCounts | None = None) -> str:
    """The influence report as Markdown.

    Parameters
    ----------
    summary : RegionSummary
        From :func:`kg.analytics.influence_summary`.
    title : str, optional
        Heading; default ``"Influence in <region> (<Arabic name>)"``.
    counts : kg.analytics.HeadlineCounts, optional
        The headline counts of the whole data (:func:`kg.analytics.headline_counts`), shown
        under the introduction as the build summary and the explorer show them, with
        their definitions in a footnote.

    Returns
    -------
    str
        Markdown (CommonMark + GitHub tables). Data text is backslash-escaped, so article
        text can neither add markup nor raw HTML.

    Examples
    --------
    >>> from kg.analytics import example_dataset, influence_summary
    >>> md = report_markdown(influence_summary(example_dataset(), "Central Asia"))
    >>> md.splitlines()[0]
    '# Influence in Central Asia (آسيا الوسطى)'
    >>> "- Russia holds influence in Central Asia (1 statement)." in md
    True
    """
    region = _name_md(summary.label_en, summary.label_ar)
    out = [f"# {_md(title) if title else 'Influence in ' + region}", ""]
    out += [f"*{_md(_intro(summary))}*", ""]
    if counts is not None:
        out += [_md(_data_line(counts)) + "[^counts]", ""]
    if not summary.actors:
        out += [("No statement in the data says who holds, seeks or contests influence or "
                 "military presence here."), ""]
        return "\n".join(out + _definitions_md(counts))
    out += ["## Summary", ""]
    out += [f"- {_md(line)}" for line in summary.lines()]
    out.append("")
    for a in summary.actors:
        out += [f"## {_name_md(a.label_en, a.label_ar)}", ""]
        if a.members:
            out += [f"Includes statements whose subject is {_md(', '.join(a.members))}.", ""]
        items, refs = _numbered_evidence(a)
        out += ["| relation | with / where | when | statements | articles | modes | evidence |",
                "|---|---|---|---:|---:|---|---|"]
        for f in a.facts:
            where = _name_md(f.target_en, f.target_ar)
            if f.where:
                where += " in " + _md(", ".join(f.where))
            out.append(f"| {_md(f.verb())} | {where} | {_md(f.when())} | {f.statements} | "
                       f"{f.articles} | {_md(', '.join(f.modes))} | "
                       f"{', '.join(f'[{n}]' for n in refs[id(f)])} |")
        out += ["", "Evidence:", ""]
        for n, (text, _lang, evs) in enumerate(items, 1):
            quote = f"«{_md(text)}»" if text else "(no evidence sentence)"
            src = "; ".join(f"{label}: {_md(value)}" for label, value in _attribution(evs))
            out.append(f"{n}. {quote}" + (f"\\\n   — {src}" if src else ""))
        out.append("")
    out += ["---", "", ("Generated by `nufuz report` from the knowledge graph; every line above "
                        "rests on the quoted sentences, extracted automatically and possibly "
                        "wrong."), ""]
    return "\n".join(out + _definitions_md(counts))


def _definitions_md(counts: HeadlineCounts | None) -> list[str]:
    if counts is None:
        return []
    return ["[^counts]: " + " ".join(_md(en[0].upper() + en[1:] + ".")
                                     for en, _ar in COUNT_DEFINITIONS.values()), ""]


# --------------------------------------------------------------------------- chart

def chart_svg(summary: RegionSummary, max_actors: int = 12, width: int = 760) -> str:
    """Horizontal bar chart (inline SVG): per actor, one bar per relation kind, length =
    statement count.

    Parameters
    ----------
    summary : RegionSummary
    max_actors : int
        Actors shown (most statements first); the rest are counted in a note.
    width : int
        Width in CSS pixels; the height follows the number of bars.

    Returns
    -------
    str
        An ``<svg>`` element with ``role="img"``, a ``<title>``, and a ``<title>`` tooltip
        per bar; empty string when there is no actor.

    Examples
    --------
    >>> from kg.analytics import example_dataset, influence_summary
    >>> svg = chart_svg(influence_summary(example_dataset(), "Central Asia"))
    >>> svg.startswith("<svg"), svg.count('class="bar"')
    (True, 5)
    """
    actors = summary.actors[:max_actors]
    if not actors:
        return ""
    label_w, bar_h, gap, head_h, pad = 210, 16, 4, 22, 10
    rows = [(a, k, n) for a in actors for k, n in a.kinds().items()]
    top = max(n for _, _, n in rows)
    unit = (width - label_w - 60) / top
    height = pad + sum(head_h + len(a.kinds()) * (bar_h + gap) + 8 for a in actors) + 40
    title = f"Statements per actor and relation in {summary.label_en or summary.label_ar}"
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
              f'height="{height}" viewBox="0 0 {width} {height}" '
              f'font-family="Tahoma, \'Noto Sans Arabic\', Arial, sans-serif" font-size="12">'),
             f"<title>{_e(title)}</title>"]
    y = pad
    for a in actors:
        name = a.label_en or a.label_ar
        parts.append(f'<text x="0" y="{y + 15}" font-weight="bold" font-size="13">{_e(name)}'
                     + (f' <tspan fill="#555" font-weight="normal" direction="rtl" '
                        f'unicode-bidi="embed">{_e(a.label_ar)}</tspan>'
                        if a.label_ar and a.label_en else "") + "</text>")
        y += head_h
        for kind, n in a.kinds().items():
            w = max(2.0, n * unit)
            label = KIND_LABELS[kind][0]
            parts.append(f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end" '
                         f'fill="#333">{_e(label)}</text>')
            parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" '
                         f'height="{bar_h}" fill="{KIND_COLOURS[kind]}" rx="2">'
                         f"<title>{_e(name)}: {_e(label)}, {n} statement"
                         f"{'s' if n != 1 else ''}</title></rect>")
            parts.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 12}" fill="#333">{n}</text>')
            y += bar_h + gap
        y += 8
    more = len(summary.actors) - len(actors)
    note = f"bar length = number of statements; {more} more actor(s) not shown" if more \
        else "bar length = number of statements"
    parts.append(f'<text x="0" y="{y + 20}" fill="#666" font-size="11">{_e(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Tahoma,"Noto Sans Arabic",Arial,sans-serif;
max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
.intro{color:#555} .counts{color:#555;font-size:.9rem;cursor:help} .summary li{margin:.2rem 0}
table{border-collapse:collapse;margin:.6rem 0;width:100%} th,td{border:1px solid #ddd;
padding:.3rem .5rem;text-align:start;vertical-align:top} th{background:#f4f4f4}
td.n{text-align:end} .kind{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;
margin-inline-end:.4rem;vertical-align:middle}
blockquote{margin:.4rem 0;padding:.4rem .8rem;background:#fafafa;border-inline-start:4px solid
#c9c9c9;font-size:1.05rem;font-family:Tahoma,"Noto Naskh Arabic","Noto Sans Arabic",serif}
.src{color:#555;font-size:.88rem;margin:.1rem 0 .9rem} ol.evidence li{margin-bottom:.4rem}
.chart{overflow-x:auto;margin:1rem 0} .legend span{margin-inline-end:1rem;white-space:nowrap}
footer{margin-top:3rem;color:#777;font-size:.85rem}
"""


def _quote_html(text: str, lang: str) -> str:
    if not text:
        return "<blockquote>(no evidence sentence)</blockquote>"
    # the quote's own language tag decides (an English sentence quoting an Arabic name
    # stays left to right); without a tag, its first strong letter
    rtl = text_direction(strip_bidi(text), lang) == "rtl"
    attrs = f' lang="{_e(lang or "ar")}" dir="rtl"' if rtl else (
        f' lang="{_e(lang)}" dir="ltr"' if lang else ' dir="ltr"')
    return f"<blockquote{attrs}>{_e(text)}</blockquote>"


def _value_html(label: str, value: str) -> str:
    """An attribution value: a source that is an http(s) URL as a safe link, else isolated text."""
    link = safe_link(value) if label == "source" else ""
    if link:
        return (f'<a href="{_e(link)}" rel="noopener noreferrer" dir="ltr">'
                f"{_e(link)}</a>")
    return f"<bdi>{_e(value)}</bdi>"


def _actor_html(a: ActorInfluence) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", a.actor.rsplit("/", 1)[-1])
    out = [f'<section class="actor" id="actor-{_e(slug)}">',
           f"<h2>{_name_html(a.label_en, a.label_ar)}</h2>"]
    if a.members:
        out.append(f"<p>Includes statements whose subject is {_e(', '.join(a.members))}.</p>")
    items, refs = _numbered_evidence(a)
    out.append("<table><thead><tr><th>relation</th><th>with / where</th><th>when</th>"
               "<th>statements</th><th>articles</th><th>modes</th><th>evidence</th></tr>"
               "</thead><tbody>")
    for f in a.facts:
        where = _name_html(f.target_en, f.target_ar)
        if f.where:
            where += " in " + _e(", ".join(f.where))
        links = ", ".join(f'<a href="#ev-{_e(slug)}-{n}">[{n}]</a>' for n in refs[id(f)])
        out.append(f'<tr><td><span class="kind" style="background:{KIND_COLOURS[f.kind]}">'
                   f"</span>{_e(f.verb())}</td><td>{where}</td><td>{_e(f.when())}</td>"
                   f'<td class="n">{f.statements}</td><td class="n">{f.articles}</td>'
                   f"<td>{_e(', '.join(f.modes))}</td><td>{links}</td></tr>")
    out.append('</tbody></table><h3>Evidence</h3><ol class="evidence">')
    for n, (text, lang, evs) in enumerate(items, 1):
        src = " · ".join(f"{_e(label)}: {_value_html(label, value)}"
                         for label, value in _attribution(evs))
        out.append(f'<li id="ev-{_e(slug)}-{n}">{_quote_html(text, lang)}'
                   f'<p class="src">{src}</p></li>')
    out.append("</ol></section>")
    return "\n".join(out)


def report_html(summary: RegionSummary, title: str | None = None,
                counts: HeadlineCounts | None = None) -> str:
    """The influence report as one self-contained HTML page (no script, no remote resource).

    Parameters
    ----------
    summary : RegionSummary
    title : str, optional
        Page title and heading; default ``"Influence in <region>"``.
    counts : kg.analytics.HeadlineCounts, optional
        The headline counts of the whole data, shown under the introduction (the
        definitions in its tooltip).

    Returns
    -------
    str
        HTML5 (``lang="en"``; Arabic quotes in ``dir="rtl"`` blockquotes, Arabic names in
        ``<bdi>``), with the :func:`chart_svg` chart and its legend.

    Examples
    --------
    >>> from kg.analytics import example_dataset, influence_summary
    >>> page = report_html(influence_summary(example_dataset(), "Central Asia"))
    >>> '<blockquote lang="ar" dir="rtl">تتمتع روسيا بنفوذ كبير</blockquote>' in page
    True
    >>> "<script" in page or "http://" in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    False
    """
    heading = title or f"Influence in {summary.label_en or summary.label_ar}"
    out = ["<!DOCTYPE html>", '<html lang="en" dir="ltr"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(heading)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(heading)}"
           + (f' <bdi lang="ar" dir="rtl">{_e(summary.label_ar)}</bdi>'
              if summary.label_ar and not title else "") + "</h1>",
           f'<p class="intro">{_e(_intro(summary))}</p>']
    if counts is not None:
        defs = "\n".join(en for en, _ar in COUNT_DEFINITIONS.values())
        out.append(f'<p class="counts" title="{_e(defs)}">{_e(_data_line(counts))}</p>')
    if not summary.actors:
        out.append("<p>No statement in the data says who holds, seeks or contests influence "
                   "or military presence here.</p>")
    else:
        out.append('<h2>Summary</h2><ul class="summary">')
        for a in summary.actors:
            for kind in KINDS:
                line = a.sentence(kind)
                if line:
                    out.append(f'<li><span class="kind" style="background:{KIND_COLOURS[kind]}">'
                               f"</span>{_e(line)}</li>")
        out.append("</ul>")
        used = [k for k in KINDS if any(a.by_kind(k) for a in summary.actors)]
        out.append('<div class="chart">' + chart_svg(summary) + "</div>")
        out.append('<p class="legend">' + "".join(
            f'<span><span class="kind" style="background:{KIND_COLOURS[k]}"></span>'
            f'{_e(KIND_LABELS[k][0])} <bdi lang="ar" dir="rtl">{_e(KIND_LABELS[k][1])}</bdi>'
            "</span>" for k in used) + "</p>")
        out += [_actor_html(a) for a in summary.actors]
    out.append("<footer>Generated by <code>nufuz report</code> from the knowledge graph; every "
               "line rests on the quoted sentences, extracted automatically and possibly "
               "wrong.</footer></body></html>")
    return "\n".join(out) + "\n"


def write_report(ds: Graph | GraphIndex, region: str, path: str | Path, fold: bool = True,
                 min_confidence: float = 0.0) -> tuple[Path, Path, RegionSummary]:
    """Write ``PATH.md`` and ``PATH.html`` for a region (each atomically), with the data's
    headline counts (:func:`kg.analytics.headline_counts`) under the introduction.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    region : str
        Arabic or English name, id or IRI (:func:`kg.analytics.resolve_entity`).
    path : str or pathlib.Path
        Output path without suffix (a ``.md`` or ``.html`` suffix is dropped).
    fold, min_confidence
        See :func:`kg.analytics.influence_summary`.

    Returns
    -------
    (pathlib.Path, pathlib.Path, RegionSummary)
        The Markdown path, the HTML path and the summary.

    Raises
    ------
    kg.analytics.UnknownEntityError
        When ``region`` names no entity (nothing is written).
    OSError
        When a file cannot be written.
    """
    idx = read_graph(ds)
    summary = influence_summary(idx, region, fold=fold, min_confidence=min_confidence)
    counts = headline_counts(idx)
    base = Path(path)
    if base.suffix.lower() in (".md", ".html", ".htm"):
        base = base.with_suffix("")
    md = atomic_write(base.parent / (base.name + ".md"),
                      report_markdown(summary, counts=counts).encode("utf-8"))
    page = atomic_write(base.parent / (base.name + ".html"),
                        report_html(summary, counts=counts).encode("utf-8"))
    return md, page, summary
