"""spaCy pipeline components shared by every language (registered factories).

A language supplies data (``extractors/<lang>/``: lexicons, a ``segment`` function for
clitics, a match-key function); the components below are the mechanism:

``nufuz_normalizer``
    sets ``Token.norm_`` to the token's match key, after lexicon-guided clitic
    segmentation, and ``Token._.clitic`` / ``Token._.has_article``.
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

from importlib import import_module

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ontology.kb import KnowledgeBase, load_kb

from .lexicon import Lexicon, load_lexicon

for _name, _default in (("clitic", ""), ("has_article", False)):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
for _name in ("cls", "kind"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

#: Ontology class -> OntoNotes NER label.
ONTONOTES = {
    "Person": "PERSON", "Country": "GPE", "City": "GPE", "Region": "LOC", "MilitaryBase": "FAC",
    "Event": "EVENT", "Topic": "TOPIC",
}
ORG_CLASSES = frozenset({"Organization", "Government", "MilitaryForce", "InternationalOrganization",
                         "NewsOrganization", "ThinkTank", "ArmedGroup", "PoliticalParty", "Company"})

SENT_END = frozenset({".", "!", "?", "؟", "؛", "…", "\n"})


def ontonotes_label(cls: str) -> str:
    """OntoNotes 5 NER label for an ontology class (``ORG`` for every organization class)."""
    return "ORG" if cls in ORG_CLASSES else ONTONOTES.get(cls, "MISC")


def _kb(kb_dir: str | None) -> KnowledgeBase:
    return load_kb(kb_dir) if kb_dir else load_kb()


def kb_forms(kb: KnowledgeBase, lang: str) -> list[tuple[str, str, str]]:
    """(form, entry id, kind) for every surface form of the KB in ``lang``."""
    return kb.surface_forms_ar() if lang == "ar" else kb.surface_forms_en()


@Language.factory("nufuz_normalizer", default_config={"kb_dir": None})
class Normalizer:
    """Set each token's NORM to its match key after clitic segmentation.

    The segmentation vocabulary is every key of the language lexicon and of the KB's surface
    forms, so a proclitic is split off only when what remains is a known word.
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None):
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        lex = load_lexicon(nlp.lang)
        vocab = lex.vocabulary()
        for form, _id, _kind in kb_forms(_kb(kb_dir), nlp.lang):
            vocab.update(lex.keys_of(form))
        self.vocab = frozenset(vocab)
        self._cache: dict[str, tuple[str, str, bool]] = {}

    def __call__(self, doc: Doc) -> Doc:
        segment, cache = self.lang_module.segment, self._cache
        for t in doc:
            reading = cache.get(t.text)
            if reading is None:
                reading = cache[t.text] = segment(t.text, self.vocab)
            clitic, key, art = reading
            t.norm_ = key or t.text
            t._.clitic = clitic
            t._.has_article = art
        return doc


@Language.factory("nufuz_sentencizer")
def make_sentencizer(nlp: Language, name: str):
    """Sentence splitter: a sentence ends after . ! ? ؟ ؛ … or a line break.

    A period between two digits never arrives here as a token of its own, so decimals are
    safe; a run of closing punctuation (quotes, brackets) stays with the sentence it ends.
    """

    def sentencize(doc: Doc) -> Doc:
        start = True
        for t in doc:
            t.is_sent_start = start
            start = t.text in SENT_END or t.text.strip() == "" and "\n" in t.text
            if t.i + 1 < len(doc) and doc[t.i + 1].text in {"”", "\"", "»", ")"} and start:
                start = False  # closing quote follows: boundary after it instead
            elif t.text in {"”", "\"", "»", ")"} and t.i > 0 and doc[t.i - 1].text in SENT_END:
                start = True
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
    - ``ambiguous`` forms (bare family names) match only after a role title, a given name
      or a form of the same entity that is not ambiguous earlier in the doc.
    - Demonyms become NORP spans linked to their country.
    - Overlaps: the longest span wins (:func:`spacy.util.filter_spans`).
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None):
        self.kb = _kb(kb_dir)
        self.lex: Lexicon = load_lexicon(nlp.lang)
        self.lang_module = import_module(f"extractors.{nlp.lang}")
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        patterns: dict[str, list[Doc]] = {}
        for form, eid, kind in kb_forms(self.kb, nlp.lang):
            keys = self.lex.keys_of(form)
            if not keys:
                continue
            first = form.split()[0]
            art = bool(self.lang_module.clitic_candidates(first)[0][2])
            patterns.setdefault(f"{eid}\t{kind}\t{int(art)}", []).append(Doc(nlp.vocab, words=list(keys)))
        for label, docs in patterns.items():
            self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            eid, kind, art = doc.vocab.strings[match_id].split("\t")
            if art == "1" and not doc[start]._.has_article:
                continue
            entry = self.kb.get(eid)
            cls = entry.cls if entry else "Organization"
            label = "NORP" if kind == "demonym" else ontonotes_label(cls)
            span = Span(doc, start, end, label=label, kb_id=eid)
            span._.cls = cls
            span._.kind = kind
            spans.append(span)
        spans = filter_spans(spans)
        seen = {s.kb_id_ for s in spans if s._.kind != "ambiguous"}
        keep = []
        for s in spans:
            if s._.kind == "ambiguous" and s.kb_id_ not in seen and not self._titled(doc, s.start):
                continue
            keep.append(s)
        doc.ents = filter_spans(list(doc.ents) + keep)
        return doc

    def _titled(self, doc: Doc, i: int) -> bool:
        """True when a role title or a given name ends right before token ``i``."""
        for n in (3, 2, 1):
            if i - n >= 0:
                key = tuple(t.norm_ for t in doc[i - n:i])
                if key in self.lex.titles or key in self.lex.given_names:
                    return True
        return False


