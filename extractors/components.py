"""spaCy pipeline components shared by every language (registered factories).

A language supplies data (``extractors/<lang>/``: lexicons, a ``segment`` function for
clitics, a match-key function); the components below are the mechanism:

``nufuz_normalizer``
    sets ``Token.norm_`` to the token's match key, after lexicon-guided clitic
    segmentation, and ``clitic(Token)`` / ``has_article(Token)``.
``nufuz_sentencizer``
    sentence boundaries at sentence-final punctuation (. ! ? ؟ ؛ …) and line breaks.
``nufuz_kb_ruler``
    knowledge-base entity recognition and linking with a :class:`spacy.matcher.PhraseMatcher`
    on ``NORM`` (names, aliases, demonyms -> NORP linked to their country).
``nufuz_name_patterns``
    names the knowledge base lacks: person names opened by a given name from the language's
    gazetteer, organization names opened by a head noun (مجلس، وزارة، حركة...).

Spans are stored in ``doc.ents`` with ``span.label_`` an OntoNotes label, ``span.kb_id_``
the knowledge-base id (empty for new entities), ``span._.cls`` the ontology class and
``span._.kind`` how it was found (``name``, ``alias``, ``ambiguous``, ``demonym``,
``person-pattern``, ``org-pattern``).
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ontology import vocab
from ontology.kb import KnowledgeBase, load_kb

from .language import get_grammar
from .memo import word_memo
from .lexicon import Lexicon, load_lexicon
from .tokens import (ARTICLE, QUOTES, TEXTS, clitic, has_article, readings, set_norms, set_reading, set_readings,
                     set_span_ext, span_cls, span_ext, span_kind, token_norms, token_strings, token_texts)

for _name in ("cls", "kind"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

#: Ontology class -> OntoNotes NER label.
ONTONOTES = {
    "Person": "PERSON", "Country": "GPE", "City": "GPE", "Region": "LOC", "MilitaryBase": "FAC",
    "Event": "EVENT", "Topic": "TOPIC", "ActorGroup": "NORP",
}
ORG_CLASSES = frozenset({"Organization", "Government", "MilitaryForce", "InternationalOrganization",
                         "NewsOrganization", "ThinkTank", "ArmedGroup", "PoliticalParty", "Company"})

#: Longest sentence in tokens before the sentencizer cuts at a comma (twice that: anywhere).
#: News sentences rarely pass 120 tokens; relation rules scan a sentence per trigger, so an
#: unpunctuated text must not become one sentence of thousands of tokens.
MAX_SENT_TOKENS = 150


PLACE_CLASSES = vocab.PLACE_CLASSES

Key = tuple[str, ...]


@dataclass(frozen=True)
class PlaceHead:
    """A head noun that opens a place name (one row of ``place_heads.tsv``).

    Attributes
    ----------
    words : tuple of str
        Match keys of the head.
    cls : str
        Ontology class of the name that follows (``City``, ``Region``, ``MilitaryBase``).
    label_en : str
        English head for labels ("Governorate").
    evidence : str
        ``name``, ``place`` or ``suffix``: what the name needs besides looking like one.
    """

    words: Key
    cls: str
    label_en: str
    evidence: str


@dataclass
class NameCues:
    """Cue words of the name patterns of one language (``name_cues.tsv``, ``place_heads.tsv``).

    Attributes
    ----------
    markers : dict[str, set[Key]]
        Cue class (kinship, profession, name_intro, direction, common, base_suffix,
        movement, route, capital_word, speech) -> key sequences.
    place_heads : dict[Key, PlaceHead]
    """

    markers: dict[str, set[Key]] = field(default_factory=dict)
    place_heads: dict[Key, PlaceHead] = field(default_factory=dict)
    #: cue class -> :meth:`words` (kept once read: the rules ask for them per article)
    _words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def words(self, kind: str) -> frozenset[str]:
        """Single-word keys of one cue class (read once per class; the classes are filled
        by :func:`load_name_cues` before any is read)."""
        got = self._words.get(kind)
        if got is None:
            got = self._words[kind] = frozenset(k[0] for k in self.markers.get(kind, ()) if len(k) == 1)
        return got

    def seqs(self, kind: str) -> set[Key]:
        """All key sequences of one cue class (empty set for an unknown class)."""
        return self.markers.get(kind, set())

    @functools.cached_property
    def place_head_words(self) -> frozenset[str]:
        """The last word of each place head noun (منطقة، محافظة): after a body's name it
        makes the body a branch, as an organisation's only complement a description."""
        return frozenset(h.words[-1] for h in self.place_heads.values())


@functools.cache
def load_name_cues(lang: str) -> NameCues:
    """Read ``extractors/<lang>/name_cues.tsv`` and ``place_heads.tsv`` (both optional).

    Parameters
    ----------
    lang : str
        Language code with a data folder.

    Returns
    -------
    NameCues
        Empty when the language has neither file.

    Raises
    ------
    ValueError
        If a row of ``place_heads.tsv`` does not have four columns (the message names the
        file and the row).
    """
    lex = load_lexicon(lang)
    folder = Path(import_module(f"extractors.{lang}").__file__).parent
    cues = NameCues()
    path = folder / "name_cues.tsv"
    if path.exists():
        for row in _tsv_rows(path):
            if len(row) >= 2:
                cues.markers.setdefault(row[0], set()).update(lex.keys_of(f) for f in row[1].split())
    path = folder / "place_heads.tsv"
    if path.exists():
        for i, row in enumerate(_tsv_rows(path), 1):
            if len(row) != 4:
                raise ValueError(f"{path}: row {i}: expected 4 columns, got {len(row)}")
            words = lex.keys_of(row[0])
            cues.place_heads[words] = PlaceHead(words, row[1], row[2], row[3])
    return cues


def _tsv_rows(path: Path) -> list[list[str]]:
    """Data rows of a TSV file (comments, blank lines and a ``form``/``kind`` header skipped)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and r[0].strip() and not r[0].startswith("#")]
    return rows[1:] if rows and rows[0][0] in ("form", "kind") else rows


def _strip_clitic(text: str, proclitic: str, article: str) -> str:
    """``text`` without the letters of its proclitic, the ``article`` kept (والسورية ->
    السورية)."""
    if article and proclitic.endswith(article):
        return text[len(proclitic) - len(article):]
    return text[len(proclitic):]


def ontonotes_label(cls: str) -> str:
    """OntoNotes 5 NER label for an ontology class (``ORG`` for every organization class)."""
    return "ORG" if cls in ORG_CLASSES else ONTONOTES.get(cls, "MISC")


def _kb(kb_dir: str | None) -> KnowledgeBase:
    return load_kb(kb_dir) if kb_dir else load_kb()


def kb_forms(kb: KnowledgeBase, lang: str) -> list[tuple[str, str, str]]:
    """(form, entry id, kind) for every surface form of the KB in ``lang``, followed by the
    spelling variants of foreign names (:func:`foreign_variants`)."""
    forms = kb.surface_forms_ar() if lang == "ar" else kb.surface_forms_en()
    return forms + foreign_variants(kb, lang, forms)


#: Classes whose names are spelled by ear when the entity is foreign (organisations are
#: named with words of the language: حلف شمال الأطلسي).
_SPELLED_CLASSES = frozenset({"Country", "City", "Person", "MilitaryBase"})


def foreign_variants(kb: KnowledgeBase, lang: str,
                     forms: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Spelling variants of the names of foreign entities, generated when the KB is loaded.

    A language may give ``spelling_variants(form) -> tuple of str`` (the other spellings its
    press uses for a foreign name: :func:`extractors.ar.spelling.spelling_variants`) and
    ``NATIVE_BLOC``, the KB id of the organisation whose member states name their people
    and places in the language itself (Arabic: the Arab League). A country outside that
    organisation, and a person, city or base of such a country, is foreign: each of its
    names and aliases yields its variants as aliases (an ambiguous form's variants stay
    ambiguous), a person's only from the forms of two words or more (a bare family name is
    shared by too much else: "جامعة جريفيث" is no Griffiths). A variant is dropped when its key is already a form of any entry, when it
    would belong to two entries, or when a word it changed is a word of the lexicon.

    Parameters
    ----------
    kb : KnowledgeBase
    lang : str
        Language code.
    forms : list of (str, str, str)
        The KB's ``(form, entry id, kind)`` in that language.

    Returns
    -------
    list of (str, str, str)
        ``(variant, entry id, kind)``; empty for a language without ``spelling_variants``.
    """
    module = import_module(f"extractors.{lang}")
    variants = getattr(module, "spelling_variants", None)
    bloc = getattr(module, "NATIVE_BLOC", None)
    if variants is None:
        return []
    native = {f.subject for f in kb.facts if f.predicate == "memberOf" and f.object == bloc}

    def foreign(entry) -> bool:
        if entry is None or entry.cls not in _SPELLED_CLASSES:
            return False
        country = entry.id if entry.cls == "Country" else entry.country
        return bool(country) and country not in native

    lex = load_lexicon(lang)
    taken = {lex.keys_of(form) for form, _eid, _kind in forms}
    words = frozenset(lex.vocabulary()) | frozenset(lex.stopwords)
    owners: dict[tuple[str, ...], set[str]] = {}
    out: list[tuple[tuple[str, ...], str, str, str]] = []
    for form, eid, kind in forms:
        entry = kb.get(eid)
        if kind == "demonym" or not foreign(entry) or (entry.cls == "Person" and len(form.split()) < 2):
            continue  # (a person's one-word form is a bare family name: جريفيث is also a university)
        own = set(lex.keys_of(form))
        for v in variants(form):
            key = lex.keys_of(v)
            if not key or key in taken or any(k in words for k in key if k not in own):
                continue
            if eid not in owners.setdefault(key, set()):
                owners[key].add(eid)
                out.append((key, v, eid, "ambiguous" if kind == "ambiguous" else "alias"))
    return [(v, eid, kind) for key, v, eid, kind in out if len(owners[key]) == 1]


@functools.lru_cache(maxsize=8)
def segmentation_vocab(lang: str, kb_dir: str | None) -> tuple[frozenset[str], dict[str, str]]:
    """The keys clitic segmentation keeps whole, and the pattern keys of KB words it splits.

    Every key of the language lexicon and of the KB's surface forms is kept whole, except an
    inner word of a multi-word form (never a form's first word, a one-word form or a
    lexicon word) whose clitic reading is a name: "لإيران" in "الحوثيون الموالون لإيران" is
    ل + إيران, so "لإيران" in any text is read as Iran. Such words map to their segmented key
    in the second value, so KB phrase patterns are keyed the way the text is.

    Returns
    -------
    (frozenset of str, dict of str to str)
        The vocabulary for ``segment``, and word key -> segmented key for the split words.
    """
    lex = load_lexicon(lang)
    segment = import_module(f"extractors.{lang}").segment
    lexical = lex.vocabulary()
    heads: set[str] = set(lexical)
    inner: dict[str, str] = {}
    for form, _id, _kind in kb_forms(_kb(kb_dir), lang):
        pairs = [(w, k) for w in form.replace("+", " ").split() if (k := lex.key(w))]
        if not pairs:
            continue
        heads.add(pairs[0][1])
        for w, k in pairs[1:]:
            inner.setdefault(k, w)
    split = {}
    for k, w in inner.items():
        if k in heads:
            continue
        _p, key, _a = segment(w, heads)
        if key != k and key in heads:
            split[k] = key
    return frozenset(heads | (set(inner) - set(split))), split


