"""From a read article to an :class:`~extractors.records.ArticleExtraction`.

``create_nlp(lang)`` assembles the spaCy pipeline of a language from registered
components (tokenizer fixes, normalizer/clitics, sentencizer, KB ruler, name patterns);
:class:`Extractor` cleans an article, runs the pipeline over its kept paragraphs, links
mentions to entities (KB ids or new ids), and runs the relation rules.
"""
from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import import_module

import spacy
from spacy.attrs import ENT_TYPE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ontology.kb import KnowledgeBase, load_kb

from . import cased_names, components  # noqa: F401  (registers the factories)
from . import ner as _ner  # noqa: F401  (registers nufuz_ner)
from .clean import clean
from .components import INNER_PLACES, ORG_CLASSES, QUOTES, load_actor_groups, load_name_cues, ontonotes_label
from .language import Grammar, get_grammar
from .lexicon import load_lexicon
from .memo import bound_memos, word_memo
from .records import Segment, ArticleExtraction, Entity, Mention, Statement
from .relations import Arg, ArticleState, Fact, RelationExtractor, Sentence
from .sources import RawArticle, check_buildable
from .text import for_rules
from .tokens import (clitic, has_article, set_reading, set_span_ext, span_cls, span_kind, span_norms, token_norms,
                     token_texts)

_DIAC = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_SLUG = re.compile(r"[^\w]+")
#: The language the knowledge base writes office titles in (``people.tsv`` ``title_ar``).
_KB_TITLE_LANG = "ar"
#: ``doc.user_data`` key: title-only mentions of an office holder (:meth:`Extractor._title_holders`),
#: as ``(start, end, "Person", person id, "title")``.
TITLE_HOLDERS = "nufuz_title_holders"