@Language.factory("nufuz_name_patterns")
class NamePatterns:
    """Recognise person and organization names that the knowledge base lacks.

    Person: a given name from the language's gazetteer (``given_names.txt``), with no
    proclitic other than و, followed by one to three name-like words (not a stop word,
    marker, title, trigger or known entity; a definite word ends the name).
    Organization: a head noun from ``org_heads.tsv`` (مجلس، وزارة، صحيفة...) followed by one
    or more definite words or adjectives; the head noun fixes the class, and a following
    apposition from the ``think_tank`` markers (مؤسسة فكرية...) makes it a ThinkTank.
    Both yield spans with an empty ``kb_id_``; linking gives them new ids.
    """

    def __init__(self, nlp: Language, name: str):
        self.lex = load_lexicon(nlp.lang)
        blocked = set(self.lex.stopwords)
        for t in self.lex.triggers:
            blocked.update(t.words)
        for group in (self.lex.titles, self.lex.org_heads):
            for k in group:
                blocked.update(k)
        for kind in ("report_verb", "intent", "historical", "officials", "outlet_anaphor", "region_anaphor"):
            blocked.update(w for seq in self.lex.marker(kind) for w in seq)
        self.blocked = frozenset(blocked)
        org_blocked = set(self.lex.stopwords)
        for t in self.lex.triggers:
            org_blocked.update(t.words)
        for kind in ("report_verb", "intent", "historical", "outlet_anaphor", "region_anaphor"):
            org_blocked.update(w for seq in self.lex.marker(kind) for w in seq)
        self.org_blocked = frozenset(org_blocked)
        self.stop_surface = frozenset(getattr(import_module(f"extractors.{nlp.lang}"), "STOP_WORDS", ()))

    def _namelike(self, t: Token) -> bool:
        return (t.is_alpha and len(t.norm_) > 1 and t.norm_ not in self.blocked
                and t._.clitic in ("", "و") and t.ent_type_ == "")

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        i, n = 0, len(doc)
        while i < n:
            span = self._person(doc, i) or self._org(doc, i)
            if span is not None:
                spans.append(span)
                i = span.end
            else:
                i += 1
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
        return doc

    def _person(self, doc: Doc, i: int) -> Span | None:
        t = doc[i]
        if t.ent_type_ or t._.clitic not in ("", "و") or t._.has_article or t.text in self.stop_surface:
            return None
        for glen in (2, 1):
            if i + glen > len(doc) or tuple(x.norm_ for x in doc[i:i + glen]) not in self.lex.given_names:
                continue
            j = i + glen
            while j < len(doc) and j - i < glen + 3 and self._namelike(doc[j]) and doc[j]._.clitic == "":
                j += 1
                if doc[j - 1]._.has_article:
                    break
            if j - i >= 2 and (j - i > glen):
                span = Span(doc, i, j, label="PERSON")
                span._.cls, span._.kind = "Person", "person-pattern"
                return span
        return None

    def _org(self, doc: Doc, i: int) -> Span | None:
        t = doc[i]
        if t.ent_type_ or t._.clitic not in ("", "و", "ل", "ب", "ول", "وب"):
            return None
        for hlen in (2, 1):
            head = tuple(x.norm_ for x in doc[i:i + hlen])
            if i + hlen > len(doc) or head not in self.lex.org_heads:
                continue
            cls, _label = self.lex.org_heads[head]
            j = i + hlen
            while j < len(doc):
                x = doc[j]
                definite = x._.has_article and x._.clitic in ("", "ال")
                if x.is_alpha and (definite or x.ent_type_ == "NORP") and x.norm_ not in self.org_blocked:
                    j += 1
                else:
                    break
            if j > i + hlen:
                span = Span(doc, i, j, label="ORG")
                tail = tuple(x.norm_ for x in doc[j:j + 6])
                if any(_contains(tail, seq) for seq in self.lex.marker("think_tank")):
                    cls = "ThinkTank"
                span._.cls, span._.kind = cls, "org-pattern"
                return span
        return None


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    """True when ``sub`` occurs contiguously in ``seq``."""
    m = len(sub)
    return any(seq[k:k + m] == sub for k in range(len(seq) - m + 1))