@Language.factory("nufuz_normalizer", default_config={"kb_dir": None})
class Normalizer:
    """Set each token's NORM to its match key after clitic segmentation.

    The segmentation vocabulary (:func:`segmentation_vocab`) is every key of the language
    lexicon and of the KB's surface forms, so a proclitic is split off only when what
    remains is a known word.
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None):
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        self.vocab, _split = segmentation_vocab(nlp.lang, kb_dir)
        #: token ORTH id -> (proclitic, NORM id of the match key, has_article, match key, text)
        self._cache: dict[int, tuple[str, int, bool, str, str]] = word_memo()

    def _reading(self, orth: int, strings) -> tuple[str, int, bool, str, str]:
        """The cached reading of a token text given by its ORTH id (see :attr:`_cache`)."""
        text = strings[orth]
        clitic_, key, art = self.lang_module.segment(text, self.vocab)
        reading = self._cache[orth] = (clitic_, strings.add(key or text), art, key or text, text)
        return reading

    def __call__(self, doc: Doc) -> Doc:
        cache, strings = self._cache, doc.vocab.strings
        # the tokens' texts read as ORTH ids in one array, the NORMs written in one array:
        # no spaCy Token per token; the texts and keys are kept for the later readers
        # (tokens.token_texts, tokens.token_norms)
        got = [cache.get(orth) or self._reading(orth, strings)
               for orth in (doc.to_array(ORTH).tolist() if len(doc) else ())]
        # the readings' fields as one list each (one transposition instead of a pass per field)
        clitics, norm_ids, articles, keys, texts = map(list, zip(*got)) if got else ([], [], [], [], [])
        if got:
            doc.from_array([NORM], numpy.array(norm_ids, dtype=numpy.uint64))
        set_readings(doc, clitics, articles)
        set_norms(doc, keys)
        doc.user_data[TEXTS] = texts
        return doc


@Language.factory("nufuz_sentencizer")
def make_sentencizer(nlp: Language, name: str):
    """Sentence splitter: a sentence ends after the language's sentence-end punctuation
    (:attr:`extractors.language.Grammar.sentence_end`: . ! ? ؟ ؛ … in Arabic) or a line break.

    A period between two digits never arrives here as a token of its own, so decimals are
    safe; a run of closing punctuation (quotes, brackets) stays with the sentence it ends.
    """

    g = get_grammar(nlp.lang)
    sent_end = g.sentence_end
    cut = g.commas | {g.coordinator}
    closing = frozenset({"”", "\"", "»", ")"})

    def sentencize(doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            for t in doc:
                t.is_sent_start = True  # spaCy refuses boundaries on a parsed doc (E043)
        texts = token_texts(doc)
        n = len(texts)
        starts = []
        start, run = True, 0
        for i, text in enumerate(texts):
            starts.append(1 if start else -1)
            run = 1 if start else run + 1
            start = text in sent_end or "\n" in text and text.strip() == ""
            if run >= MAX_SENT_TOKENS and text in cut or run >= 2 * MAX_SENT_TOKENS:
                start = True  # an unpunctuated run: cut at a comma, or anywhere when far too long
            if i + 1 < n and texts[i + 1] in closing and start:
                start = False  # closing quote follows: boundary after it instead
            elif text in closing and i > 0 and texts[i - 1] in sent_end:
                start = True
        if n:  # every token's is_sent_start in one call (1 = True, -1 = False)
            doc.from_array([SENT_START], numpy.array(starts, dtype=numpy.int64).view(numpy.uint64))
        return doc

    return sentencize


@Language.factory("nufuz_kb_ruler", default_config={"kb_dir": None})
class KBRuler:
    """Recognise and link knowledge-base entities by phrase matching on NORM.

    Rules
    -----
    - A KB form whose first word carries the article (الولايات المتحدة) only matches text
      whose first token carries it too (after any proclitic), so the common noun does not
      match a name that needs its article.
    - ``ambiguous`` forms (bare family names, common words) match only, for a person, after a
      role title or a given name ("وزير الشباب" is no al-Shabaab), after a head noun of the
      entry's class (قاعدة "العديد" for a base), when
      a form of the same entity that is not ambiguous occurs in the doc, or, for a person,
      when the country or organization of the person's KB role is named in the same
      sentence (بشار next to سوريا), or, for a one-word country form without the article
      that no other entry shares, when the locative preposition or a compass word stands
      right before it (في مالي، شمال مالي: "مالي" is also "financial"). Rejected ones are kept in
      ``doc.user_data["nufuz_pending_ambiguous"]`` as ``(start, end, kb_id)`` so that
      article-level linking can accept them once the entity is found elsewhere.
    - A place in quotes right after a naming word (أطلق عليها اسم «فلاديفوستوك») is the
      name of something else (a ship, an operation) and is not a mention of the place.
    - Demonyms become NORP spans linked to their country.
    - Overlaps: the longest span wins (:func:`spacy.util.filter_spans`).
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None):
        self.kb = _kb(kb_dir)
        self.lex: Lexicon = load_lexicon(nlp.lang)
        self.g = get_grammar(nlp.lang)
        self.cues = load_name_cues(nlp.lang)
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        self.stop_surface = frozenset(getattr(self.lang_module, "STOP_WORDS", ()))
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        patterns: dict[str, list[Doc]] = {}
        # organization names of three words or more, by first key, for names with an adjective
        # inserted after their head noun ("التحالف العسكري بقيادة السعودية")
        self.org_forms: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        _vocab, split = segmentation_vocab(nlp.lang, kb_dir)
        for form, eid, kind in kb_forms(self.kb, nlp.lang):
            keys = tuple(split.get(k, k) for k in self.lex.keys_of(form))
            if not keys:
                continue
            entry = self.kb.get(eid)
            if kind in ("name", "alias") and entry is not None and entry.cls in ORG_CLASSES and len(keys) >= 3:
                self.org_forms.setdefault(keys[0], []).append((keys[1:], eid, kind))
            first = form.split()[0]
            art = bool(self.lang_module.clitic_candidates(first)[0][2])
            pattern = Doc(nlp.vocab, words=list(keys))
            for t, k in zip(pattern, keys):
                t.norm_ = k  # the key as is: a lexeme's default NORM is lower-cased ("US" is not "us")
            patterns.setdefault(f"{eid}\t{kind}\t{int(art)}", []).append(pattern)
        for label, docs in patterns.items():
            self.matcher.add(label, docs)
        self.naming = frozenset(k[-1] for k in self.cues.seqs("name_intro"))
        owners: dict[str, set[str]] = {}
        for form, eid, _kind in kb_forms(self.kb, nlp.lang):
            owners.setdefault(" ".join(self.lex.keys_of(form)), set()).add(eid)
        self.shared_forms = frozenset(f for f, ids in owners.items() if len(ids) > 1)
        self.place_context = self.cues.words("direction") | {self.g.locative}
        self.head_last = {h.words[-1]: h.cls for h in self.cues.place_heads.values()}
        self.known_words = frozenset(self.lex.vocabulary()) | frozenset(self.lex.stopwords)
        self.family_particles = self.cues.words("family_particle")

    def __call__(self, doc: Doc) -> Doc:
        norm_list = token_norms(doc)
        spans = []
        matches = self.matcher(doc)
        # a form that is both a name and a demonym of one entry (السعودية: Saudi Arabia and
        # "Saudi" feminine; سورية) has one reading: the adjective right after a definite word
        # it agrees with (الحدود السعودية، المعارضة السورية), else the name (في السعودية)
        readings: dict[tuple[int, int, str], set[str]] = {}
        for match_id, start, end in matches:
            eid, kind, art = doc.vocab.strings[match_id].split("\t")
            if not (art == "1" and not has_article(doc[start])):  # (a form that can match here)
                readings.setdefault((start, end, eid), set()).add(kind)
        adjectives = set()
        for (start, end, eid), kinds in readings.items():
            if kinds & {"name", "alias"} and self._agrees(doc, start) and (
                    "demonym" in kinds or self.kb.demonym_owner(
                        _strip_clitic(doc[start:end].text, clitic(doc[start]), self.g.article)) == eid):
                adjectives.add((start, end, eid))
        for match_id, start, end in matches:
            eid, kind, art = doc.vocab.strings[match_id].split("\t")
            if (start, end, eid) in adjectives:
                if kind != "demonym" and "demonym" in readings[(start, end, eid)]:
                    continue
                kind, art = "demonym", "0"
            elif kind == "demonym" and readings.get((start, end, eid), set()) & {"name", "alias"}:
                continue
            if art == "1" and not has_article(doc[start]):
                continue
            entry = self.kb.get(eid)
            cls = entry.cls if entry else "Organization"
            if art == "0" and has_article(doc[start]) and (cls == "Person" or end - start == 1 and kind != "demonym" and not (
                    "demonym" in readings.get((start, end, eid), ()) or self.kb.demonym_owner(
                        _strip_clitic(doc[start].text, clitic(doc[start]), self.g.article)) == eid)):
                # "الكاميرون" is Cameroon: a person's name written without the article never
                # carries it; nor does a one-word name that is no demonym of its entity
                # ("الحماس" is enthusiasm, not Hamas; "الصفوي" is Safavid, not the town صفوى;
                # but "دوما السورية"، "القيادتين الصينية والتركية" keep their states)
                continue
            if (cls == "Person" and end - start >= 3 and end < len(doc) and has_article(doc[end])
                    and clitic(doc[end]) in ("", self.g.article) and doc[end].is_alpha
                    and ((doc[end].norm_,) in self.lex.given_names or doc[end].norm_ not in self.known_words
                         and not doc[end].norm_.endswith(self.g.name_adjective_endings or ("\0",)))):
                # "الدكتور عبد الله بن عبد العزيز الموسى": a family name (an unknown word or a
                # given name with the article) closes a longer name, another person's (a nisba
                # or a feminine noun is an adjective or the verb's object: عبدالله بن عبدالعزيز
                # السعودي، يرفض رجب طيب أردوغان الوساطة)
                continue
            if kind != "demonym" and cls in PLACE_CLASSES and self._named_after(doc, start):
                continue
            label = "NORP" if kind == "demonym" else ontonotes_label(cls)
            span = Span(doc, start, end, label=label, kb_id=eid)
            set_span_ext(span, cls, kind)
            spans.append(span)
        # a person's one-word form that is also a demonym ("الرئيس السوداني": Sudanese, not
        # Mohammed Shia al-Sudani) is the demonym, unless the person's full name is in the doc
        # (read by label: spaCy keeps ``_`` values by offsets, shared by spans of the same words)
        # A definite singular nisba alone after أن/إن ("أن السوداني لجأ إلى"): a person's
        # nickname, neither the state nor a KB person of that family name
        nickname = {(s.start, s.end) for s in spans if s.label_ == "NORP" and len(s) == 1 and has_article(doc[s.start])
                    and doc[s.start].norm_.endswith(self.g.family_name_endings or ("\0",))
                    and s.start > 0 and doc[s.start - 1].norm_ in self.g.complementizers}
        if nickname:
            spans = [s for s in spans if (s.start, s.end) not in nickname]
        demonym_at = {(s.start, s.end) for s in spans if s.label_ == "NORP"}
        if demonym_at:
            full = {s.kb_id_ for s in spans if s.label_ == "PERSON" and len(s) > 1}
            spans = [s for s in spans if not (s.label_ == "PERSON" and (s.start, s.end) in demonym_at
                                              and s.kb_id_ not in full)]
        spans = filter_spans(spans + self._with_adjectives(doc))
        kinds = [span_kind(s) for s in spans]
        seen = {s.kb_id_ for s, kind in zip(spans, kinds) if kind != "ambiguous"}
        keep, pending = [], []
        base_suffix = self.cues.words("base_suffix")
        for s, kind in zip(spans, kinds):
            if self._family_name(doc, s):
                continue  # "روبرت مالي": a place name right after a given name is a family name
            if kind != "ambiguous":
                seen.add(s.kb_id_)  # (what the tests below would do: each needs an ambiguous form)
                keep.append(s)
                continue
            if span_kind(s) == "ambiguous" and s.end < len(doc) and span_cls(s) != "MilitaryBase" and (
                    norm_list[s.end] in base_suffix):
                continue  # "القاعدة العسكرية": the common noun, not al-Qaeda
            if span_kind(s) == "ambiguous" and self._adjective(doc, s):
                continue  # "عميد السلك الدبلوماسي العربي": an adjective, not Nabil Elaraby
            if (span_kind(s) == "ambiguous" and span_cls(s) == "Person" and len(s) == 1 and s.end < len(doc)
                    and not doc[s.end].ent_type_ and ((norm_list[s.end],) in self.lex.marker("patronym") or (
                        has_article(doc[s.end]) and norm_list[s.end].endswith(self.g.family_name_endings or ("\0",)))
                        or (has_article(doc[s.end]) and doc[s.end].is_alpha and len(norm_list[s.end]) >= 3
                            and norm_list[s.end] not in self.known_words))):
                # "العميد سعيد (بن محمد) القحطاني", "صالح المطلك": the given name of someone else
                # before a family name (a definite word the lexicon does not know), not Kais Saied
                continue
            if (span_kind(s) == "ambiguous" and span_cls(s) == "Person"
                    and self.g.strip_conj(clitic(s[0])) in self.g.pp_clitics):
                continue  # "وأشاد الوزير بجودة الورقة": a common word after a preposition, not Nasser Judeh
            if span_kind(s) == "ambiguous" and s.kb_id_ not in seen and not (
                    (span_cls(s) == "Person" and self._titled(doc, s.start)) or self._headed(doc, s)
                    or self._anchored(s, spans)
                    or self._located(doc, s)):
                pending.append((s.start, s.end, s.kb_id_))
                continue
            seen.add(s.kb_id_)
            keep.append(s)
        doc.user_data["nufuz_pending_ambiguous"] = pending
        doc.ents = filter_spans(list(doc.ents) + [self._with_lineage(doc, s) for s in keep])
        return doc

    def _with_lineage(self, doc: Doc, s: Span) -> Span:
        """A KB person's span with the patronyms and family name that follow it ("محمد بن سلمان
        بن عبدالعزيز آل سعود": the grandfather and the house are the same person's name)."""
        norm_list = token_norms(doc)
        if span_cls(s) != "Person":
            return s
        end = s.end
        while end + 1 < len(doc) and not doc[end + 1].ent_type_ and doc[end + 1].is_alpha \
                and not has_article(doc[end + 1]) and clitic(doc[end + 1]) == "" and clitic(doc[end]) == "" and (
                (norm_list[end],) in self.lex.marker("patronym") or norm_list[end] in self.family_particles):
            end += 2
        if end == s.end:
            return s
        span = Span(doc, s.start, end, label=s.label_, kb_id=s.kb_id_)
        set_span_ext(span, *span_ext(s))
        return span

    def _with_adjectives(self, doc: Doc) -> list[Span]:
        """KB organization names of three words or more with one or two definite adjectives
        inserted after the head noun ("التحالف العسكري بقيادة السعودية" for "التحالف بقيادة
        السعودية"); an adjective is a definite word with an adjective ending
        (:attr:`Grammar.adjective_endings`)."""
        out = []
        articles = doc.user_data.get(ARTICLE)  # (has_article by index: a name opens with the article)
        if not self.org_forms or not articles:
            return out
        norms = token_norms(doc)
        for i in [k for k, art in enumerate(articles) if art]:  # (a Token only where a form starts)
            forms = self.org_forms.get(norms[i])
            if not forms:
                continue
            j = i + 1
            while j < min(len(doc), i + 3) and has_article(doc[j]) and doc[j].is_alpha \
                    and token_norms(doc)[j].endswith(self.g.adjective_endings or ("\0",)):
                j += 1
            if j == i + 1:
                continue
            for rest, eid, kind in forms:
                if tuple(norms[j:j + len(rest)]) == rest:
                    cls = self.kb.get(eid).cls
                    span = Span(doc, i, j + len(rest), label=ontonotes_label(cls), kb_id=eid)
                    set_span_ext(span, cls, kind)
                    out.append(span)
                    break
        return out

    def _family_name(self, doc: Doc, s: Span) -> bool:
        """A one-word country or city name right after a given name, with no clitic on
        either word (روبرت مالي، جورج واشنطن), or right after a patronym word (فيصل بن تركي،
        عبدالله بن مصر), and a known person right after a patronym word (بندر بن عبدالله بن
        عبدالعزيز: the father), are part of a person's name."""
        norm_list = token_norms(doc)
        if s.start > 0 and span_cls(s) == "Person" and (norm_list[s.start - 1],) in self.lex.marker("patronym"):
            return True  # "بندر بن عبدالله بن عبدالعزيز": the father's name inside the son's
        if len(s) != 1 or span_cls(s) not in ("Country", "City") or s.start == 0:
            return False
        prev = doc[s.start - 1]
        if clitic(s[0]) == "" and not has_article(s[0]) and (prev.norm_,) in self.lex.marker("patronym"):
            return True  # a nisba too: "فيصل بن تركي"
        k = s.start - 1  # "الأمير اللواء الركن تركي": ranks may stand after the honorific
        while k > max(0, s.start - 3) and has_article(doc[k]) and (norm_list[k],) not in self.cues.seqs("honorific"):
            k -= 1
        if (clitic(s[0]) == "" and not has_article(s[0]) and has_article(doc[k])
                and (norm_list[k],) in self.cues.seqs("honorific")):
            return True  # "الأمير تركي": a given name after an honorific, not Turkey
        if span_kind(s) == "demonym":
            return False
        return (clitic(s[0]) == "" and not has_article(s[0]) and clitic(prev) in ("", self.g.coordinator)
                and (prev.norm_,) in self.lex.given_names and prev.text not in self.stop_surface
                and (not self.g.cased or prev.text[:1].isupper()))  # "said Ukraine": no given name

    def _adjective(self, doc: Doc, s: Span) -> bool:
        """A definite one-word form right after a definite common word agrees with it as an
        adjective ("السلك الدبلوماسي العربي")."""
        if len(s) != 1 or not has_article(s[0]) or s.start == 0:
            return False
        prev = doc[s.start - 1]
        return (has_article(prev) and prev.is_alpha and not prev.ent_type_
                and not self._titled(doc, s.start) and prev.norm_ not in self.head_last)

    def _agrees(self, doc: Doc, i: int) -> bool:
        """True when a definite token ``i`` can be an adjective of the word before it: no
        proclitic on it, and the word before is a definite word outside any name (الحدود
        السعودية; not في السعودية، وأعلنت السعودية, a verb never has the article) and not a
        sound masculine plural or a dual (``Grammar.human_plural_endings``)."""
        if i == 0 or clitic(doc[i]) not in ("", self.g.article) or not has_article(doc[i]):
            return False
        prev = doc[i - 1]
        # (a sound masculine plural or a dual takes its own adjective: يتهم الحوثيون السعودية)
        return prev.is_alpha and not prev.ent_type_ and has_article(prev) and not (
            len(prev.norm_) > 5 and prev.norm_.endswith(self.g.human_plural_endings or ("\0",)))

    def _titled(self, doc: Doc, i: int) -> bool:
        """True when a role title or a given name ends right before token ``i``."""
        for n in (3, 2, 1):
            if i - n >= 0:
                key = tuple(token_norms(doc)[i - n:i])
                if key in self.lex.titles or key in self.lex.given_names:
                    return True
        return False

    def _headed(self, doc: Doc, span: Span) -> bool:
        """True when a place head noun of the span's class comes right before it (a quote may
        stand between): قاعدة "العديد" for a military base; or, for a military force, a troop
        noun (marker class ``troop_noun``): قوات "التحالف الدولي", طائرات التحالف الدولي."""
        norm_list = token_norms(doc)
        k = span.start - 1
        if k >= 0 and token_texts(doc)[k] in QUOTES:
            k -= 1
        if k >= 0 and span_cls(span) == "MilitaryForce" and (norm_list[k],) in self.lex.marker("troop_noun"):
            return True
        return k >= 0 and self.head_last.get(norm_list[k]) == span_cls(span)

    def _located(self, doc: Doc, s: Span) -> bool:
        """True for a one-word country form without the article or a proclitic, shared by
        no other entry, right after the locative preposition or a compass word (في مالي)."""
        return (len(s) == 1 and span_cls(s) == "Country" and s.start > 0 and not has_article(s[0])
                and clitic(s[0]) == "" and s[0].norm_ not in self.shared_forms
                and clitic(doc[s.start - 1]) in ("", self.g.coordinator)
                and token_norms(doc)[s.start - 1] in self.place_context)

    def _anchored(self, span: Span, spans: list[Span]) -> bool:
        """True for a person whose KB role country/organization or own country is named
        (or its demonym used) in the same sentence."""
        entry = self.kb.get(span.kb_id_)
        if entry is None or entry.cls != "Person":
            return False
        anchors = {x for x in (entry.role_of, entry.country) if x}
        sent = span.sent
        return any(o.kb_id_ in anchors and o.sent.start == sent.start for o in spans if o is not span)

    def _named_after(self, doc: Doc, i: int) -> bool:
        """True when token ``i`` opens a quoted name right after a naming word (اسم، تدعى)."""
        k = i - 1
        if k < 0 or token_texts(doc)[k] not in QUOTES:
            return False
        k -= 1
        return k >= 0 and token_norms(doc)[k] in self.naming


