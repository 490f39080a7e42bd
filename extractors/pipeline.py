"""From a read article to an :class:`~extractors.records.ArticleExtraction`.

``create_nlp(lang)`` assembles the spaCy pipeline of a language from registered
components (tokenizer fixes, normalizer/clitics, sentencizer, KB ruler, name patterns);
:class:`Extractor` cleans an article, runs the pipeline over its kept paragraphs, links
mentions to entities (KB ids or new ids), and runs the relation rules.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from importlib import import_module

import spacy
from spacy.language import Language

from ontology.kb import KnowledgeBase, load_kb

from . import components  # noqa: F401  (registers the factories)
from .clean import clean
from .lexicon import load_lexicon
from .records import ArticleExtraction, Entity, Mention, Statement
from .relations import Arg, ArticleState, Fact, RelationExtractor, Sentence
from .sources import RawArticle

_DIAC = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_SLUG = re.compile(r"[^\w]+")


def create_nlp(lang: str = "ar", kb_dir: str | None = None) -> Language:
    """The nufuz spaCy pipeline for a language.

    Parameters
    ----------
    lang : str
        Language code with an ``extractors/<lang>/`` data folder (``"ar"``).
    kb_dir : str, optional
        Knowledge-base folder; default: the one shipped in ``ontology/kb``.

    Returns
    -------
    spacy.language.Language
        Components: ``nufuz_normalizer``, ``nufuz_sentencizer``, ``nufuz_kb_ruler``,
        ``nufuz_name_patterns``.

    Raises
    ------
    ValueError
        For a language without data.
    """
    load_lexicon(lang)  # raises ValueError for a language without rules
    module = import_module(f"extractors.{lang}")
    nlp = spacy.blank(lang, config={"nlp": {"tokenizer": {"@tokenizers": module.TOKENIZER}}})
    nlp.add_pipe("nufuz_normalizer", config={"kb_dir": kb_dir})
    nlp.add_pipe("nufuz_sentencizer")
    nlp.add_pipe("nufuz_kb_ruler", config={"kb_dir": kb_dir})
    nlp.add_pipe("nufuz_name_patterns")
    return nlp


def _surface_without_clitic(text: str, clitic: str) -> str:
    """Drop the first ``len(clitic)`` letters (diacritics skipped) of a surface form.

    The article ال is kept: ``للولايات المتحدة`` with clitic ``لل`` gives ``الولايات المتحدة``.
    """
    n = len(clitic)
    if not n:
        return text
    keep_article = clitic.endswith("لل") or clitic.endswith("ال")
    letters = 0
    for i, c in enumerate(text):
        if _DIAC.match(c):
            continue
        if letters == n:
            rest = text[i:]
            break
        letters += 1
    else:
        return text
    if clitic.endswith("لل"):
        return "ال" + rest
    if clitic.endswith("ال") and keep_article:
        return "ال" + rest
    return rest


class Extractor:
    """Turn :class:`~extractors.sources.RawArticle` objects into extraction records.

    Parameters
    ----------
    lang : str
        Language of the pipeline (``"ar"``).
    kb : KnowledgeBase, optional
        Default: :func:`ontology.kb.load_kb`.
    nlp : spacy.language.Language, optional
        Default: :func:`create_nlp` for ``lang``.
    """

    def __init__(self, lang: str = "ar", kb: KnowledgeBase | None = None, nlp: Language | None = None):
        self.lang = lang
        self.kb = kb or load_kb()
        self.nlp = nlp or create_nlp(lang)
        self.lex = load_lexicon(lang)
        self.module = import_module(f"extractors.{lang}")

    def extract(self, raw: RawArticle) -> ArticleExtraction:
        """Extract one article (see :meth:`extract_many`)."""
        return next(self.extract_many([raw]))

    def extract_many(self, raws: Iterable[RawArticle], batch_size: int = 64) -> Iterator[ArticleExtraction]:
        """Extract articles in order, running spaCy over their paragraphs with ``nlp.pipe``.

        Yields
        ------
        ArticleExtraction
            One per input article, in input order.
        """
        for raw in raws:
            cleaned = clean(raw.text, raw.lang)
            segs = cleaned.paragraphs
            docs = list(self.nlp.pipe((raw.text[s.start:s.end] for s in segs), batch_size=batch_size))
            headline = raw.headline or (raw.text[cleaned.title.start:cleaned.title.end] if cleaned.title else None)
            yield self._article(raw, cleaned, segs, docs, headline)

    # ------------------------------------------------------------------ linking
    def _link(self, span, offset: int, doc_locative) -> tuple[Entity, Mention]:
        clitic = span[0]._.clitic
        surface = _surface_without_clitic(span.text, clitic)
        start = offset + span.start_char + max(len(span.text) - len(surface), 0)
        end = offset + span.end_char
        if span.kb_id_:
            entry = self.kb.get(span.kb_id_)
            eid, cls = entry.id, entry.cls
            if cls == "City" and span._.kind != "demonym":
                country = self.kb.capital_of(eid)
                if country and not doc_locative(span):
                    entry = self.kb.get(country)
                    eid, cls = entry.id, entry.cls
            ent = Entity(eid, cls, entry.label_ar, entry.label_en,
                         same_as=[f"http://www.wikidata.org/entity/{entry.wikidata}"] if entry.wikidata else [])
        else:
            cls = span._.cls or "Organization"
            key = " ".join(t.norm_ for t in span)
            eid = f"{cls.lower()}/{_SLUG.sub('-', self.module.romanize(key).lower()).strip('-')}"
            ent = Entity(eid, cls, surface, self.module.romanize(surface), in_kb=False)
        label = span.label_
        return ent, Mention(start, end, surface, label, eid)

    def _article(self, raw: RawArticle, cleaned, segs, docs, headline) -> ArticleExtraction:
        art = ArticleExtraction(source=raw.path, sha1=raw.sha1, text=raw.text, lang=raw.lang,
                                headline=headline, date_published=raw.date_published, removed=cleaned.removed)
        locative = self.lex.marker("locative")

        def is_locative(span) -> bool:
            if span[0]._.clitic in ("ب", "وب", "فب"):
                return True
            return span.start > 0 and (span.doc[span.start - 1].norm_,) in locative

        sentences: list[Sentence] = []
        for seg, doc in zip(segs, docs):
            by_sent: dict[int, list[Arg]] = {}
            for span in doc.ents:
                ent, mention = self._link(span, seg.start, is_locative)
                known = art.entities.setdefault(ent.id, ent)
                known.surface_forms.add(mention.text)
                art.mentions.append(mention)
                by_sent.setdefault(span.sent.start, []).append(
                    Arg(span.start, span.end, ent.id, ent.cls, kind=span._.kind or "name"))
            for sent in doc.sents:
                sentences.append(Sentence(doc, sent.start, sent.end, seg.start, by_sent.get(sent.start, [])))
        published = _dt.date.fromisoformat(raw.date_published) if raw.date_published else None
        rex = RelationExtractor(self.lex, self.module.clitic_candidates,
                                lambda eid: art.entities[eid].cls if eid in art.entities else "Organization",
                                published,
                                lambda eid: art.entities[eid].label_ar if eid in art.entities else "")
        facts = rex.extract(sentences, ArticleState())
        art.statements = _dedupe([self._statement(f, art) for f in facts])
        return art

    def _statement(self, f: Fact, art: ArticleExtraction) -> Statement:
        date, start, end = f.date, None, f.end_date
        return Statement(subject=f.subject, predicate=f.predicate, object=f.object, mode=f.mode,
                         plover=f.plover, cameo=f.cameo,
                         evidence=f.sentence.text, char_start=f.sentence.char_start, char_end=f.sentence.char_end,
                         confidence=f.confidence, lang=art.lang, date=date, start_date=start, end_date=end,
                         location=f.location, reported_by=f.reported_by, attributed_to=f.attributed_to,
                         trigger=f.trigger)


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """Keep one statement per (subject, predicate, object, mode, sentence), the most confident."""
    best: dict[tuple, Statement] = {}
    for st in statements:
        k = (st.subject, st.predicate, st.object, st.mode, st.char_start)
        if k not in best or st.confidence > best[k].confidence:
            best[k] = st
    return sorted(best.values(), key=lambda s: (s.char_start, s.predicate, s.subject, s.object))