def create_nlp(lang: str = "ar", kb_dir: str | None = None, ner: bool | None = None) -> Language:
    """The nufuz spaCy pipeline for a language.

    Parameters
    ----------
    lang : str
        Language code with an ``extractors/<lang>/`` data folder (``"ar"``).
    kb_dir : str, optional
        Knowledge-base folder; default: the one shipped in ``ontology/kb``.
    ner : bool, optional
        Add the statistical name recogniser ``nufuz_ner`` (:mod:`extractors.ner`) last, so
        that every rule component's spans win over it (its model: ``extractors/<lang>/ner``).
        Default (None): on for a language that ships a model (Arabic), off otherwise; False
        gives the rules alone (README, "Statistical names").

    Returns
    -------
    spacy.language.Language
        Components: ``nufuz_normalizer``, ``nufuz_sentencizer``, ``nufuz_kb_ruler``, the
        language's name components (its ``NAME_PIPES``; default ``nufuz_name_patterns``,
        English ``nufuz_cased_names``), ``nufuz_actor_groups``, and ``nufuz_ner`` when
        ``ner`` is true (or None and the language ships a model).

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
    for pipe in getattr(module, "NAME_PIPES", ("nufuz_name_patterns",)):
        nlp.add_pipe(pipe)
    nlp.add_pipe("nufuz_actor_groups")
    if ner or ner is None and _ner.has_model(lang):
        nlp.add_pipe("nufuz_ner")
    return nlp


def _year_of(date: str | None) -> int | None:
    """The year of an ISO date (``"2015-08-10"`` -> 2015), None when there is none."""
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _mention_start(text: str, surface: str, end: int, fused: frozenset[str] = frozenset()) -> int:
    """Start offset of a mention whose form ``surface`` ends at ``end`` where ``text`` (the
    span as written, proclitic included) ends.

    The mention starts after the proclitic. "للقوات" (ل + the article, its alif elided) is
    given as "القوات": the offsets cover what the text and the form share ("لقوات") and,
    when the letter before is one of ``fused`` (the prepositions that take the article's
    alif: Arabic ل), that letter too: the whole word "للقوات", the convention of name
    annotation (a word is not cut inside the article).
    """
    if text.endswith(surface):
        return end - len(surface)
    shared = next((n for n in range(min(len(text), len(surface)), 0, -1) if text.endswith(surface[-n:])), 0)
    before = text[:len(text) - shared]
    if shared and any(before.endswith(p) for p in fused):
        return end - shared - 1
    return end - shared


def _surface_without_clitic(text: str, clitic: str, grammar: Grammar) -> str:
    """Drop the first ``len(clitic)`` letters (diacritics skipped) of a surface form.

    The article is kept (:attr:`Grammar.article`, :attr:`Grammar.dative_article`):
    ``للولايات المتحدة`` with clitic ``لل`` gives ``الولايات المتحدة``. ``grammar`` defaults
    to Arabic's.
    """
    n = len(clitic)
    if not n:
        return text
    article, dative = grammar.article, grammar.dative_article
    keep_article = bool(article) and (bool(dative) and clitic.endswith(dative) or clitic.endswith(article))
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
    return article + rest if keep_article else rest


class Extractor:
    """Turn :class:`~extractors.sources.RawArticle` objects into extraction records.

    Parameters
    ----------
    lang : str
        Language of the pipeline (``"ar"``).
    kb : KnowledgeBase, optional
        Default: :func:`ontology.kb.load_kb`.
    nlp : spacy.language.Language, optional
        Default: :func:`create_nlp` for ``lang`` (with the statistical name recogniser where
        the language ships one).
    """

    def __init__(self, lang: str = "ar", kb: KnowledgeBase | None = None, nlp: Language | None = None):
        self.lang = lang
        self.kb = kb or load_kb()
        self.nlp = nlp or create_nlp(lang)
        self.lex = load_lexicon(lang)
        self.module = import_module(f"extractors.{lang}")
        self._relation_cache: dict = {}
        self._places: dict[str, str] | None = None
        self._label_cache: dict[tuple[str, str], tuple[str, str]] = word_memo()
        self._id_cache: dict[tuple[str, str], str] = word_memo()  # (class, key) -> :meth:`_new_id`
        self._reading_keys: dict[str, tuple[frozenset[str], frozenset[str]]] = word_memo()  # :meth:`_keys_after_clitics`
        cues = load_name_cues(lang)
        self._heads = cues.place_heads
        self._city_heads = frozenset(h.words[-1] for h in cues.place_heads.values() if h.cls == "City")
        self._movement = cues.words("movement")
        self._honorifics = cues.words("honorific")
        self._styles = sorted(cues.seqs("style"), key=len, reverse=True)
        self._outside_heads = cues.words("outside_head")
        self._capital_words = cues.words("capital_word")
        self._saying = frozenset(w for seq in self.lex.marker("report_verb") for w in seq) | cues.words("speech")
        self._departure = cues.words("departure")
        # the direct object of a visit verb (زار موسكو) stays an actor: the relation rules read
        # it as the party met; only the goal of a trip (إلى موسكو، لموسكو) is a place
        self._place_before = cues.words("route") | cues.words("capital_word") | self._city_heads | cues.words("direction")
        self.g = get_grammar(lang)
        self._to = self.g.allative
        # proclitics a repeated name or a bare name part may carry (وبإدلب، لكورتونوف)
        preps = self.g.instrumental_clitics | self.g.dative_clitics
        self._part_clitics = frozenset({""} | set(self.g.conj_clitics) | {p for p in preps if len(p) == 1})
        self._office_index = None
        self._max_title = max((len(k) for k in self.lex.titles), default=1)
        self._part_preps = frozenset({""} | {p for p in preps if len(p) == 1})
        self._known_words = frozenset(self.lex.vocabulary()) | frozenset(self.lex.stopwords)
        self._name_clitics = frozenset(set(self.g.conj_clitics) | {p for p in preps if len(p) == 1}
                                       | {self.g.coordinator + p for p in preps if len(p) == 1})

    def extract(self, raw: RawArticle) -> ArticleExtraction:
        """Extract one article (see :meth:`extract_many`)."""
        return next(self.extract_many([raw]))

    def extract_many(self, raws: Iterable[RawArticle], batch_size: int = 64) -> Iterator[ArticleExtraction]:
        """Extract articles in order, running spaCy over their paragraphs with ``nlp.pipe``.

        Yields
        ------
        ArticleExtraction
            One per input article, in input order.

        Raises
        ------
        InputError
            An article in a language nufuz does not build (:func:`~extractors.sources.check_buildable`).
        """
        for raw in raws:
            check_buildable(raw)
            bound_memos()  # the rules' per-word memos stay bounded over a long stream
            cleaned = clean(raw.text, raw.lang)
            segs = _split_long(raw.text, cleaned.paragraphs)
            docs = list(self.nlp.pipe((for_rules(raw.text[s.start:s.end], self.g) for s in segs),
                                      batch_size=batch_size))
            headline = raw.headline or (raw.text[cleaned.title.start:cleaned.title.end] if cleaned.title else None)
            yield self._article(raw, cleaned, segs, docs, headline)

    def entity_docs(self, raw: RawArticle) -> list[tuple[Segment, Doc]]:
        """The kept segments of an article and their spaCy docs, with ``doc.ents`` as linking
        reads them (article-level readings of :meth:`_article_context` added): what the
        statistical name recogniser is trained on (:func:`extractors.ner.silver_docs`)."""
        bound_memos()
        cleaned = clean(raw.text, raw.lang)
        segs = _split_long(raw.text, cleaned.paragraphs)
        docs = list(self.nlp.pipe(for_rules(raw.text[s.start:s.end], self.g) for s in segs))
        self._article_context(docs, _year_of(raw.date_published))
        return list(zip(segs, docs))

    # ------------------------------------------------------------------ linking
    def _new_id(self, cls: str, key: str) -> str:
        """Id of an entity outside the KB: ``<class>/<slug of the romanized key>``."""
        got = self._id_cache.get((cls, key))
        if got is None:
            got = f"{cls.lower()}/{_SLUG.sub('-', self.module.romanize(key).lower()).strip('-')}"
            self._id_cache[(cls, key)] = got  # names recur across articles (a WordMemo)
        return got

    def _new_entity(self, cls: str, key: str, name: str) -> Entity:
        """The :class:`Entity` of a name outside the KB.

        ``key`` is the name's match keys joined by spaces, ``name`` its surface (no
        clitic). The labels come from :meth:`_labels`. The id is ``<class>/<slug>`` of the
        English label when the language gives an Arabic and an English label (a readable
        name for a name in another script: the same slug an English article's mention of
        that name gets, so the two merge across languages), else of the romanized key.
        """
        label_ar, label_en = self._labels(name, cls)
        eid = self._new_id(cls, label_en if label_ar and label_en else key)
        return Entity(eid, cls, label_ar, label_en, in_kb=False)

    def _link(self, span, offset: int, doc_locative, ctx: _ArticleContext | None = None) -> tuple[Entity, Mention]:
        """Link one entity span to an :class:`Entity` and make its :class:`Mention`.

        Parameters
        ----------
        span : spacy.tokens.Span
            An entity span (``kb_id_`` set for KB entities, ``_.cls``/``_.kind`` set).
        offset : int
            Character offset of the span's doc in the article text.
        doc_locative : callable
            ``span -> bool``: whether a capital stands as a place here (else it is a
            metonym for its country).
        ctx : _ArticleContext, optional
            Article-level readings: KB cities named as provinces, and bare name parts of new
            persons.

        Returns
        -------
        (Entity, Mention)

        Notes
        -----
        - A capital links to its country unless ``doc_locative`` says it is a place.
        - A ``province`` span (محافظة إدلب), and any bare mention of a KB city that the article
          names as a province, link to the Region ``region/<city id>`` with the English label
          "<city> <head>" (Idlib Governorate); a city head (مدينة غزنة) keeps the city.
        - A ``person-part`` span (a bare family name), or a one-word ``name-guess`` span of a
          cased script's name finder, links to the new person whose name contains it.
        """
        proclitic = clitic(span[0])
        text = span.text  # (read once: each ``Span.text`` joins the tokens' texts again)
        surface = _surface_without_clitic(text, proclitic, self.g)
        start = _mention_start(text, surface, offset + span.end_char, self.g.dative_clitics)
        # the name a new entity gets: "#صافي_الياسري" is named صافي الياسري
        name = surface.replace(self.g.hashtag_mark, "") if self.g.hashtag_mark.strip() else surface
        end = offset + span.end_char
        label = span.label_
        ctx = ctx or _ArticleContext()
        kind = span_kind(span)
        if (kind or "").startswith("group:"):
            ent = self._group(span)
        elif kind in ("person-part", "name-guess") and len(span) == 1 and (
                (id(span.doc), span.start) in ctx.part_links or span[0].norm_ in ctx.parts):
            eid, full = ctx.part_links.get((id(span.doc), span.start)) or ctx.parts[span[0].norm_]
            ent = replace(self._new_entity("Person", "", full), id=eid)
        elif span.kb_id_:
            entry = self.kb.get(span.kb_id_)
            eid, cls = entry.id, entry.cls
            province = ctx.provinces.get(eid)
            if kind == "province" or (
                    province and cls == "City" and kind in ("name", "alias") and not self._city_headed(span)):
                label_ar, head_en = province or (name, self._head_en(span))
                ent = Entity(f"region/{eid}", "Region", label_ar, f"{entry.label_en} {head_en}".strip(), in_kb=False)
                label = "LOC"
                return ent, Mention(start, end, surface, label, ent.id)
            if cls == "City" and kind != "demonym":
                country = self.kb.capital_of(eid)
                if country and not doc_locative(span):
                    entry = self.kb.get(country)
                    eid, cls = entry.id, entry.cls
            ent = Entity(eid, cls, entry.label_ar, entry.label_en,
                         same_as=[f"http://www.wikidata.org/entity/{entry.wikidata}"] if entry.wikidata else [])
        elif (link := ctx.names.get(span_norms(span))) is not None and link[0]:
            entry = self.kb.get(link[0])  # an acronym or short name of a KB entity (cased scripts)
            ent = Entity(entry.id, entry.cls, entry.label_ar, entry.label_en,
                         same_as=[f"http://www.wikidata.org/entity/{entry.wikidata}"] if entry.wikidata else [])
        elif link is not None:
            _kb, cls, key, full = link  # one entity per name of the article (cased scripts)
            ent = self._new_entity(cls, " ".join(key), full)
        elif (kind in ("org-pattern", "ner") and label == "ORG"
              and (longer := ctx.org_names.get(tuple(t.norm_ for t in span))) is not None):
            ent = self._new_entity(longer[1], " ".join(longer[0]), longer[2])  # المرصد السوري (لحقوق الإنسان)
        else:
            ent = self._new_entity(span_cls(span) or "Organization", " ".join(t.norm_ for t in span), name)
        if label == "PERSON" and kind != "title" and (k := self._leading_titles(span)):
            # "الملك عبدالله الثاني" (a KB form with its title): the mention is the name
            start = offset + span[k].idx
            surface = span[k:].text  # (the doc's text from token k to the span's end, without joining the whole doc)
        return ent, Mention(start, end, surface, label, ent.id)

    def _leading_titles(self, span) -> int:
        """Number of tokens that open a person's span with a title or honorific (الملك،
        الأمير، الشيخ، وزير الخارجية) before the name; never the whole span.

        Titles are outside a person's span (the annotation convention of person names: the
        title is not part of the name); the KB lists some forms with their title (الملك
        سلمان) because the title makes an ambiguous name certain, so the span found keeps it
        and the mention drops it. Title words: the titles lexicon, the grammar's honorifics
        and the ``honorific`` name cues, written with the article (a title before a name is
        definite; "سلطان" and "أمير" without it are given names: سلطان البازعي)."""
        k = 0
        norms = span_norms(span)  # (the span's keys: no Token per title test)
        while k < len(span) - 1:
            n = self._style_at(span, k, norms)
            if n and k + n < len(span):
                k += n  # "خادم الحرمين الشريفين الملك سلمان": a style of address
                continue
            if not has_article(span[k]):  # (سلطان البازعي: a given name, no title)
                break
            n = next((n for n in range(min(self._max_title, len(span) - 1 - k), 0, -1)
                      if tuple(norms[k:k + n]) in self.lex.titles), 0)
            if not n and (span[k].norm_ in self.g.honorifics or span[k].norm_ in self._honorifics):
                n = 1
            if not n:
                break
            k += n
        return k

    def _style_at(self, span, k: int, norms: tuple[str, ...] | None = None) -> int:
        """Number of tokens of a style of address (``style`` name cues: خادم الحرمين
        الشريفين، صاحب السمو الملكي) starting at token ``k`` of ``span``; 0 if none.
        ``norms``: the span's keys (:func:`~extractors.tokens.span_norms`) when the caller has them."""
        keys = (span_norms(span) if norms is None else norms)[k:k + 4]
        return next((len(st) for st in self._styles if keys[:len(st)] == st), 0)

    def name_tokens(self, span) -> tuple[int, int] | None:
        """Token range ``(start, end)`` of the name inside an entity span, as names are
        annotated (README, "Statistical names"); None when the span names nobody.

        - A person's titles and styles of address are outside (:meth:`_leading_titles`).
        - A place's head noun (``outside_head`` name cues: محافظة جدة، دولة قطر) is outside
          when a name follows it.
        - None for a description: a style of address alone (خادم الحرمين الشريفين), a title
          for its holder (``title`` spans: الرئيس الروسي), a capital named by its country's
          adjective (العاصمة البريطانية).
        """
        kind = span_kind(span)
        label = span.label_
        if kind == "title" or self._style_at(span, 0) == len(span) or (
                label in ("GPE", "LOC") and len(span) >= 2 and span[0].norm_ in self._capital_words
                and all(self.kb.demonym_owner(_surface_without_clitic(t.text, clitic(t), self.g)) for t in span[1:])):
            return None
        if label == "PERSON":
            return span.start + self._leading_titles(span), span.end
        if label in ("GPE", "LOC") and len(span) >= 2 and span[0].norm_ in self._outside_heads:
            return span.start + 1, span.end
        return span.start, span.end

    def _name_mention(self, span, m: Mention, offset: int) -> Mention:
        """The mention of a span as names are annotated (:meth:`name_tokens`): a place's
        head noun outside (the entity and its labels keep it), ``nominal`` set for a span
        that names nobody."""
        bounds = self.name_tokens(span)
        if bounds is None:
            return replace(m, nominal=True)
        if bounds[0] > span.start and span.label_ != "PERSON":  # (a person's mention drops its titles in _link)
            tok = span.doc[bounds[0]]
            start = offset + tok.idx
            if start > m.start:
                # (the doc's text from the token to the span's end, without joining the whole doc)
                return replace(m, start=start, text=span.doc[bounds[0]:span.end].text)
        return m

    def _labels(self, surface: str, cls: str = "") -> tuple[str, str]:
        """(Arabic label, English label) of a new entity of class ``cls`` named ``surface``:
        the language's ``entity_labels`` when it has one (given :meth:`_known` for the
        words the KB knows), else the surface and its romanization."""
        got = self._label_cache.get((surface, cls))
        if got is None:
            labels = getattr(self.module, "entity_labels", None)
            got = labels(surface, cls, self._known) if labels is not None else (surface, self.module.romanize(surface))
            self._label_cache[(surface, cls)] = got  # names recur across articles (a WordMemo)
        return got

    def _known(self, text: str) -> tuple[str, bool] | None:
        """The English of a word or phrase the KB knows, for the labels of new names:
        ``(first English demonym or label, True)`` for a demonym of a country or region
        (البحرينية -> Bahraini), ``(label_en, False)`` for a form of a country, region or
        city (أثيوبيا -> Ethiopia); None otherwise."""
        owner = self.kb.demonym_owner(text)
        if owner:
            entry = self.kb.get(owner)
            if entry is not None and entry.cls in ("Country", "Region"):
                return (entry.demonyms_en[0] if entry.demonyms_en else entry.label_en), True
        entry = self.kb.get(self._place_forms().get(" ".join(self.module.match_key(w) for w in text.split()), ""))
        return (entry.label_en, False) if entry is not None and entry.label_en else None

    def _place_forms(self) -> dict[str, str]:
        """Match key of every KB name and alias of a country, region or city -> its id
        (built once)."""
        if self._places is None:
            places = {}
            for form, eid, kind in self.kb.surface_forms_ar():
                entry = self.kb.get(eid)
                if kind in ("name", "alias") and entry is not None and entry.cls in ("Country", "Region", "City"):
                    places.setdefault(" ".join(self.module.match_key(w) for w in form.split()), eid)
            self._places = places
        return self._places

    def _group(self, span) -> Entity:
        """The :class:`Entity` of a generic-actor span: one per (group noun, country) so
        "المتظاهرون التونسيون" in two articles is one node, ``group/cvl-protesters-tunisia``
        (protesters (Tunisia)); the country is a nisba right after the noun."""
        noun = load_actor_groups(self.lang)[tuple(span_kind(span).split(":", 1)[1].split(" "))]
        sector = noun.sector
        nxt = next((e for e in span.doc.ents if e.start == span.end and e.kb_id_ and span_kind(e) == "demonym"), None)
        country = self.kb.get(nxt.kb_id_) if nxt is not None else None
        if country is not None and country.cls != "Country":
            country = None
        noun_slug = _SLUG.sub("-", noun.label_en.lower()).strip("-")
        eid = f"group/{sector.lower()}-{noun_slug}" + (f"-{country.id}" if country else "")
        label_en = f"{noun.label_en} ({country.label_en})" if country else noun.label_en
        label_ar = f"{noun.label_ar} ({country.label_ar})" if country else noun.label_ar
        return Entity(eid, "ActorGroup", label_ar, label_en, in_kb=False, sector=sector,
                      country=country.id if country else "")

    def _head_en(self, span) -> str:
        """English head of a province span's place head (محافظة -> Governorate)."""
        for n in (2, 1):
            head = self._heads.get(span_norms(span)[:n])
            if head is not None:
                return head.label_en
        return ""

    def _keys(self, t) -> tuple[str, ...]:
        """A token's key and its keys without a leading و/ف (وزار -> زار)."""
        if clitic(t):
            return (t.norm_,)
        return (t.norm_,) + tuple(c[1] for c in self.module.clitic_candidates(t.text)[1:] if c[0] in self.g.conj_clitics)

    def _city_headed(self, span) -> bool:
        """True when a city head noun (مدينة، بلدة) stands right before the span."""
        return span.start > 0 and span.doc[span.start - 1].norm_ in self._city_heads

    def _is_place(self, span, locative) -> bool:
        """Whether a capital is the place of an event here rather than a metonym.

        A place: after a locative preposition or ب (في موسكو، بموسكو، مقرها موسكو); after
        العاصمة, a city head, a route word or a compass word (العاصمة كابول، يربط كابول،
        جنوب غربي بغداد); in apposition to
        another name of the same city (العاصمة السورية دمشق); or as the goal (إلى / لـ) of a
        visit or trip named shortly before (زيارة إردوغان إلى بكين). The direct object of a
        visit verb (زار موسكو) stays a metonym: the relation rules read it as the party met.
        """
        doc = span.doc
        prep = self.g.bare_preposition(clitic(span[0]))  # (بالرياض: ب and the name's article)
        if prep in self.g.instrumental_clitics:
            return True
        k = span.start - 1
        if k >= 0 and token_texts(doc)[k] in QUOTES:
            k -= 1
        if k < 0:
            return False
        prev = doc[k]
        if (prev.norm_,) in locative or any(x in self._place_before for x in self._keys(prev)):
            return True
        if prev.ent_type_ and any(e.end == k + 1 and e.kb_id_ == span.kb_id_ for e in doc.ents):
            return True
        if prev.norm_ == self.g.ablative and any(x in self._departure for m in range(max(span.sent.start, span.start - 7),
                                                                                   span.start)
                                                 for x in self._keys(doc[m])):
            return True  # "سحبت حركة الشباب مقاتليها من مقديشو": the city left
        if prev.norm_ == self._to or prep in self.g.dative_clitics:
            return any(x in self._movement for m in range(max(span.sent.start, span.start - 7), span.start)
                       for x in self._keys(doc[m]))
        return False

    def _article_context(self, docs: list[Doc], year: int | None = None) -> _ArticleContext:
        """Collect article-level readings and add the mentions they license to the docs.

        - KB cities named as provinces anywhere in the article (``province`` spans).
        - Name parts of new persons (not given names, not function words): a bare part
          elsewhere (رحماني، تشانغ، كورتز) becomes a ``person-part`` span of the one person
          whose name has it or, when several have it, of the last one named before it.
        - Ambiguous KB forms that the doc-level rules rejected are accepted when the same
          entity is found elsewhere in the article and the form is a person's name, is
          quoted ("العديد") or has two words or more ("التحالف الدولي").
        - A generic body found by the organization pattern (وزارة الدفاع) is the KB
          organization whose name it is without a final demonym (وزارة الدفاع الروسية) when
          the article names exactly one such organization.
        - An organization's name that begins another one of the article (المرصد السوري
          after المرصد السوري لحقوق الإنسان) names that organization (``org_names``).
        - Names found by a pattern (places, quoted organizations, persons) or by the
          statistical recogniser (``ner`` spans) are found again where the article repeats
          them bare (في خان شيخون after بلدة خان شيخون); a new person's name parts link too,
          a part the name writes with the article also with it (:meth:`_definite_part`). In a
          cased script a given name is a part too ("Ahmed" and "Mohamed" of "Ahmed
          Mohamed"), as is a short last word ("Li"), and a part of several persons' names is
          the person the article names first.
        - With the article's ``year``: titles that name an office (الرئيس الروسي) link to the
          KB's holder of the office that year (:meth:`_title_holders`) when the article names
          that person, which an ambiguous form of his name (كاميرون after رئيس الوزراء
          البريطاني) now does too; they are kept in ``doc.user_data[TITLE_HOLDERS]``.
        """
        ctx = _ArticleContext()
        ents_now = ctx.ents  # (each ``doc.ents`` read builds every span again: read once per change)

        def ents_of(doc: Doc) -> tuple[Span, ...]:
            got = ents_now.get(id(doc))
            if got is None:
                got = ents_now[id(doc)] = doc.ents
            return got

        family: set[str] = set()
        if self.g.cased:  # one entity per name, acronyms and short names (cased_names.article_names)
            ctx.names = cased_names.article_names(docs, self.lang)
            for doc in docs:  # a word before a person that names no organization of the article
                ents = ents_of(doc)
                kept = [s for s in ents if span_kind(s) != "member-modifier" or span_norms(s) in ctx.names]
                if len(kept) != len(ents):  # (setting the same spans again changes nothing)
                    doc.ents = kept
                    ents_now[id(doc)] = tuple(kept)  # (a part of the spans read, in order: what doc.ents reads back)
            family = set().union(*(d.user_data.get(cased_names.FAMILY_NAMES, ()) for d in docs))
        owners: dict[str, dict[str, None]] = {}  # name part -> person ids, in the order the article names them
        definite: set[str] = set()
        full: dict[str, str] = {}
        found: set[str] = set()
        named: set[str] = set()  # persons named by an ambiguous form the article-level rules accept
        names: dict[tuple[str, ...], tuple[str, str]] = {}
        qualified: dict[tuple[str, ...], set[str]] = {}
        first: dict[tuple[str, str], tuple[int, int]] = {}  # (part, person) -> where first named
        for d_idx, doc in enumerate(docs):
            for s in ents_of(doc):
                if s.kb_id_:
                    found.add(s.kb_id_)
                    if s.label_ == "ORG" and len(s) >= 2 and self.kb.demonym_owner(
                            _surface_without_clitic(s[-1].text, clitic(s[-1]), self.g)):
                        qualified.setdefault(span_norms(s)[:-1], set()).add(s.kb_id_)
                kind = span_kind(s)
                if kind in ("place-pattern", "org-pattern", "person-pattern", "ner") and not s.kb_id_:
                    names.setdefault(span_norms(s), (span_cls(s), kind))
                if kind == "province" and s.kb_id_ not in ctx.provinces:
                    ctx.provinces[s.kb_id_] = (_surface_without_clitic(s.text, clitic(s[0]), self.g), self._head_en(s))
                elif kind == "person-pattern" or kind == "ner" and span_cls(s) == "Person":
                    surface = _surface_without_clitic(s.text, clitic(s[0]), self.g)
                    eid = self._new_entity("Person", " ".join(t.norm_ for t in s), surface).id
                    full.setdefault(eid, surface)
                    for t in s:
                        word = len(t.norm_) > 2 and t.norm_ not in self.lex.stopwords
                        if word and (t.norm_,) not in self.lex.given_names or self.g.cased and len(s) >= 2 \
                                and t.is_alpha and (word or t.i == s.end - 1):
                            # (in a cased script a given name is a part too: "Mohamed" and
                            # "Ahmed" of "Ahmed Mohamed"; and a short family name, "Li")
                            owners.setdefault(t.norm_, {})[eid] = None
                            first.setdefault((t.norm_, eid), (d_idx, s.start))
                            if has_article(t) and t.i > s.start:
                                definite.add(t.norm_)  # "سامي الخالدي": الخالدي may be named alone
        # a part of one person's name; in a cased script, a part of several (the family name of
        # "Ahmed Mohamed" and of his father "Mohamed El-Hassan Mohamed") is the person the
        # article names first, its subject (ids are kept in the order the article names them);
        # otherwise a part several persons share names the last of them named before it
        ctx.parts = {w: (next(iter(ids)), full[next(iter(ids))]) for w, ids in owners.items()
                     if len(ids) == 1 or self.g.cased}
        ctx.shared_parts = {w: sorted((first[(w, eid)], eid, full[eid]) for eid in ids)
                            for w, ids in owners.items() if len(ids) > 1 and not self.g.cased}
        orgs = {}
        for doc in docs:
            for s in ents_of(doc):
                if s.label_ == "ORG" and span_kind(s) in ("org-pattern", "ner") and not s.kb_id_:
                    orgs.setdefault(span_norms(s), (span_cls(s), _surface_without_clitic(s.text, clitic(s[0]), self.g)))
        longer: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for key in orgs:
            for n in range(2, len(key)):
                if key[:n] in orgs:
                    longer.setdefault(key[:n], set()).add(key)
        ctx.org_names = {short: (key, orgs[key][0], orgs[key][1]) for short, keys in longer.items() if len(keys) == 1
                         for key in keys}
        ctx.definite_parts = frozenset(w for w in definite if (w in ctx.parts or w in ctx.shared_parts)
                                       and w not in self._known_words)
        name_firsts = _name_firsts(names)  # (once per article: every doc looks the names up)
        if self.g.cased and family:  # "Paris claims" after "Valeska Paris": the person, not the city
            for doc in docs:  # (not "in Paris", "Visiting Paris", "Paris Fashion Week", a dateline "PARIS")
                doc.ents = [_span(doc, s.start, s.end, "Person", "person-part")
                            if len(s) == 1 and s.kb_id_ and s[0].norm_ in family and s[0].norm_ in ctx.parts
                            and span_kind(s) != "demonym" and s[0].text[:1].isupper() and not s[0].text.isupper()
                            and not (s.start > 0 and ((token_norms(doc)[s.start - 1],) in self.lex.marker("preposition")
                                                      or (token_norms(doc)[s.start - 1],) in self.lex.marker("title_filler")
                                                      or token_norms(doc)[s.start - 1].endswith("ing"))
                                     or s.end < len(doc) and token_texts(doc)[s.end][:1].isupper())
                            else s for s in ents_of(doc)]
                ents_now.pop(id(doc), None)
        titled = [self._title_holders(doc, year, ents_of(doc)) if year is not None else [] for doc in docs]
        holders = {h[3] for hs in titled for h in hs}
        for d_idx, doc in enumerate(docs):
            generic = [s for s in ents_of(doc) if not s.kb_id_ and span_kind(s) == "org-pattern"
                       and len(qualified.get(span_norms(s), ())) == 1]
            if generic:  # وزارة الدفاع after وزارة الدفاع الروسية: the same ministry
                doc.ents = [x for x in ents_of(doc) if x not in generic] + [
                    _span(doc, g.start, g.end, self.kb.get(kb).cls, "alias", kb)
                    for g in generic for kb in qualified[span_norms(g)]]
                ents_now.pop(id(doc), None)
            extra = []
            for st, en, kb_id in doc.user_data.get("nufuz_pending_ambiguous", ()):
                led = self._led_body(doc, st, en, kb_id)
                if led is not None:  # "التحالف الدولي الذي تقوده المملكة": the coalition she leads
                    extra.append(_span(doc, st, en, led.cls, "ambiguous", led.id))
                    continue
                entry = self.kb.get(kb_id)
                quoted = st > 0 and en < len(doc) and token_texts(doc)[st - 1] in QUOTES and token_texts(doc)[en] in QUOTES
                # one sense per discourse (Gale, Church & Yarowsky 1992): a person's name, a
                # quoted form or a form of two words or more ("التحالف الدولي") that the
                # article uses for an entity found elsewhere is that entity; a one-word
                # common word ("العديد من") is not
                # (a person is also found when a title of the article names his office)
                if (entry is not None and (kb_id in found or entry.cls == "Person" and kb_id in holders)
                        and (entry.cls == "Person" or quoted or en - st >= 2)
                        and not any(t.ent_type_ for t in doc[st:en])):
                    extra.append(_span(doc, st, en, entry.cls, "ambiguous", kb_id))
                    named.add(kb_id)
            # (Token.ent_type_ is "" where 0; no Token read)
            in_ent = doc.to_array(ENT_TYPE).tolist() if names or ctx.parts or ctx.shared_parts else []
            extra += self._repeated_names(doc, names, extra, name_firsts, in_ent)
            if ctx.parts or ctx.shared_parts:
                texts = token_texts(doc)
                norms = token_norms(doc)
                cased = self.g.cased
                part_keys = frozenset(ctx.parts) | frozenset(ctx.shared_parts)
                reading_keys = self._reading_keys
                for i, text in enumerate(texts):
                    if cased and not text[:1].isupper() or in_ent[i]:
                        continue  # a cased script writes a name part with a capital ("Blair", not "blair")
                    if norms[i] not in part_keys and (reading_keys.get(text) or self._keys_after_clitics(text))[
                            1].isdisjoint(part_keys):
                        continue  # no reading is a name part (_part_owner), read from the lists
                    t = doc[i]
                    if not t.is_alpha or any(x.start <= t.i < x.end for x in extra):
                        continue
                    where = (d_idx, i)
                    if has_article(t):  # (the normalizer read the proclitic and the article: الخالدي، للخالدي)
                        c, k = clitic(t), t.norm_
                        own = self._part_owner(ctx, k, where)
                        reading = (c, k) if own and self._definite_part(doc, t, c, k, ctx, own) else None
                    else:
                        reading = next(((c, k) for c, k, a in ((clitic(t), t.norm_, False),
                                                               *self.module.clitic_candidates(t.text)[1:])
                                        if (own := self._part_owner(ctx, k, where))
                                        and (self._definite_part(doc, t, c, k, ctx, own) if a
                                             else c in self._part_clitics)), None)
                    if reading is not None:
                        set_reading(t, *reading)
                        ctx.part_links[(id(doc), t.i)] = self._part_owner(ctx, reading[1], where)
                        extra.append(_span(doc, t.i, t.i + 1, "Person", "person-part"))
            if extra:
                doc.ents = list(ents_of(doc)) + extra
                ents_now.pop(id(doc), None)
        for doc, hs in zip(docs, titled):
            hs = [h for h in hs if h[3] in found or h[3] in named]
            if hs:
                doc.user_data[TITLE_HOLDERS] = hs
        return ctx

    def _offices(self) -> dict[tuple[str, str], list[tuple[str, int | None, int | None]]]:
        """The offices the KB knows holders of: ``(English title, country or organization id)``
        -> ``[(person id, start year, end year)]`` (built once). A KB title (``title_ar``)
        counts when the titles lexicon knows it; its English title unites the forms of one
        office (الرئيس، رئيس، الرئيسة: President)."""
        if self._office_index is None:
            kb_lex = load_lexicon(_KB_TITLE_LANG)
            index: dict[tuple[str, str], list[tuple[str, int | None, int | None]]] = {}
            for e in self.kb.entries.values():
                if e.cls != "Person" or not e.role or not e.role_of or not e.title_ar:
                    continue
                title = kb_lex.titles.get(kb_lex.keys_of(e.title_ar))
                if title is not None and title.predicate == e.role:
                    index.setdefault((title.title_en.casefold(), e.role_of), []).append(
                        (e.id, e.start_year, e.end_year))
            self._office_index = index
        return self._office_index

    def _office_holder(self, title: str, of: str, year: int) -> str | None:
        """The one person the KB gives as holding the office ``title`` of ``of`` in ``year``.

        None when no holder or more than one covers the year (a year of transition), and
        when the holder's years contain another holder's whole term: the KB gives a person's
        first start and last end, so such a span has a gap the KB cannot date (لولا دا سيلفا
        2003- around بولسونارو 2019-2022)."""
        holders = self._offices().get((title.casefold(), of), ())
        at = [h for h in holders if (h[1] is None or h[1] <= year) and (h[2] is None or year <= h[2])]
        if len(at) != 1:
            return None
        pid, start, end = at[0]
        for other, s, e in holders:
            if other != pid and s is not None and (start is None or s > start) and (
                    end is None or (e is not None and e < end)):
                return None
        return pid

    def _title_holders(self, doc: Doc, year: int, ents: tuple[Span, ...] | None = None) -> list[tuple[int, int, str, str, str]]:
        """Title-only mentions of an office holder: "الرئيس الروسي" in an article of 2015 is
        Vladimir Putin, the one person the KB gives as Russia's president in 2015.

        A title of the titles lexicon (not inside an entity, with at most a preposition
        clitic) names an office when a definite demonym of a KB country follows it
        (الرئيس الروسي، وزير الخارجية الأمريكي، رئيس الوزراء البريطاني), or a KB country or
        organization in the genitive after a title in the construct state (ملك الأردن، رئيس
        وزراء بريطانيا) or after the dative ل (الأمين العام للأمم المتحدة). The holder is
        :meth:`_office_holder`. Not linked: after a subordinate title (مساعد وزير الخارجية
        الأمريكي: another office), before a name, a given name or a definite word (الرئيس
        الأمريكي السابق، المنتخب، باراك أوباما), in a sentence that names another year
        (a past or future office). The office holder's mention spans the title and its
        country (kept as the country's mention too); it is no relation argument: the
        relation rules read the title phrase themselves.

        Returns
        -------
        list of (int, int, str, str, str)
            ``(start, end, "Person", person id, "title")`` per title phrase. The caller keeps
            those of persons the article names (:meth:`_article_context`): a person the
            article never names is not one of its entities (the gold convention: "every
            named person"), so a title alone does not add him.
        """
        out = []
        all_ents = doc.ents if ents is None else ents  # (``ents``: doc.ents when the caller has them)
        ents = [e for e in all_ents if e.kb_id_ and e.start > 0]
        if not ents:
            return out
        in_ent = {i for e in all_ents for i in range(e.start, e.end)}
        norms = token_norms(doc)  # (no Token per token)
        taken = -1
        for q in ents:  # the title that ends right before a KB entity (its qualifier)
            hit = self._title_before(doc, norms, q.start, in_ent)
            if hit is None or hit[0] < taken:
                continue
            i, title = hit
            end = q.start
            if title.predicate not in ("leaderOf", "officialOf") or (
                    i > 0 and (norms[i - 1],) in self.lex.marker("subordinate_title")):
                continue
            entry = self.kb.get(q.kb_id_)
            if entry is None:
                continue
            kind = span_kind(q)
            last = doc[end - 1]
            proclitic = clitic(doc[end])
            prep = self.g.bare_preposition(proclitic)
            demonym = (kind == "demonym" and has_article(doc[end]) and proclitic in ("", self.g.article)
                       and entry.cls == "Country")
            genitive = (kind in ("name", "alias") and (entry.cls == "Country" or entry.cls in ORG_CLASSES)
                        and (prep == "" and not has_article(last) and proclitic in ("", self.g.article)
                             or prep in self.g.dative_clitics and has_article(last)))
            pid = self._office_holder(title.title_en, entry.id, year) if (demonym or genitive) else None
            if pid is not None and self._title_free_after(doc, q.end) and self._same_year(doc[i].sent, year):
                out.append((i, q.end, "Person", pid, "title"))
                taken = q.end
        return out

    def _title_before(self, doc: Doc, norms: list[str], k: int, in_ent: set[int]):
        """(start, Title) of the longest lexicon title that ends right before token ``k``,
        outside the entities, its first word with at most a conjunction and a preposition
        clitic; None if none."""
        for n in range(min(self._max_title, k), 0, -1):
            title = self.lex.titles.get(tuple(norms[k - n:k]))
            if (title is not None and not any(m in in_ent for m in range(k - n, k))
                    and self.g.bare_preposition(clitic(doc[k - n])) in self._part_preps):
                return k - n, title
        return None

    def _title_at(self, doc: Doc, i: int, in_ent: set[int]):
        """(length, Title) of the longest lexicon title at token ``i`` outside the entities,
        its first word with at most a conjunction and a preposition clitic; None if none."""
        if i in in_ent or self.g.bare_preposition(clitic(doc[i])) not in self._part_preps:
            return None
        for n in range(min(self._max_title, len(doc) - i), 0, -1):
            if any(k in in_ent for k in range(i, i + n)):
                continue
            title = self.lex.titles.get(tuple(t.norm_ for t in doc[i:i + n]))
            if title is not None:
                return n, title
        return None

    def _title_free_after(self, doc: Doc, k: int) -> bool:
        """True when nothing after a title phrase ending at ``k`` says it names someone else
        than the office's holder now: no entity (a name: الرئيس الروسي فلاديمير بوتين), no
        given name and no definite word (السابق، المنتخب، الجديد) but a title right after it."""
        if k >= len(doc):
            return True
        t = doc[k]
        return not (t.ent_type_ or (t.norm_,) in self.lex.given_names
                    or t.is_alpha and has_article(t) and clitic(t) in ("", self.g.article)
                    and self._title_at(doc, k, set()) is None)  # (another title: التقى ملك الأردن الأمين العام)

    def _same_year(self, sent, year: int) -> bool:
        """True when the sentence names no year other than ``year`` (a four-digit number
        from 1900 to 2100): "عام 2003" makes the title another holder's."""
        for t in sent:
            digits = t.text.rstrip("".join(self.g.year_suffixes))
            if len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100 and int(digits) != year:
                return False
        return True

    def _part_owner(self, ctx: _ArticleContext, key: str, where: tuple[int, int]) -> tuple[str, str] | None:
        """``(person id, full name)`` of the new person a bare name part ``key`` at ``where``
        (doc index, token index) names: the one person whose name has it, or, when several
        have it (أحمد الغامدي ... سالم الغامدي), the last one named before ``where``."""
        if key in ctx.parts:
            return ctx.parts[key]
        before = [(eid, name) for pos, eid, name in ctx.shared_parts.get(key, ()) if pos < where]
        return before[-1] if before else None

    def _definite_part(self, doc: Doc, t, proclitic: str, key: str, ctx: _ArticleContext,
                       owner: tuple[str, str] | None = None) -> bool:
        """True when a definite word names alone the new person whose family name it is
        ("وأكد الخالدي" after "سامي الخالدي"), read as ``proclitic`` + the article + ``key``.

        - The name has the word with its article after its first word; the word is no word
          of the lexicon; its proclitic is at most a conjunction and a one-letter preposition
          (والخالدي، للخالدي).
        - A word without the family-name ending (the nisba ي: الغامدي) is a common word as
          often as a name (التغيير، الطبية، الدولي): it names the person only right after a
          verb of saying or a title (وقال الدخيل، اللواء المحرج).
        - Not after a definite common noun (a definite word after one agrees with it as an
          adjective: "البحر الأحمر" is no "الأحمر" of "عبدالله الأحمر"), not after a given
          name that is not the person's (وسالم الدوسري is not عبد العزيز الدوسري) or that
          is a father's name (ماجد بن فهد السبيعي is not فهد بن فهيد السبيعي), and not
          before another definite family name (فاضل قريبان الفاعور العنزي): those are other
          names.
        """
        if key not in ctx.definite_parts or self.g.bare_preposition(proclitic) not in self._part_preps:
            return False
        prev = doc[t.i - 1] if t.i > 0 else None
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and has_article(nxt) and nxt.is_alpha and not nxt.ent_type_ \
                and nxt.norm_.endswith(self.g.family_name_endings or ("\0",)):
            return False
        if prev is None:
            return key.endswith(self.g.family_name_endings or ("\0",))
        titled = (prev.norm_,) in self.lex.titles or prev.norm_ in self.g.honorifics or prev.norm_ in self._honorifics
        if has_article(prev) and prev.is_alpha and not titled:
            return False
        if (prev.norm_,) in self.lex.given_names:
            own = {self.module.match_key(w) for w in (owner or ctx.parts[key])[1].split()}
            if prev.norm_ not in own or t.i > 1 and (doc[t.i - 2].norm_,) in self.lex.marker("patronym"):
                return False  # (ماجد بن فهد السبيعي is not فهد بن فهيد السبيعي)
        return key.endswith(self.g.family_name_endings or ("\0",)) or titled or prev.norm_ in self._saying

    def _led_body(self, doc: Doc, start: int, end: int, kb_id: str):
        """The KB body an ambiguous name at tokens ``start:end`` stands for when the words
        after it say who leads it ("التحالف الدولي الذي تقوده السعودية": marker classes
        ``led_by``, ``relative`` + ``led_by_verb``): the one KB entry of the same class, with a
        name opening with the same head word, whose ``country`` is the leading state named
        there, when it is another entry than ``kb_id``; else None."""
        entry = self.kb.get(kb_id)
        if entry is None:
            return None
        is_ = lambda k, kind: k < len(doc) and (doc[k].norm_,) in self.lex.marker(kind)  # noqa: E731
        if is_(end, "relative") and is_(end + 1, "led_by_verb"):
            k = end + 2
        elif is_(end, "led_by"):
            k = end + 1
        else:
            return None
        lead = next((s.kb_id_ for s in doc.ents if s.start == k and s.kb_id_), None)
        if lead is None or getattr(self.kb.get(lead), "cls", None) != "Country":
            return None
        head = doc[start].norm_
        bodies = [e for e in self.kb.entries.values() if e.cls == entry.cls and e.country == lead and any(
            self.lex.keys_of(form)[:1] == (head,) for form in (e.label_ar, *e.aliases_ar))]
        return bodies[0] if len(bodies) == 1 and bodies[0].id != kb_id else None

    def _keys_after_clitics(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """The keys of the readings of token text ``text`` with a proclitic
        (``clitic_candidates(text)[1:]``): those whose proclitic a repeated name may carry
        (:attr:`_name_clitics`), and all of them. Kept in :attr:`_reading_keys` (up to
        :data:`extractors.memo.MEMO_LIMIT` texts)."""
        cands = self.module.clitic_candidates(text)[1:]
        got = (frozenset(k for c, k, _a in cands if c in self._name_clitics), frozenset(k for _c, k, _a in cands))
        self._reading_keys[text] = got
        return got

    def _repeated_names(self, doc: Doc, names: dict[tuple[str, ...], tuple[str, str]],
                        taken: list[Span], firsts: dict[str, list[tuple[str, ...]]] | None = None,
                        in_ent: list[int] | None = None) -> list[Span]:
        """Bare repetitions of a name that a pattern found elsewhere in the article (في خان
        شيخون after بلدة خان شيخون); the first word may carry a proclitic. ``firsts``:
        :func:`_name_firsts` of ``names``, ``in_ent``: the doc's ``ENT_TYPE`` array as a list
        (both read here when not given)."""
        out: list[Span] = []
        if not names:
            return out
        busy = {i for s in taken for i in range(s.start, s.end)}
        if firsts is None:
            firsts = _name_firsts(names)
        texts = token_texts(doc)
        if in_ent is None:
            in_ent = doc.to_array(ENT_TYPE).tolist()  # (Token.ent_type_ is "" where 0; no Token read)
        cased = self.g.cased
        # the tokens a repetition may start at: none in an entity, none taken, a capital in a
        # cased script
        starts = [p for p, text in enumerate(texts) if not in_ent[p] and p not in busy
                  and (not cased or text[:1].isupper())]
        norms = token_norms(doc)
        first_keys = frozenset(firsts)
        reading_keys = self._reading_keys
        i = 0  # (the first token not read yet: a repetition found is passed over whole)
        for p in starts:
            if p < i:
                continue
            i = p
            if norms[i] not in first_keys and (reading_keys.get(texts[i]) or self._keys_after_clitics(texts[i]))[
                    0].isdisjoint(first_keys):
                i += 1  # no reading of the token opens a name (the test below, from the lists)
                continue
            t = doc[i]
            hit = None
            if t.is_alpha and (not self.g.cased or t.text[:1].isupper()):
                readings = [(clitic(t), t.norm_)] + [(c, k) for c, k, _a in self.module.clitic_candidates(t.text)[1:]
                                                      if c in self._name_clitics]
                for proclitic, k in readings:
                    for key in firsts.get(k, ()):
                        j = i + len(key)
                        if (j <= len(doc) and tuple(x.norm_ for x in doc[i + 1:j]) == key[1:]
                                and not any(x.ent_type_ or x.i in busy for x in doc[i:j])):
                            hit = (proclitic, k, key, j)
                            break
                    if hit:
                        break
            if hit:
                proclitic, k, key, j = hit
                set_reading(t, proclitic, k)
                cls, kind = names[key]
                out.append(_span(doc, i, j, cls, kind))
                i = j
            else:
                i += 1
        return out

    def _country_mentions(self, span, ent: Entity, offset: int) -> list[tuple[Entity, Mention]]:
        """Other entities a span names besides the one it links to.

        - Countries named by a demonym inside a government or armed-force name: القوات
          الأميركية is the US forces, and also a mention of the United States (the annotation
          convention: a country named only by an adjective is mentioned).
        - The city of a capital that stands for its country (موسكو ترفض: Russia acts, and
          Moscow is named): a mention only, never a relation argument.
        """
        if span.kb_id_ and ent.id != span.kb_id_ and ent.cls == "Country" and span_kind(span) in ("name", "alias"):
            # a capital read as its country ("مسؤولين من بيونغيانغ"): the city is named too
            city = self.kb.get(span.kb_id_)
            if city is not None and city.cls == "City":
                e = Entity(city.id, city.cls, city.label_ar, city.label_en,
                           same_as=[f"http://www.wikidata.org/entity/{city.wikidata}"] if city.wikidata else [])
                surface = _surface_without_clitic(span.text, clitic(span[0]), self.g)
                return [(e, Mention(_mention_start(span.text, surface, offset + span.end_char, self.g.dative_clitics),
                                    offset + span.end_char, surface, "GPE", city.id))]
        if ent.cls not in ("Government", "MilitaryForce"):
            return []
        out = []
        k = 1
        while k < len(span):
            t = span[k]
            text = _surface_without_clitic(t.text, clitic(t), self.g)
            last = t
            owner = None
            if k + 1 < len(span):  # a demonym of two words: الكورية الجنوبية
                owner = self.kb.demonym_owner(text + " " + span[k + 1].text)
                if owner:
                    last, text = span[k + 1], text + " " + span[k + 1].text
            owner = owner or self.kb.demonym_owner(text)
            k = last.i - span.start + 1
            entry = self.kb.get(owner) if owner else None
            if entry is None or entry.cls != "Country":
                continue
            e = Entity(entry.id, entry.cls, entry.label_ar, entry.label_en,
                       same_as=[f"http://www.wikidata.org/entity/{entry.wikidata}"] if entry.wikidata else [])
            start = offset + t.idx + len(t.text) - len(text.split(" ")[0])
            out.append((e, Mention(start, offset + last.idx + len(last.text), text, "NORP", entry.id)))
        return out

    def _article(self, raw: RawArticle, cleaned, segs, docs, headline) -> ArticleExtraction:
        art = ArticleExtraction(source=raw.path, sha1=raw.sha1, text=raw.text, lang=raw.lang,
                                headline=headline, date_published=raw.date_published, removed=cleaned.removed)
        locative = self.lex.marker("locative")

        def is_locative(span) -> bool:
            return self._is_place(span, locative)

        ctx = self._article_context(docs, _year_of(raw.date_published))
        sentences: list[Sentence] = []
        for seg, doc in zip(segs, docs):
            by_sent: dict[int, list[Arg]] = {}
            # sentence starts (Span.sent: the nearest token at or before the span's start
            # whose SENT_START is 1, else 0), read once per doc instead of once per span
            starts = [k for k, v in enumerate(doc.to_array(SENT_START).tolist()) if v == 1 or k == 0]
            for span in ctx.ents.get(id(doc)) or doc.ents:
                ent, mention = self._link(span, seg.start, is_locative, ctx)
                for e, m in [(ent, mention)] + self._country_mentions(span, ent, seg.start):
                    # the surface as read, where it differs only by the fold the rules read
                    read = raw.text[m.start:m.end]
                    if read != m.text and for_rules(read, self.g) == m.text:
                        m = Mention(m.start, m.end, read, m.label, m.entity_id)
                    known = art.entities.setdefault(e.id, e)
                    known.surface_forms.add(m.text)
                    art.mentions.append(self._name_mention(span, m, seg.start) if e is ent else m)
                by_sent.setdefault(starts[bisect_right(starts, span.start) - 1], []).append(
                    Arg(span.start, span.end, ent.id, ent.cls, kind=span_kind(span) or "name"))
            for st, en, cls, kb_id, kind in (*doc.user_data.get(INNER_PLACES, ()), *doc.user_data.get(TITLE_HOLDERS, ())):
                # a place inside an organization's name (مجلس إقليم فارياب), the holder of an
                # office named by its title (الرئيس الروسي): mentioned, no argument
                ent, m = self._link(_span(doc, st, en, cls, kind, kb_id), seg.start, is_locative, ctx)
                known = art.entities.setdefault(ent.id, ent)
                if kind != "title":  # (a title is no name of its holder: no altLabel)
                    known.surface_forms.add(m.text)
                art.mentions.append(replace(m, nominal=True) if kind == "title" else m)
            # the sentences are the runs between those starts (what doc.sents reads, without a
            # Span per sentence; an empty doc is left to spaCy)
            bounds = [(s.start, s.end) for s in doc.sents] if not len(doc) else zip(starts, starts[1:] + [len(doc)])
            for s_start, s_end in bounds:
                sentences.append(Sentence(doc, s_start, s_end, seg.start, by_sent.get(s_start, [])))
        published = _dt.date.fromisoformat(raw.date_published) if raw.date_published else None
        rex = RelationExtractor(self.lex, self.module.clitic_candidates,
                                lambda eid: art.entities[eid].cls if eid in art.entities else "Organization",
                                published,
                                lambda eid: art.entities[eid].label_ar if eid in art.entities else "",
                                cache=self._relation_cache, entity_role=self._kb_role,
                                entity_country=self._kb_country, entity_title=self._kb_title_en)
        facts = rex.extract(sentences, ArticleState())
        art.statements = _dedupe([self._statement(f, art) for f in facts])
        return art

    def _kb_role(self, eid: str) -> tuple[str, str, int | None, int | None, str] | None:
        """(role predicate, organization or country id, start year, end year, Arabic title)
        of a KB person, None for an entity the KB gives no role."""
        entry = self.kb.get(eid)
        if entry is None or not entry.role or not entry.role_of:
            return None
        return entry.role, entry.role_of, entry.start_year, entry.end_year, entry.title_ar or ""

    def _kb_title_en(self, eid: str) -> str:
        """English title of a KB person's office ("Prime Minister"), "" when unknown: the
        KB writes titles in Arabic (``title_ar``), read through the Arabic titles lexicon."""
        entry = self.kb.get(eid)
        if entry is None or not entry.title_ar:
            return ""
        kb_lex = load_lexicon(_KB_TITLE_LANG)
        title = kb_lex.titles.get(kb_lex.keys_of(entry.title_ar))
        return title.title_en if title is not None else ""

    def _kb_country(self, eid: str) -> str | None:
        """Country id of a KB entity (a place's country, an organization's base; a country is
        its own), None when the KB does not know."""
        entry = self.kb.get(eid)
        if entry is None:
            return None
        return entry.id if entry.cls == "Country" else entry.country

    def _statement(self, f: Fact, art: ArticleExtraction) -> Statement:
        date, start, end = f.date, None, f.end_date
        return Statement(subject=f.subject, predicate=f.predicate, object=f.object, mode=f.mode,
                         plover=f.plover, cameo=f.cameo,
                         evidence=art.text[f.sentence.char_start:f.sentence.char_end],
                         char_start=f.sentence.char_start, char_end=f.sentence.char_end,
                         confidence=f.confidence, lang=art.lang, date=date, start_date=start, end_date=end,
                         location=f.location, reported_by=f.reported_by, attributed_to=f.attributed_to,
                         trigger=f.trigger)


@dataclass
class _ArticleContext:
    """Article-level linking state (see :meth:`Extractor._article_context`).

    Attributes
    ----------
    provinces : dict[str, tuple[str, str]]
        KB city id -> (Arabic surface with its head, English head) for cities the article
        names as provinces.
    parts : dict[str, tuple[str, str]]
        Name-part key -> (person entity id, full Arabic name) for new persons.
    """

    provinces: dict[str, tuple[str, str]] = field(default_factory=dict)
    parts: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: cased scripts: name keys -> (KB id, class, key, surface) of the entity they name
    #: (:func:`extractors.cased_names.article_names`)
    names: dict = field(default_factory=dict)
    #: name-part keys that several new persons' names have -> [((doc, token), person id, full
    #: name)] in the order they are first named (a bare part names the last one before it)
    shared_parts: dict = field(default_factory=dict)
    #: (id of a doc, token) -> (person id, full name) of each bare name part read there
    part_links: dict = field(default_factory=dict)
    #: organization-name keys -> (keys, class, surface) of the one longer organization name
    #: of the article they begin (المرصد السوري -> المرصد السوري لحقوق الإنسان)
    org_names: dict = field(default_factory=dict)
    #: name-part keys that the person's name writes with the article (الخالدي of سامي
    #: الخالدي): such a part is read alone with its article too (:meth:`Extractor._definite_part`)
    definite_parts: frozenset = frozenset()
    #: ``id(doc)`` -> ``doc.ents`` as the context left them, for the docs whose spans it read
    #: (and did not change after): a ``doc.ents`` read builds every span again
    ents: dict = field(default_factory=dict)


def _name_firsts(names: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, list[tuple[str, ...]]]:
    """First key -> the name keys of ``names`` that start with it, longest first (the
    index :meth:`Extractor._repeated_names` looks repetitions up in)."""
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for key in names:
        firsts.setdefault(key[0], []).append(key)
    for keys in firsts.values():
        keys.sort(key=len, reverse=True)
    return firsts


def _span(doc: Doc, start: int, end: int, cls: str, kind: str, kb_id: str = "") -> Span:
    """An entity span with the nufuz span attributes set."""
    span = Span(doc, start, end, label=ontonotes_label(cls), kb_id=kb_id)
    set_span_ext(span, cls, kind)
    return span


#: Longest text handed to spaCy at once (characters); longer paragraphs are cut at a space.
#: spaCy refuses texts over ``nlp.max_length`` (1,000,000) and one paragraph of a million
#: characters is not news prose anyway.
MAX_SEGMENT_CHARS = 20_000


def _split_long(text: str, segs: list[Segment], limit: int = MAX_SEGMENT_CHARS) -> list[Segment]:
    """Cut segments longer than ``limit`` characters at the last whitespace before the
    limit (offsets stay offsets into ``text``)."""
    out: list[Segment] = []
    for seg in segs:
        start = seg.start
        while seg.end - start > limit:
            cut = text.rfind(" ", start + limit // 2, start + limit)
            cut = cut if cut > start else start + limit
            out.append(Segment(start, cut, seg.kind))
            start = cut
            while start < seg.end and text[start].isspace():
                start += 1
        if start < seg.end:
            out.append(Segment(start, seg.end, seg.kind))
    return out


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """Keep one statement per (subject, predicate, object, mode, sentence), the most confident."""
    best: dict[tuple, Statement] = {}
    for st in statements:
        k = (st.subject, st.predicate, st.object, st.mode, st.char_start)
        if k not in best or st.confidence > best[k].confidence:
            best[k] = st
    return sorted(best.values(), key=lambda s: (s.char_start, s.predicate, s.subject, s.object))