@dataclass(frozen=True)
class GroupNoun:
    """A generic-actor noun of ``actor_groups.tsv``: CAMEO sector, labels, and whether the
    form was written with the article (then only a definite token matches: "المعارضة" is
    the opposition, "معارضة روسيا" Russia's opposition to something)."""

    sector: str
    label_en: str
    label_ar: str
    definite: bool = False


@functools.lru_cache(maxsize=None)
def load_actor_groups(lang: str) -> dict[Key, GroupNoun]:
    """Key sequences of the generic-actor nouns of a language (``extractors/<lang>/
    actor_groups.tsv``; empty when the language has none).

    Raises
    ------
    ValueError
        For a row without four columns or a sector that is not a three-letter CAMEO code.
    """
    path = Path(import_module(f"extractors.{lang}").__file__).parent / "actor_groups.tsv"
    if not path.exists():
        return {}
    lex = load_lexicon(lang)
    out: dict[Key, GroupNoun] = {}
    for i, r in enumerate(_tsv_rows(path), 1):
        if r[0] == "sector":
            continue
        if len(r) != 4 or not re.fullmatch(r"[A-Z]{3}", r[0]):
            raise ValueError(f"{path}: row {i}: expected sector (CAMEO code), label_en, label_ar, forms")
        for form in r[3].split():
            definite = bool(import_module(f"extractors.{lang}").clitic_candidates(form.split("+")[0])[0][2])
            key = lex.keys_of(form)
            if key not in out or not definite:  # an indefinite form of the same key allows both
                out[key] = GroupNoun(r[0], r[1], r[2], definite)
    return out


@Language.factory("nufuz_actor_groups")
class ActorGroups:
    """Generic actors (protesters, gunmen, security forces) as spans of class ``ActorGroup``.

    A group noun of ``actor_groups.tsv`` outside every entity becomes a span with
    ``_.cls = "ActorGroup"`` and ``_.kind = "group:<CAMEO sector>"``; a country nisba right
    after it stays its own span (the linker reads it as the group's country).
    """

    def __init__(self, nlp: Language, name: str):
        self.groups = load_actor_groups(nlp.lang)
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        self.by_first: dict[str, list[Key]] = {}
        for seq in sorted(self.groups, key=len, reverse=True):  # longest first
            self.by_first.setdefault(seq[0], []).append(seq)
        self._cache: dict[str, frozenset[str]] = word_memo()
        self._seqs_cache: dict[str, tuple[Key, ...]] = word_memo()

    def _seqs(self, text: str, norm: str) -> tuple[Key, ...]:
        """The group keys that may start at a token, in the order :meth:`__call__` tries
        them (each of its :meth:`_keys`, then each row of that first key, longest first);
        kept per text like the keys, so most tokens cost one dict read."""
        seqs = self._seqs_cache.get(text)
        if seqs is None:
            keys = self._keys(text, norm)
            # (most words open no row: no generator for them)
            seqs = self._seqs_cache[text] = () if keys.isdisjoint(self.by_first) else tuple(
                seq for k0 in keys for seq in self.by_first.get(k0, ()))
        return seqs

    def _keys(self, text: str, norm: str) -> frozenset[str]:
        """The key and clitic readings of a token (kept per text: the first token read with
        that text gives them)."""
        keys = self._cache.get(text)
        if keys is None:
            keys = self._cache[text] = frozenset(
                {norm} | {k for _p, k, _a in self.lang_module.clitic_candidates(text)})
        return keys

    def __call__(self, doc: Doc) -> Doc:
        if not self.groups:
            return doc
        # the tokens inside an entity (IOB 1 or 3), from one array: no Span per entity
        taken = {i for i, iob in enumerate(doc.to_array(ENT_IOB).tolist() if len(doc) else ()) if iob == 1 or iob == 3}
        spans = []
        texts, norms = token_texts(doc), token_norms(doc)  # (no Token per token)
        articles = doc.user_data.get(ARTICLE) or [False] * len(doc)  # (has_article by index)
        known = self._seqs_cache
        # the tokens a row may start at: a text whose rows are known to be none is passed
        # over (a text not met yet is read in the loop, in the order it always was)
        starts = [p for p, text in enumerate(texts) if p not in taken and known.get(text, True)]
        i = 0
        for p in starts:
            if p < i:
                continue  # (inside a group found already)
            i = p
            hit = None
            if i not in taken:
                for seq in self._seqs(texts[i], norms[i]):
                    n = len(seq)
                    if i + n <= len(doc) and not any(k in taken for k in range(i, i + n)) and all(
                            seq[m] in self._keys(texts[i + m], norms[i + m]) for m in range(1, n)) and (
                            not self.groups[seq].definite or articles[i]):
                        hit = (n, seq)
                        break
            if hit is None:
                i += 1
                continue
            n, seq = hit
            span = Span(doc, i, i + n, label="NORP")
            set_span_ext(span, "ActorGroup", "group:" + " ".join(seq))  # the row's key: _group finds its labels
            spans.append(span)
            i += n
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


#: ``doc.user_data`` key: places named inside an organization's name (شرطة نينوى), as
#: ``(start, end, class, kb_id, kind)``; the pipeline adds them as mentions.
INNER_PLACES = "nufuz_inner_places"


@Language.factory("nufuz_name_patterns", default_config={"kb_dir": None})
class NamePatterns:
    """Recognise person, organization and place names that the knowledge base lacks.

    Person
        (a) A given name from ``given_names.txt`` (no proclitic other than و) followed by one
        to three name-like words (not a stop word, marker, title, trigger or known entity; a
        definite word ends the name), **in a person context**: a comma, colon, quote or
        demonym right before it, a title, profession, kinship noun or verb of saying among
        the four words before it, or a comma, quote, title, verb of saying or ``أن``/``إن``
        right after it (so بشار سيكون "Bashar will be" is no name).
        (b) A given name followed by the bare family name of a *different* KB person is a
        relative (نجل فيكتور يانوكوفيتش، ألكسندر يانوكوفيتش); the person's own given name and
        patronyms before it are that KB person (عادل بن أحمد الجبير).
        (c) Two or three foreign-looking words without a known given name (تشانغ مينغ) when a
        kinship noun precedes them, or a verb of saying precedes them and a title follows,
        or a title or profession precedes them (closed by a demonym, a known place or
        organization, or at most one definite adjective: رئيس وزراء إثيوبيا أبي أحمد،
        الناشط المدني مجيد الزبيدي) and punctuation, a title, a demonym or ``أن`` follows.
        After a title, an unknown word and a definite word with a family-name ending (the
        nisba: الكاتب العراقي صافي الياسري) are a name whatever follows; a last word opening
        with the coordinator is part of the name when the name would otherwise be one word
        (غافن ويليامسون). Quotes around the name are allowed.
    Organization
        A head noun from ``org_heads.tsv`` (مجلس، وزارة، صحيفة...) without the article,
        followed by one or more definite words or adjectives, or by a quoted name (after an
        optional naming word: شركة تدعى "سلاف كوربس"); the head noun fixes the class, and a
        following apposition from the ``think_tank`` markers makes it a ThinkTank. A quoted
        name coordinated with a quoted organization (شركة «روسنفط» الروسية، و«بروم
        إينفيستبنك») gets that organization's class.
    Place
        A head noun from ``place_heads.tsv`` (بلدة، محافظة، قاعدة...) followed by one to three
        name-like words or a quoted name, with the evidence the head asks for. A KB city
        after a Region head (محافظة إدلب) becomes a ``province`` span (kb id kept, class
        Region). Unknown words coordinated with a city (سيفاستوبول وفيودوسيا ويالطا.) are
        cities; an unknown word after في set off by a comma before another place (في
        مولكينو، في منطقة كراسنودار) is a city.

    Data: ``given_names.txt``, ``org_heads.tsv``, ``titles.tsv``, ``markers.tsv`` (through
    :func:`~extractors.lexicon.load_lexicon`), ``name_cues.tsv`` and ``place_heads.tsv``
    (through :func:`load_name_cues`). Spans get an empty ``kb_id_`` (except ``province``);
    linking gives them new ids.
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None = None):
        self.lex = load_lexicon(nlp.lang)
        self.g = get_grammar(nlp.lang)
        self.cues = load_name_cues(nlp.lang)
        self.kb = _kb(kb_dir)
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        blocked = set(self.lex.stopwords)
        for t in self.lex.triggers:
            blocked.update(t.words)
        for group in (self.lex.titles, self.lex.org_heads):
            for k in group:
                blocked.update(k)
        for kind in ("report_verb", "intent", "historical", "officials", "outlet_anaphor", "region_anaphor", "states"):
            blocked.update(w for seq in self.lex.marker(kind) for w in seq)  # (not "عبد الكريم دول الجوار")
        for k in self.cues.place_heads:
            blocked.update(k)
        for kind in ("kinship", "profession", "name_intro", "speech", "movement", "capital_word"):
            blocked.update(w for seq in self.cues.seqs(kind) for w in seq)
        self.blocked = frozenset(blocked)
        org_blocked = set(self.lex.stopwords)
        for t in self.lex.triggers:
            org_blocked.update(t.words)
        for kind in ("report_verb", "intent", "historical", "outlet_anaphor", "region_anaphor"):
            org_blocked.update(w for seq in self.lex.marker(kind) for w in seq)
        # an academic title or a rank opens a person's name and closes an organization's
        # ("مجلس الشورى الدكتور يحيى", "هيئة الأركان العامة اللواء"); royal titles do not
        # ("مركز الملك سلمان للإغاثة")
        self.org_closers = frozenset(w for seq in self.lex.marker("org_closer") for w in seq)
        self.governed_prepositions = frozenset(w for seq in self.lex.marker("governed_preposition") for w in seq)
        # trigger words that are only verbal nouns (تطوير، تنمية): a name's construct noun
        # (مركز تطوير القدرات); a key that is also a verb, a stop word or a title is not
        nouns = {w for t in self.lex.triggers if t.kind == "noun" for w in t.words}
        verbs = {w for t in self.lex.triggers if t.kind != "noun" for w in t.words}
        verbs |= {w for kind in ("report_verb", "intent", "historical") for seq in self.lex.marker(kind) for w in seq}
        self.verbal_nouns = frozenset(w for w in nouns - verbs - set(self.lex.stopwords) - {w for k in self.lex.titles for w in k}
                                      if not w.endswith(self.g.name_adjective_endings or ("\0",)))  # (not مشتركة)
        org_blocked.update(self.org_closers)
        self.org_blocked = frozenset(org_blocked)
        self.stop_surface = frozenset(getattr(self.lang_module, "STOP_WORDS", ()))
        self.name_stop = self.cues.words("direction") | self.cues.words("common")
        self.saying = frozenset(w for seq in self.lex.marker("report_verb") for w in seq) | self.cues.words("speech")
        self.openers = self.g.complementizers
        self.head_clitics = self.g.head_clitics()  # وبلدة، لشركة، ومحافظة
        # a definite organization head may carry them before its article (بالاتحاد، وللجنة)
        self.org_clitics = self.head_clitics | {c + self.g.article for c in self.head_clitics} | {
            c + self.g.dative_article for c in ("", *self.g.conj_clitics)}
        self.non_masculine_suffixes = tuple(x for x in self.g.pronoun_suffixes if x not in self.g.masculine_suffixes)
        self.name_end = self.g.name_end_punctuation | QUOTES  # closes an apposition or a list item
        # cue sequences before a person name, indexed by their first word
        self.person_cues: dict[str, list[Key]] = {}
        for seq in list(self.lex.titles) + [k for kind in ("profession", "kinship", "honorific")
                                            for k in self.cues.seqs(kind)]:
            self.person_cues.setdefault(seq[0], []).append(seq)
        for w in self.saying:
            self.person_cues.setdefault(w, []).append((w,))
        self.title_first = frozenset(self.person_cues) - self.saying - self.cues.words("kinship")
        # the last words of the person cues :meth:`_title_ends` reads (not a verb of saying, not
        # a kinship noun): of two words or more, and the one-word cues
        titles = [seq for seqs in self.person_cues.values() for seq in seqs
                  if seq[0] not in self.saying and seq[0] not in self.cues.words("kinship")]
        self.title_last = frozenset(seq[-1] for seq in titles if len(seq) > 1)
        self.title_single = frozenset(seq[0] for seq in titles if len(seq) == 1)
        self.kinship = self.cues.words("kinship")
        self.intro = self.cues.seqs("name_intro")
        self.base_suffix = self.cues.words("base_suffix")
        self.place_org_heads = self.cues.words("place_org_head")
        self.org_descriptors = self.cues.words("org_descriptor")
        self.royal_titles = self.cues.words("royal_title")
        self.compound_parts = self.cues.words("compound_name_part")
        self.kunya = self.cues.words("kunya")
        self.family_particles = self.cues.words("family_particle")
        self.common_complements = frozenset(k[0] for k in self.lex.marker("common_complement"))
        self.common_heads = self.cues.words("common_head")
        self.definite_only_heads = self.cues.words("definite_only_head")
        self.no_construct_heads = self.cues.words("no_construct_head")
        self.place_head_words = self.cues.place_head_words
        self.portfolio_titles = self.cues.words("portfolio_title")
        self.institution_adjectives = self.cues.words("institution_adjective")
        self.place_only_heads = self.cues.words("place_only_org_head")
        # first words of the heads and names the probes of __call__ start with: a token whose
        # key is none of them opens no place, person or organization name
        self.place_first = frozenset(k[0] for k in self.cues.place_heads if k)
        self.given_first = frozenset(k[0] for k in self.lex.given_names if k)
        self.org_first = frozenset(k[0] for k in self.lex.org_heads if k)
        self.person_clitics = frozenset(("", self.g.coordinator))
        #: the doc's token keys while __call__ scans it (kept current by :meth:`_literal`)
        self._norms: list[str] | None = None
        #: the first token of each token's sentence while __call__ scans a doc
        self._sent_starts: list[int] | None = None
        self._keys_memo: dict[tuple[str, str, str], tuple[str, ...]] = word_memo()
        self._foreign_memo: dict[tuple[str, str, str, bool], bool] = word_memo()
        #: while __call__ scans a doc: ``(doc, texts, keys, entity types, clitics, articles)``,
        #: one list item per token (the keys, clitics and articles are the doc's live lists)
        self._scan: tuple[Doc, list[str], list[str], list[str], list[str], list[bool]] | None = None
        #: while __call__ scans a doc: token index -> the person cues (:attr:`person_cues`)
        #: that start at it, read from the current keys (emptied when :meth:`_literal` changes one)
        self._cue_starts_memo: dict[int, tuple[Key, ...]] = {}

    # ------------------------------------------------------------------ token tests
    def _keys(self, t: Token) -> tuple[str, ...]:
        """The token's key and its keys without a leading و/ف (cue words the segmenter
        does not know: وزوجته -> زوجته); once per process for each (text, key, clitic)."""
        return self._keys_of(t.text, t.norm_, clitic(t))

    def _keys_at(self, k: int) -> tuple[str, ...]:
        """:meth:`_keys` of token ``k`` of the doc being scanned, read from the scan's lists
        (no spaCy ``Token``)."""
        _doc, texts, norms, _ents, clitics, _arts = self._scan
        return self._keys_of(texts[k], norms[k], clitics[k])

    def _keys_of(self, text: str, key: str, c: str) -> tuple[str, ...]:
        """:meth:`_keys` of a token given by its text, key and clitic (memoised)."""
        memo = (text, key, c)
        out = self._keys_memo.get(memo)
        if out is None:
            keys = [key]
            if c == "":
                keys += [r[1] for r in self.lang_module.clitic_candidates(text)[1:] if r[0] in self.g.conj_clitics]
            out = self._keys_memo[memo] = tuple(keys)
        return out

    def _foreign_at(self, doc: Doc, k: int) -> bool:
        """:meth:`_foreign` of ``doc[k]``; during the scan of ``doc``, read from the scan's lists
        (a spaCy ``Token`` is built only the first time a reading is met)."""
        scan = self._scan
        if scan is None or scan[0] is not doc:
            return self._foreign(doc[k])
        _doc, texts, norms, ents, clitics, arts = scan
        if ents[k] != "":
            return False
        memo = (texts[k], norms[k], clitics[k], arts[k])
        out = self._foreign_memo.get(memo)
        if out is None:
            out = self._foreign_memo[memo] = self._foreign_word_at(k)
        return out

    def _foreign_word_at(self, k: int) -> bool:
        """:meth:`_foreign_word` of token ``k`` of the doc being scanned (outside every
        entity), read from the scan's lists: no spaCy ``Token`` (``Token.is_alpha`` is
        ``str.isalpha`` of the text)."""
        _doc, texts, norms, ents, clitics, arts = self._scan
        return self._foreign_text(texts[k], norms[k], clitics[k], arts[k], ents[k])

    def _cue_starts(self, k: int) -> tuple[Key, ...]:
        """The person cues (:attr:`person_cues`) whose words are the keys from token ``k`` of
        the doc being scanned on (the first word by any of :meth:`_keys_at`); once per token
        and doc."""
        got = self._cue_starts_memo.get(k)
        if got is None:
            norms = self._scan[2]
            got = tuple(seq for key in self._keys_at(k) for seq in self.person_cues.get(key, ())
                        if tuple(norms[k + 1:k + len(seq)]) == seq[1:])
            self._cue_starts_memo[k] = got
        return got

    def _namelike(self, t: Token) -> bool:
        return (t.is_alpha and len(t.norm_) > 1 and not any(k in self.blocked or k in self.name_stop for k in self._keys(t))
                and clitic(t) in ("", self.g.coordinator) and t.ent_type_ == "")  # (not "وأخيه", "كلمة")

    def _foreign(self, t: Token) -> bool:
        """A word that may be part of a foreign name: unknown to the lexicon, no clitic, no
        article (in any reading), not ending in ة or a possessive pronoun. Outside an entity,
        the answer depends on the token's text, key and reading only: kept once per process."""
        if t.ent_type_ != "":
            return False
        memo = (t.text, t.norm_, clitic(t), has_article(t))
        out = self._foreign_memo.get(memo)
        if out is None:
            out = self._foreign_memo[memo] = self._foreign_word(t)
        return out

    def _foreign_word(self, t: Token) -> bool:
        """:meth:`_foreign` for a token outside every entity."""
        return self._foreign_text(t.text, t.norm_, clitic(t), has_article(t), t.ent_type_)

    def _foreign_text(self, text: str, n: str, c: str, article: bool, ent_type: str) -> bool:
        """:meth:`_foreign_word` of a token given by its text, key ``n``, clitic, whether it
        has the article and its entity type (``Token.is_alpha`` is ``str.isalpha`` of the
        text)."""
        return (text.isalpha() and len(n) > 1 and not article and c == "" and ent_type == ""
                and (n,) not in self.lex.marker("patronym")  # a foreign name has no بن
                and not any(x in self.blocked or x in self.name_stop for x in self._keys_of(text, n, c))
                and text not in self.stop_surface and not n.endswith(self.g.pronoun_suffixes)
                # no reading as a definite word after a proclitic: بالتحسن، والمجتمع، بالديوان
                and not any(reading[2] for reading in self.lang_module.clitic_candidates(text)))

    def _cue_at(self, doc: Doc, k: int, end: int) -> bool:
        """True when a person cue (title, profession, kinship, verb of saying) starts at
        token ``k`` and ends before token ``end``."""
        if self._scan is not None and self._scan[0] is doc:
            return any(k + len(seq) <= end for seq in self._cue_starts(k))
        for key in self._keys(doc[k]):
            for seq in self.person_cues.get(key, ()):
                m = len(seq)
                if k + m <= end and tuple(token_norms(doc)[k + 1:k + m]) == seq[1:]:
                    return True
        return False

    def _sent_start(self, doc: Doc, i: int) -> int:
        """Index of the first token of token ``i``'s sentence."""
        if self._sent_starts is not None:
            return self._sent_starts[i]
        return doc[i].sent.start

    def _person_context(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a candidate person name ``doc[start:end]`` stands in a person context."""
        sent_start = self._sent_start(doc, start)
        if start - 1 >= sent_start:
            prev = doc[start - 1]
            if prev.text in self.name_end or prev.ent_type_ == "NORP":
                return True
            if any(k in self.saying for k in self._keys(prev)):
                return True  # قال أندريه كورتونوف (but not قال مصدر إن محمد سيزور)
        if any(self._cue_at(doc, k, start) and not any(x in self.saying for x in self._keys(doc[k]))
               for k in range(max(sent_start, start - 4), start)):
            return True
        if start - 1 >= sent_start and self._office_place(doc, start - 1, sent_start):
            return True
        if end < len(doc) and not doc[end].is_sent_start:
            nxt = doc[end]
            if nxt.text in self.name_end or any(k in self.saying or k in self.openers for k in self._keys(nxt)):
                return True
            if nxt.norm_ in self.title_first:
                return True
        return False

    def _office_place(self, doc: Doc, k: int, sent_start: int) -> bool:
        """True when token ``k`` ends a place named after the locative preposition at the end
        of a title phrase: "السفير الأمريكي في بغداد", "وزير الإدارة المحلية في اليمن" (a
        title, not a verb of saying, within five words before في)."""
        if doc[k].ent_type_ not in ("GPE", "LOC"):
            return False
        p = k
        while p > sent_start and doc[p].ent_iob_ != "B":
            p -= 1
        return p > sent_start and token_norms(doc)[p - 1] == self.g.locative and any(
            self._cue_at(doc, m, p - 1) and not any(x in self.saying for x in self._keys(doc[m]))
            for m in range(max(sent_start, p - 6), p - 1))

    def _boundary(self, doc: Doc, k: int) -> bool:
        """True when a name may end before token ``k``."""
        if k >= len(doc):
            return True
        t = doc[k]
        return (not t.is_alpha or t.is_sent_start or bool(t.ent_type_) or clitic(t) != ""
                or t.norm_ in self.blocked or t.norm_ in self.name_stop or t.text in self.stop_surface
                or (t.text.startswith(self.g.coordinator) and len(t.text) > 3))

    def _skip_intro(self, doc: Doc, j: int) -> int:
        """Index after a naming word (تدعى، المعروفة باسم) at ``j``, or ``j``."""
        for seq in self.intro:
            m = len(seq)
            if tuple(token_norms(doc)[j:j + m]) == seq:
                return j + m
        return j

    @staticmethod
    def _quoted(doc: Doc, j: int, limit: int = 6) -> int | None:
        """End index of a quoted name opening at ``doc[j]`` (a quote), or ``None``."""
        text_list = token_texts(doc)
        if j >= len(doc) or text_list[j] not in QUOTES:
            return None
        for k in range(j + 1, min(len(doc), j + 2 + limit)):
            if text_list[k] in QUOTES:
                inner = doc[j + 1:k]
                if len(inner) and all(t.is_alpha or t.like_num for t in inner):
                    return k
                return None
        return None

    # ------------------------------------------------------------------ driver
    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents  # (each doc.ents read builds every span again: read once while unchanged)
        ent_at = {s.start: s for s in ents}
        spans: list[Span] = []
        i, n = 0, len(doc)
        # Candidate positions, tested once per token from lists (not a spaCy Token per probe):
        # each probe returns None, with no side effect, unless its first token passes the
        # test written before it (the first test of the probe itself, and its head or given
        # name starting with that token's key). Entities do not change during the scan;
        # clitics and articles are the live lists, and _literal keeps the keys current.
        # the keys are the doc's live list (set_reading, through _literal, keeps it current)
        norms = token_norms(doc)
        texts = token_texts(doc)
        ent_types = token_strings(doc, ENT_TYPE)
        clitics, articles = readings(doc)
        place_first, given_first, org_first = self.place_first, self.given_first, self.org_first
        head_clitics, person_clitics, stop_surface = self.head_clitics, self.person_clitics, self.stop_surface
        self._norms = norms
        # Token.sent scans for the boundaries at each call; without sentence hooks the start
        # is the last token marked as one (the sentencizer marks every token)
        plain = not (doc.user_hooks or doc.user_span_hooks or doc.user_token_hooks)
        self._sent_starts = None
        if plain and n and doc.has_annotation("SENT_START"):
            sent_starts: list[int] = []
            sent_start = 0
            for k, v in enumerate(doc.to_array(SENT_START).tolist()):
                if v == 1:  # (Token.is_sent_start; -1 reads as a large unsigned number)
                    sent_start = k
                sent_starts.append(sent_start)
            self._sent_starts = sent_starts
        self._scan = (doc, texts, norms, ent_types, clitics, articles)
        self._cue_starts_memo = {}
        foreign_memo = self._foreign_memo  # (_foreign_at of a token outside every entity)
        try:
            while i < n:
                span = None
                if not ent_types[i]:
                    c, art = clitics[i], articles[i]
                    if norms[i] in place_first and not art and c in head_clitics:
                        span = self._place(doc, i, ent_at)
                    if (span is None and not art and c in person_clitics and (
                            norms[i] in given_first and (texts[i] not in stop_surface or self._name_follows(doc, i))
                            or norms[i] in self.kunya)):
                        span = self._person(doc, i, ent_at)
                        if (span is not None and i >= 2 and (norms[i - 1],) in self.lex.marker("patronym")
                                and not ent_types[i - 2] and texts[i - 2].isalpha() and clitics[i - 2] == ""
                                and not articles[i - 2] and norms[i - 2] not in self.lex.stopwords
                                and (not spans or spans[-1].end <= i - 2)):
                            # "الأمير سلطان بن سلمان بن عبدالعزيز": a name after بن is the father's;
                            # the person begins with the word before (a given name no list holds)
                            span = self._new(doc, i - 2, span.end, "Person", "person-pattern")
                    if span is None and c == "" and not art:
                        foreign = foreign_memo.get((texts[i], norms[i], c, art))
                        if foreign is None:
                            foreign = self._foreign_at(doc, i)
                        if foreign:
                            span = self._foreign_person(doc, i, ent_at)
                    if span is None and norms[i] in org_first and c in self.org_clitics:
                        span = self._org(doc, i, ent_at)
                if span is not None:
                    spans.append(span)
                    i = max(span.end, i + 1)
                else:
                    i += 1
        finally:
            self._norms = self._sent_starts = self._scan = None
            self._cue_starts_memo = {}
        if spans:  # (the scan sets no entity: ``ents`` is what doc.ents reads until here)
            doc.ents = filter_spans(list(ents) + spans)
            ents = None
        extra = self._coordinated(doc, ents) + self._apposed_places(doc)
        if extra:
            doc.ents = filter_spans(list(doc.ents) + extra)
        return doc

    # ------------------------------------------------------------------ persons
    def _person(self, doc: Doc, i: int, ent_at: dict[int, Span]) -> Span | None:
        norm_list = token_norms(doc)
        t = doc[i]
        if t.ent_type_ or clitic(t) not in ("", self.g.coordinator) or has_article(t):
            return None
        if t.norm_ in self.kunya and i + 2 < len(doc):
            # a kunya opens the name: "أبو محمد العدناني", "أبو حارث القادري" (a name word and a
            # nisba family name after it)
            inner = self._person(doc, i + 1, ent_at)
            if inner is not None:
                return self._new(doc, i, inner.end, "Person", "person-pattern")
            word, fam = doc[i + 1], doc[i + 2]
            if (not word.ent_type_ and clitic(word) == "" and not has_article(word) and word.is_alpha
                    and word.text not in self.stop_surface and self._nisba_family_name(fam)
                    and self._person_context(doc, i, i + 3)):
                return self._new(doc, i, i + 3, "Person", "person-pattern")
        if t.text in self.stop_surface and not self._name_follows(doc, i):
            return None
        for glen in (2, 1):
            if i + glen > len(doc) or tuple(x.norm_ for x in doc[i:i + glen]) not in self.lex.given_names:
                continue
            j = i + glen
            fam = ent_at.get(j)
            if fam is not None and self._relative(doc[i:j], fam) and self._person_context(doc, i, fam.end):
                return self._new(doc, i, fam.end, "Person", "person-pattern")
            limit = glen + 3
            while (j < len(doc) and j - i < limit and clitic(doc[j]) == ""
                   and (self._namelike(doc[j]) or not doc[j].ent_type_ and doc[j].is_alpha and (
                        norm_list[j] in self.compound_parts or (norm_list[j],) in self.lex.marker("patronym")
                        or (norm_list[j - 1],) in self.lex.marker("patronym")  # بن أمين، آل عمرو
                        or j > i + glen and (norm_list[j] in self.family_particles
                                             or norm_list[j - 1] in self.family_particles)  # أبو قرنين
                        or j > i + glen and (norm_list[j - 1], norm_list[j]) in self.lex.given_names))  # بن عبد العزيز
                   and not (j > i + glen and token_texts(doc)[j].startswith(self.g.coordinator))):
                if ((norm_list[j],) in self.lex.marker("patronym") or norm_list[j] in self.compound_parts
                        or j > i + glen and (norm_list[j] in self.family_particles
                                             or (norm_list[j - 1], norm_list[j]) in self.lex.given_names)):
                    limit += 1  # "بندر بن عبدالله بن عبدالعزيز", "رجاء الله": each adds its name
                compound = (norm_list[j - 1], norm_list[j]) in self.lex.given_names  # عبد العزيز (written apart)
                if (has_article(doc[j]) and norm_list[j] not in self.compound_parts and j > i + glen + 1 and not compound
                        and any((t.norm_,) in self.lex.marker("patronym") for t in doc[i:j - 1])
                        and not norm_list[j].endswith(self.g.family_name_endings or ("\0",))
                        and not ((norm_list[j - 2],) in self.lex.marker("patronym") and self._name_ends(doc, j + 1))):
                    break  # after "بن X" a definite word is a family name as a nisba or where the name
                    # ends (حمد بن علي العطية،), not "... مدني الوفد"
                if (not has_article(doc[j]) and (norm_list[j],) not in self.lex.marker("patronym")
                        and norm_list[j] not in self.compound_parts and norm_list[j] not in self.family_particles
                        and j >= i + glen + 2 and (norm_list[j - 2],) in self.lex.marker("patronym")
                        and not norm_list[j].endswith(self.g.family_name_endings or ("\0",))
                        and not self._name_ends(doc, j + 1)):
                    break  # "علي بن سويد رحب": after "بن X" a word without the article is a family
                    # name as a nisba (إياد بن أمين مدني) or where the name ends (علي بن موسى زعلة،)
                j += 1  # after a family name, a word opening with و is coordinated: هادي عبدالمهدي واعتقلوا
                if has_article(doc[j - 1]) and norm_list[j - 1] not in self.compound_parts and not compound:
                    break
                if j - 2 > i and norm_list[j - 2] in self.family_particles:
                    break  # "آل عمرو" ends the name
            while j > i + glen and (norm_list[j - 1],) in self.lex.marker("patronym"):
                j -= 1  # a name does not end with بن
            fam = ent_at.get(j)
            if (j > i + glen and fam is not None and fam.label_ == "PERSON" and fam.kb_id_ and len(fam) == 1
                    and not self._relative(doc[i:i + glen], fam) and self._patronyms(doc[i + glen:j])):
                # "عادل بن أحمد الجبير": a patronym chain before the KB person's family name
                span = Span(doc, i, fam.end, label="PERSON", kb_id=fam.kb_id_)
                set_span_ext(span, "Person", "alias")
                return span
            if j - i >= 2 and (j - i > glen) and self._person_context(doc, i, j):
                return self._new(doc, i, j, "Person", "person-pattern")
        return None

    def _name_ends(self, doc: Doc, k: int) -> bool:
        """True when a person's name may end before token ``k`` and something after it says
        so: the end of the sentence, punctuation, a title, honorific or profession, a verb of
        saying, a complementizer (أن، إن), a demonym or a definite word after و (والوفد)."""
        if k >= len(doc) or doc[k].is_sent_start or not doc[k].is_alpha:
            return True
        t = doc[k]
        return (t.ent_type_ == "NORP" or any(x in self.saying or x in self.openers or x in self.title_first
                                             for x in self._keys(t))
                or has_article(t) and clitic(t).startswith(self.g.coordinator))  # "... العطية والوفد"

    def _name_follows(self, doc: Doc, i: int) -> bool:
        """True when the word after token ``i`` shows that ``i`` is a given name even though
        its surface is a function word (علي, also a spelling of على): a patronym (علي بن
        قاسم) or a nisba family name (علي الزهراني)."""
        if i + 1 >= len(doc) or doc[i + 1].ent_type_:
            return False
        nxt = doc[i + 1]
        return (nxt.norm_,) in self.lex.marker("patronym") or self._nisba_family_name(nxt)

    def _patronyms(self, words: Span) -> bool:
        """True when ``words`` are patronym pairs only ("بن أحمد", "بن أحمد بن محمد")."""
        keys = [t.norm_ for t in words]
        return len(keys) % 2 == 0 and all((keys[n],) in self.lex.marker("patronym") for n in range(0, len(keys), 2))

    def _relative(self, given: Span, fam: Span) -> bool:
        """True when ``fam`` is a one-word KB person form (a family name) and ``given`` is not
        a given name of that person (nor a spelling close to one)."""
        if fam.label_ != "PERSON" or not fam.kb_id_ or len(fam) != 1:
            return False
        entry = self.kb.get(fam.kb_id_)
        if entry is None:
            return False
        g = " ".join(t.norm_ for t in given)
        firsts = set()
        for form in (entry.label_ar, *entry.aliases_ar):
            keys = self.lex.keys_of(form)
            if len(keys) >= 2:
                firsts.add(" ".join(keys[:-1]))
        return not any(_similar(g, f) for f in firsts)

    def _foreign_person(self, doc: Doc, i: int, ent_at: dict[int, Span]) -> Span | None:
        """A foreign-looking name from token ``i`` (person (c) of the class docstring), or
        ``None``. Called by :meth:`__call__` during its scan of ``doc`` (reads its lists)."""
        _doc, text_list, norm_list, ent_list, _clitics, art_list = self._scan
        if not self._foreign_at(doc, i):
            return None
        sent_start = self._sent_start(doc, i)
        k, quoted = i - 1, False
        if k >= sent_start and text_list[k] in QUOTES:
            k, quoted = k - 1, True
        if k < sent_start:
            return None
        if text_list[k] in self.g.commas and k - 1 >= sent_start and ent_list[k - 1] == "NORP" and not quoted:
            k -= 1  # an apposition: "السفير الإسرائيلي، إيتان نائيه"
        left_ent = ent_list[k]
        keys = self._keys_at(k)
        if any(x in self.kinship for x in keys) and not left_ent:
            cue = "kin"
        elif any(x in self.saying for x in keys) and not left_ent:
            cue = "say"
        elif (left_ent in ("NORP", "ORG") and any(
                self._cue_at(doc, m, k) and not any(x in self.saying for x in self._keys_at(m))
                for m in range(max(sent_start, k - 6), k))) or (
                left_ent == "GPE" and self._title_ends(doc, k - 1, sent_start, definite=False)):
            cue = "norp"  # a title closed by a demonym, a place or an organization: المتحدث باسم الخارجية الصينية X
        elif left_ent in ("GPE", "LOC") and self._office_place(doc, k, sent_start):
            cue = "title"  # "وزير الإدارة المحلية في اليمن X": the place of the office closes the title
        elif not left_ent and (self._title_ends(doc, k, sent_start) or (
                art_list[k] and norm_list[k] not in self.blocked and k - 1 >= sent_start
                and self._title_ends(doc, k - 1, sent_start))):
            cue = "norp"  # الإعلامي X، الناشط المدني X
        else:
            return None
        fam = ent_at.get(i + 1)
        if fam is not None and self._relative(doc[i:i + 1], fam):
            return self._new(doc, i, fam.end, "Person", "person-pattern")  # وزوجته ميلانيا ترامب
        j, hyphenated = i, False
        while (j < len(doc) and j - i < 3 and self._foreign_at(doc, j)
               and (j == i or not (doc[j].is_sent_start or text_list[j].startswith(self.g.coordinator)))):
            j += 1  # a later word opening with و is a coordinated word, not part of the name
            if (j < len(doc) and text_list[j].endswith("-") and text_list[j][:-1].isalpha() and j - i < 3
                    and j + 1 < len(doc) and doc[j + 1].is_alpha and not doc[j + 1].ent_type_
                    and not has_article(doc[j + 1]) and clitic(doc[j + 1]) == "" and not doc[j + 1].is_sent_start):
                j += 2  # a hyphenated given name: "بارك جيون- هى" (the hyphen glued to its first part)
                hyphenated = True
        if j - i == 1 and cue == "norp" and j < len(doc) and not doc[j].is_sent_start:
            if self._nisba_family_name(doc[j]):
                return self._new(doc, i, j + 1, "Person", "person-pattern")  # صافي الياسري
            if (text_list[j].startswith(self.g.coordinator) and self._foreign_at(doc, j)
                    and (j + 1 >= len(doc) or text_list[j + 1] in self.name_end or not doc[j + 1].is_alpha)):
                j += 1  # غافن ويليامسون: a one-word name is no name; the و is the name's
        if j - i < 2:
            return None
        r = j
        if quoted:
            if r >= len(doc) or text_list[r] not in QUOTES:
                return None
            r += 1
        nxt = doc[r] if r < len(doc) and not doc[r].is_sent_start else None
        if cue == "say":
            if nxt is None:
                return None
            if nxt.text in self.g.commas and r + 1 < len(doc):
                nxt = doc[r + 1]
            if not (nxt.norm_ in self.title_first or self._cue_at(doc, nxt.i, len(doc))):
                return None
        elif cue == "norp" and nxt is not None and not hyphenated and not (
                nxt.text in self.name_end or nxt.norm_ in self.title_first or nxt.ent_type_ == "NORP"
                or any(x in self.saying or x in self.openers for x in self._keys(nxt))):
            return None
        return self._new(doc, i, j, "Person", "person-pattern")

    def _title_ends(self, doc: Doc, k: int, sent_start: int, definite: bool = True) -> bool:
        """True when a title or profession (not a verb of saying, not a kinship noun) ends
        at token ``k``; unless ``definite`` is False (a place name follows and makes the
        construct definite: رئيس وزراء إثيوبيا), its last word needs the article (المخرج "the
        director", الفريق "the general", وزير الخارجية; not مخرج "exit", فريق "team")."""
        if self._scan is not None and self._scan[0] is doc:
            lo = max(sent_start, k - 3)
            if lo > k or definite and not self._scan[5][k]:
                return False
            if self._scan[2][k] not in self.title_last and self.title_single.isdisjoint(self._keys_at(k)):
                return False  # no title or profession ends with the token
            saying, kinship = self.saying, self.kinship
            return any(m + len(seq) == k + 1 and seq[0] not in saying and seq[0] not in kinship
                       for m in range(lo, k + 1) for seq in self._cue_starts(m))
        for m in range(max(sent_start, k - 3), k + 1):
            for key in self._keys(doc[m]):
                for seq in self.person_cues.get(key, ()):
                    if (m + len(seq) == k + 1 and seq[0] not in self.saying and seq[0] not in self.kinship
                            and (has_article(doc[k]) or not definite)  # المخرج، الفريق (not مخرج "exit", فريق "team")
                            and tuple(token_norms(doc)[m + 1:k + 1]) == seq[1:]):
                        return True
        return False

    def _nisba_family_name(self, t: Token) -> bool:
        """A definite word with a family-name ending (the nisba) that is no known word."""
        return (t.is_alpha and has_article(t) and clitic(t) in ("", self.g.article) and not t.ent_type_
                and t.norm_.endswith(self.g.family_name_endings) and len(t.norm_) > 3
                and t.norm_ not in self.blocked and t.norm_ not in self.name_stop)

    # ------------------------------------------------------------------ organizations
    def _org(self, doc: Doc, i: int, ent_at: dict[int, Span]) -> Span | None:
        norm_list = token_norms(doc)
        t = doc[i]
        if t.ent_type_ or clitic(t) not in self.org_clitics:
            return None
        for hlen in (2, 1):
            head = tuple(x.norm_ for x in doc[i:i + hlen])
            if i + hlen > len(doc) or head not in self.lex.org_heads:
                continue
            cls, _label = self.lex.org_heads[head]
            if cls == "Event":  # عملية "غصن الزيتون": an operation is named in quotes only
                q = self._skip_intro(doc, i + hlen)
                close = self._quoted(doc, q)
                inner = ent_at.get(q + 1)
                if close is None or (inner is not None and inner.end == close):
                    continue
                return self._new(doc, self._literal(doc, q + 1), close, cls, "org-pattern")
            if has_article(t) and i > 0 and norm_list[i - 1] in self.portfolio_titles:
                continue  # "وزير الإدارة المحلية": the minister's portfolio, part of his title
            j = self._org_run(doc, i + hlen, ent_at, construct=not has_article(doc[i + hlen - 1])
                              and head[-1] not in self.no_construct_heads,
                              specific=head[-1] not in self.common_heads)
            if j > i + hlen and head[-1] in self.common_heads and norm_list[i + hlen] in self.common_complements:
                return None  # "حركة المرور": traffic, no movement (but "وزارة التجارة" is a ministry)
            if has_article(t) and not any(x.ent_type_ == "NORP" for x in doc[i + hlen:j]) and not (
                    j > i + hlen + 1 and doc[i + hlen].norm_ in self.institution_adjectives
                    and any(clitic(x) in self.g.dative_clitics or clitic(x) == self.g.dative_article
                            for x in doc[i + hlen + 1:j])):
                # المجلس البالغ عدد أعضائه: a definite head names a body only with a demonym or
                # with an institution's adjective and a ل-complement (اللجنة المحلية للانتخابات
                # البلدية; not الكتلة البرلمانية للحزب الحاكم)
                return None
            if not has_article(t) and head[-1] in self.definite_only_heads:
                continue  # إدارة الأزمة: crisis management
            if has_article(t) and head[-1] in self.common_heads and doc[i + hlen].ent_type_ == "NORP":
                return None  # الجبهة السورية: a head that is a common noun needs more than a demonym
            place = ent_at.get(j) or (self._place(doc, j, ent_at) if j == i + hlen < len(doc)
                                      and head[-1] in self.place_org_heads else None)
            if (place is None and j == i + hlen and j + 1 < len(doc) and head[-1] in self.place_org_heads
                    and (norm_list[j],) in self.cues.place_heads):
                # "شرطة محافظة الأنبار": a KB place after its own head noun
                inner = ent_at.get(j + 1)
                if inner is not None and inner.label_ in ("GPE", "LOC") and inner.kb_id_:
                    place = inner
            if (j == i + hlen and place is not None and place.label_ in ("GPE", "LOC") and head[-1] in self.place_org_heads
                    and clitic(doc[j]) == ""):
                # شرطة نينوى، مجلس إقليم فارياب: the place is named too (a mention inside the name)
                doc.user_data.setdefault(INNER_PLACES, []).append((place.start, place.end, span_cls(place), place.kb_id_,
                                                                   span_kind(place)))
                # بنك إثيوبيا الوطني، صندوق أبوظبي للتنمية: adjectives and a ل-complement after it
                return self._new(doc, i, self._org_run(doc, place.end, ent_at, after_name=True), cls, "org-pattern")
            if head[-1] in self.place_only_heads:
                continue
            if j == i + hlen + 1 and has_article(doc[i + hlen]) and doc[i + hlen].norm_ in self.place_head_words:
                return None  # "بلدية المحافظة"، "مستشفيات المنطقة": the body of a place named before
            if (j > i + hlen and not has_article(t) and not has_article(doc[i + hlen])
                    and doc[i + hlen].text[:1] in self.g.dative_clitics and not doc[i + hlen].ent_type_):
                return None  # "شركة لخدمة الحجاج": an indefinite head and its purpose: a description
            if j > i + hlen:
                tail = tuple(x.norm_ for x in doc[j:j + 6])
                if any(_contains(tail, seq) for seq in self.lex.marker("think_tank")):
                    cls = "ThinkTank"
                return self._new(doc, i, j, cls, "org-pattern")
            if not has_article(t):
                # صحيفة لوموند الفرنسية: unknown words closed by a definite demonym
                k = i + hlen
                while k < len(doc) and k - i - hlen < 3 and self._foreign(doc[k]):
                    k += 1
                if k > i + hlen and k < len(doc) and doc[k].ent_type_ == "NORP" and has_article(doc[k]):
                    return self._new(doc, i + hlen, k, cls, "org-pattern")
            q = self._skip_intro(doc, i + hlen)
            close = self._quoted(doc, q)
            if close is not None:
                inner = ent_at.get(q + 1)
                if inner is not None and inner.end == close:
                    return None  # a known name in quotes
                return self._new(doc, self._literal(doc, q + 1), close, cls, "org-pattern")
        return None

    def _org_run(self, doc: Doc, j: int, ent_at: dict[int, Span], after_name: bool = False,
                 construct: bool = False, specific: bool = False) -> int:
        """End of an organization's name whose words start at ``j`` (or, with ``after_name``,
        continue after a name already read).

        - Definite words and demonyms (a descriptor such as الحكومية ends the name once it
          has a word: قناة الإخبارية الحكومية); after a ``specific`` head (not a
          ``common_head``: حركة الاحتجاج is "the protest movement") the first definite word
          is the head's complement even when it is also a verb's or trigger's key (وزارة
          النقل), and a definite adjective (ending in ي or ة) continues the name (لجنة الحج
          المشتركة).
        - With ``construct`` (an indefinite head), one or two indefinite nouns in the
          construct state before the first definite word (وكالة تصنيف المقاولين، صندوق
          تنمية الموارد البشرية), not a common complement (مجلس إدارة الشركة).
        - A nisba adjective coordinated with a nisba adjective (الشؤون البلدية والقروية).
        - A known person with or after a ``royal_title`` (مركز الملك سلمان).
        - Then complements with the dative article (للتنمية، للإغاثة) or with ل and a noun
          in the construct state (لكرة القدم، لحقوق الإنسان، لرعاية الشباب), each followed
          by its nisba adjectives (للانتخابات البلدية)."""
        start = j
        g = self.g
        nisba = adjective = g.name_adjective_endings or ("\0",)
        if construct and not after_name:
            k = j
            while (k < len(doc) and k - start < 2 and self._construct_noun(doc[k])
                   and not (k == start and doc[k].norm_ in self.common_complements)):
                k += 1
            if k > start and k < len(doc) and self._definite_word(doc[k]) and not doc[k].ent_type_:
                # the construct chain ends at its definite noun; adjectives may follow it
                j = k + 1
                while (j < len(doc) and self._definite_word(doc[j]) and not doc[j].ent_type_
                       and doc[j].norm_.endswith(nisba) and doc[j].norm_ not in self.org_descriptors):
                    j += 1
                return self._complements(doc, j)
        while j < len(doc):
            x = doc[j]
            definite = has_article(x) and clitic(x) in ("", g.article)
            person = ent_at.get(j)
            royal = (lambda k: token_norms(doc)[k] in self.royal_titles)
            if j == start and not after_name and royal(j) and person is None and j + 1 < len(doc):
                person = ent_at.get(j + 1) or self._person(doc, j + 1, ent_at)  # لواء الأمير تركي بن عبدالعزيز
            if person is not None and person.label_ == "PERSON" and j == start and not after_name and (
                    royal(j) or royal(person.start) or person.start == j + 1 and royal(j)):
                j = person.end
            elif (person is None and j == start and not after_name and royal(j) and j + 1 < len(doc)
                  and not doc[j + 1].ent_type_ and clitic(doc[j + 1]) == ""
                  and (n := next((n for n in (2, 1) if j + 1 + n <= len(doc) and tuple(
                      t.norm_ for t in doc[j + 1:j + 1 + n]) in self.lex.given_names), 0))):
                # "مركز الملك عبدالعزيز للحوار الوطني": a royal title and a given name alone
                j += 1 + n
            elif j > start and royal(j):
                break  # "مجلس الإدارة الأمير بندر": a name after the body's name is its head's
            elif ((j > start or after_name) and x.norm_ in self.org_descriptors):
                if j + 1 < len(doc) and self._complements(doc, j + 1) > j + 1:
                    j += 1  # لجنة الإشراف المحلية لانتخابات المجالس البلدية: a complement follows
                break
            elif (j > start and x.is_alpha and not x.ent_type_ and clitic(x) == g.coordinator + g.article
                  and x.norm_.endswith(nisba) and doc[j - 1].norm_.endswith(nisba) and has_article(doc[j - 1])
                  and x.norm_ not in self.lex.stopwords):
                j += 1  # الشؤون البلدية والقروية
            elif (j > start or after_name) and definite and not x.ent_type_ and not x.norm_.endswith(adjective):
                break  # after the head's complement or a name, adjectives: not "وزارة العمل التحديات"، "جامعة جازان المكلف"
            elif x.norm_ in self.org_closers or (j > start or after_name) and j + 1 < len(doc) \
                    and clitic(doc[j + 1]) == "" and doc[j + 1].norm_ in self.governed_prepositions \
                    and not x.ent_type_ and not x.norm_.endswith(g.nisba_endings or ("\0",)):
                break  # a weekday, "the acting"; a verbal noun and its preposition ("الموافقة على"; not "الكردية عن")
            elif not (x.is_alpha and (definite or x.ent_type_ == "NORP") and (
                    x.norm_ not in self.org_blocked or definite and not x.ent_type_
                    and x.norm_ not in self.lex.stopwords and x.norm_ not in self.org_closers
                    and (j == start and not after_name and specific or j > start and x.norm_.endswith(nisba)))):
                break
            elif (x.norm_,) in self.lex.titles and j + 1 < len(doc) and ent_at.get(j + 1) is not None \
                    and ent_at[j + 1].label_ == "PERSON":
                break  # "حزب الرئيس أوباما": the title is the person's, not the body's name
            else:
                j += 1
        return self._complements(doc, j) if j > start or after_name else j

    def _complements(self, doc: Doc, j: int) -> int:
        """End of the ل-complements of an organization's name from token ``j`` (see
        :meth:`_org_run`)."""
        g = self.g
        nisba = g.name_adjective_endings or ("\0",)
        dative = g.dative_article
        while dative and j < len(doc) and doc[j].is_alpha and not doc[j].ent_type_ \
                and doc[j].norm_ not in self.org_blocked:
            x = doc[j]
            if clitic(x) == dative or x.text.startswith(dative) and len(x.text) > len(dative) + 2:
                j += 1  # (by its letters too: an unknown stem is not segmented, للتنمية)
            elif (j + 1 < len(doc) and self._definite_word(doc[j + 1]) and not doc[j + 1].ent_type_ and (
                    clitic(x) in g.dative_clitics and self._construct_noun(x, clitic(x))
                    or clitic(x) == "" and x.norm_ not in self.org_first and self._construct_noun(x) and any(
                        c in g.dative_clitics and len(k) >= 3
                        for c, k, _a in self.lang_module.clitic_candidates(x.text)[1:]))):
                j += 2  # لكرة القدم، لحقوق الإنسان، لانتخابات المجالس (an unknown stem is not segmented)
            else:
                break
            while (j < len(doc) and self._definite_word(doc[j]) and not doc[j].ent_type_
                   and doc[j].norm_.endswith(nisba) and doc[j].norm_ not in self.org_descriptors):
                j += 1  # للانتخابات البلدية
        return j

    def _construct_noun(self, t: Token, proclitic: str = "") -> bool:
        """An indefinite noun that may stand in the construct state inside a name (تصنيف،
        تنمية، كبار): a word with ``proclitic`` only, no article, not a function word, title,
        trigger or marker, no pronoun suffix, outside every entity."""
        return (t.is_alpha and not t.ent_type_ and clitic(t) == proclitic and not has_article(t)
                and len(t.norm_) > 2 and (t.norm_ not in self.org_blocked and t.norm_ not in self.blocked
                                          or t.norm_ in self.verbal_nouns)
                and t.text not in self.stop_surface and not t.text.endswith(self.g.pronoun_suffixes))

    def _definite_word(self, t: Token) -> bool:
        """A definite word (at most the article as proclitic) that is not a function word."""
        return (t.is_alpha and has_article(t) and clitic(t) in ("", self.g.article)
                and t.norm_ not in self.lex.stopwords and t.norm_ not in self.org_closers)

    # ------------------------------------------------------------------ places
    def _place(self, doc: Doc, i: int, ent_at: dict[int, Span]) -> Span | None:
        t = doc[i]
        if t.ent_type_ or has_article(t) or clitic(t) not in self.head_clitics:
            return None
        n = len(doc)
        for hlen in (2, 1):
            head = self.cues.place_heads.get(tuple(x.norm_ for x in doc[i:i + hlen]))
            if head is None or i + hlen > n:
                continue
            j = self._skip_intro(doc, i + hlen)
            close = self._quoted(doc, j)
            start = j + 1 if close is not None else j
            ent = ent_at.get(start)
            if ent is not None:
                if head.cls == "Region" and span_cls(ent) == "City" and ent.kb_id_ and ent.label_ != "NORP":
                    span = Span(doc, i, ent.end, label="LOC", kb_id=ent.kb_id_)
                    set_span_ext(span, "Region", "province")
                    return span
                return None
            if close is not None:
                end = close
                self._literal(doc, start)
            else:
                toks = self._place_name(doc, j, head)
                if not toks:
                    return None
                end = toks[-1] + 1
            after = close + 1 if close is not None else end
            if head.evidence == "place" and close is None and not self._place_follows(doc, after):
                return None
            if head.evidence == "suffix" and not (after < n and token_norms(doc)[after] in self.base_suffix):
                return None
            return self._new(doc, start, end, head.cls, "place-pattern")
        return None

    def _place_name(self, doc: Doc, j: int, head: PlaceHead) -> list[int]:
        """Token indices of a place name starting at ``j`` (one to three words)."""
        toks: list[int] = []
        k = j
        while k < len(doc) and len(toks) < 3:
            t = doc[k]
            definite_ok = not toks and head.evidence == "name"
            if not (t.is_alpha and len(t.norm_) > 1 and clitic(t) == "" and not t.ent_type_
                    and t.norm_ not in self.blocked and t.norm_ not in self.name_stop
                    and t.text not in self.stop_surface and (definite_ok or not has_article(t))
                    and not t.norm_.endswith(self.non_masculine_suffixes)
                    and not (head.evidence != "name" and t.norm_.endswith(self.g.masculine_suffixes))
                    and not (head.evidence == "foreign" and not self._foreign(t))):
                break
            toks.append(k)
            k += 1
            if has_article(t):
                break
        while len(toks) > 1 and not self._boundary(doc, toks[-1] + 1):
            toks.pop()
        return toks

    def _place_follows(self, doc: Doc, k: int) -> bool:
        """True when a known place (a GPE/LOC entity) starts within four tokens of ``k``, in
        the same sentence."""
        for m in range(k, min(len(doc), k + 4)):
            if m > k and doc[m].is_sent_start:
                return False
            if doc[m].ent_type_ in ("GPE", "LOC"):
                return True
        return False

    def _coordinated(self, doc: Doc, ents: tuple[Span, ...] | None = None) -> list[Span]:
        """Names coordinated with a known one: a quoted name after و and a quoted
        organization; unknown words joined by و to a city or a region (والبدع with the
        article too), up to punctuation, are towns; a KB town that is a common word (الوجه)
        is accepted there. ``ents``: ``doc.ents`` when the caller has read it since the last
        change (read here when not given)."""
        text_list = token_texts(doc)
        out: list[Span] = []
        ents = list(doc.ents if ents is None else ents)
        done: set = set()  # (places read as items of a list already)
        for e in ents:
            if e.label_ == "ORG" and e.start > 0 and text_list[e.start - 1] in QUOTES:
                k = e.end
                # skip the closing quote, demonyms/definite adjectives and a comma
                while k < len(doc) and k - e.end < 4 and (text_list[k] in QUOTES or text_list[k] in self.g.commas
                                                         or doc[k].ent_type_ == "NORP"):
                    k += 1
                if k + 1 < len(doc) and token_norms(doc)[k] == self.g.coordinator and not doc[k].ent_type_:
                    close = self._quoted(doc, k + 1)
                    if close is not None and not any(t.ent_type_ for t in doc[k + 2:close]):
                        out.append(self._new(doc, self._literal(doc, k + 2), close, span_cls(e) or "Organization",
                                             "org-pattern"))
            if span_cls(e) in ("City", "Region") and e.label_ in ("GPE", "LOC") and e not in done:
                # a list of towns: بمدينة تبوك ومحافظة تيماء وحقل والبدع وضباء والوجه واملج،
                items, k = [], e.end
                definite = self.g.coordinator + self.g.article
                while k < len(doc) and not doc[k].is_sent_start:
                    t = doc[k]
                    if t.ent_type_ in ("GPE", "LOC") and clitic(t) in (self.g.coordinator, definite, ""):
                        nxt = next((x for x in ents if x.start == k), None)
                        done.add(nxt)
                        k = nxt.end if nxt is not None else k + 1
                        continue
                    if not (t.text.startswith(self.g.coordinator) and len(t.text) > 3 and clitic(t) in ("", definite)
                            and not t.ent_type_ and t.is_alpha and t.norm_ not in self.blocked):
                        break
                    rest = t.norm_ if clitic(t) == definite else self.lex.key(t.text[1:])
                    if len(rest) < 3 or rest in self.blocked or rest in self.name_stop or rest in self.lex.stopwords \
                            or rest.endswith(self.non_masculine_suffixes):
                        break
                    items.append(k)
                    k += 1
                # (the list ends at punctuation: "تقصف عدن وتقتل 43 مدنيا" is a verb, not a town)
                if items and (k >= len(doc) or doc[k].is_sent_start or doc[k].is_punct):
                    pending = {st: kb for st, en, kb in doc.user_data.get("nufuz_pending_ambiguous", ()) if en == st + 1}
                    for k in items:
                        if clitic(doc[k]) == "":
                            set_reading(doc[k], self.g.coordinator, self.lex.key(text_list[k][1:]))
                        entry = self.kb.get(pending.get(k, ""))
                        if entry is not None and entry.cls in ("City", "Region"):  # والوجه: the KB town
                            span = Span(doc, k, k + 1, label=ontonotes_label(entry.cls), kb_id=entry.id)
                            set_span_ext(span, entry.cls, "ambiguous")
                            out.append(span)
                        else:
                            out.append(self._new(doc, k, k + 1, "City", "place-pattern"))
        return out

    def _apposed_places(self, doc: Doc) -> list[Span]:
        """في X، في <place>: an unknown X set off by a comma before a known place (after an
        optional في and a compass word or place head) is a city."""
        norm_list = token_norms(doc)
        out: list[Span] = []
        locative = self.g.locative
        for i, norm in enumerate(norm_list):
            if norm != locative:
                continue
            t = doc[i]
            if t.ent_type_:
                continue
            k = t.i + 1
            toks = []
            while k < len(doc) and len(toks) < 2 and self._foreign(doc[k]):
                toks.append(k)
                k += 1
            if not toks or k >= len(doc) or token_texts(doc)[k] not in self.g.commas:
                continue
            m = k + 1
            if m < len(doc) and norm_list[m] == t.norm_:
                m += 1
            if m < len(doc) and (norm_list[m] in self.cues.words("direction")
                                 or tuple(x.norm_ for x in doc[m:m + 1]) in self.cues.place_heads):
                m += 1
            if m < len(doc) and doc[m].ent_type_ in ("GPE", "LOC"):
                out.append(self._new(doc, toks[0], toks[-1] + 1, "City", "place-pattern"))
        return out

    def _literal(self, doc: Doc, start: int) -> int:
        """Read the first word of a quoted name as written (no proclitic split: «بلو أوشن»)."""
        t = doc[start]
        if clitic(t):
            set_reading(t, "", self.lex.key(t.text))
            if self._norms is not None:  # during __call__'s scan: its list of keys follows
                self._norms[start] = t.norm_
                self._cue_starts_memo.clear()  # (read from the keys)
        return start

    @staticmethod
    def _new(doc: Doc, start: int, end: int, cls: str, kind: str) -> Span:
        span = Span(doc, start, end, label=ontonotes_label(cls))
        set_span_ext(span, cls, kind)
        return span


def _similar(a: str, b: str) -> bool:
    """True when two name keys are the same name in another spelling (ratio >= 0.75)."""
    if a == b:
        return True
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b).ratio() >= 0.75


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    """True when ``sub`` occurs contiguously in ``seq``."""
    m = len(sub)
    return any(seq[k:k + m] == sub for k in range(len(seq) - m + 1))
