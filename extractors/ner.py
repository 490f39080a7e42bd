"""A statistical name recogniser beside the knowledge base and the cue rules.

``nufuz_ner`` is a registered spaCy component that runs a small trained model (spaCy
``tok2vec`` + ``ner``, weights shipped in ``extractors/<lang>/ner/``) over the doc and adds
the persons, organisations and places that the KB ruler and the name patterns did not find.
The KB wins where it knows an entity: a model span that overlaps any span already in
``doc.ents`` is dropped. Model spans get ``span._.kind == "ner"`` and the ontology class of
:data:`MODEL_CLASSES`; linking gives them new ids like any pattern-found name.

The model is trained by nufuz itself (:func:`train`, ``nufuz train-ner``) on *silver*
labels: the mentions the rule pipeline finds in SaudiNewsNet (see :func:`silver_docs`).
"""
from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
import numpy
from spacy.attrs import ENT_IOB, IS_ALPHA, NORM, SPACY
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from .components import load_name_cues
from .lexicon import load_lexicon
from .tokens import has_article, span_kind, token_texts

#: OntoNotes labels the model is trained on.
LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")
#: Ontology class a model-only span of each label gets. FAC is left out: the ontology's
#: only facility is a military base, which the KB and the base patterns find with evidence.
MODEL_CLASSES = {"PERSON": "Person", "ORG": "Organization", "GPE": "City", "LOC": "Region"}
#: Default seed of the silver sampling and of training.
SEED = 2015
#: File of the model folder listing the common words (match keys) of the silver corpus.
COMMON_WORDS = "common.txt"
#: Tokens of context the model reads on each side of a stretch where a name may be found.
CONTEXT = 3


def model_dir(lang: str) -> Path:
    """Folder of the shipped model of a language: ``extractors/<lang>/ner``."""
    return Path(__file__).resolve().parent / lang / "ner"


def has_model(lang: str) -> bool:
    """Whether a language ships a trained model (:func:`model_dir` holds ``config.cfg``):
    the default pipeline of such a language runs it (:func:`extractors.pipeline.create_nlp`)."""
    return (model_dir(lang) / "config.cfg").is_file()


class ModelMissing(FileNotFoundError):
    """Raised when a language has no trained NER model where :func:`model_dir` points."""


def _model_doc(vocab, doc: Doc) -> Doc:
    """A fresh doc with ``doc``'s words, spaces and token norms (the match keys the
    ``nufuz_normalizer`` set, clitics split off), and no entities: what the model reads,
    at training and at run time alike."""
    out = Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    if len(doc):
        out.from_array([NORM], doc.to_array([NORM]))  # hashes only: no string is added
    return out


@Language.factory("nufuz_ner", default_config={"model": None, "min_len_person": 2})
class StatisticalNames:
    """Add the names a trained spaCy NER model finds where no other component found one.

    Parameters
    ----------
    model : str, optional
        Folder of a pipeline saved by :func:`train`; default :func:`model_dir` of the language.
    min_len_person : int
        Fewest words a model-only person span needs (default 2: a one-word person is
        a family name the article repeats, found by linking, or more often a common word).

    Rules
    -----
    - A model span that overlaps a span already in ``doc.ents`` (KB, patterns, demonyms,
      actor groups) is dropped: the KB and the rules win.
    - Only PERSON, ORG, GPE and LOC spans are added (:data:`MODEL_CLASSES`), of two words
      or more (``min_len_person`` or more for a person), words only (no digits or
      punctuation). One-word model names were mostly verbs and common nouns on the gold
      (تقع، وامتنعت، مقتل): the rules and article-level linking find one-word names.
    - Common and lexicon words at a span's edges (also behind a conjunction: ومحافظ), and
      a head noun or a patronym at its end, are trimmed (``قوله``, ``الرئيس``, ``مدينة``,
      ``بن``); a given name before a patronym stays (علي بن سويد: also على). Then no word
      may be a common word of the silver
      corpus (the model folder's ``common.txt``, written by :func:`train_from_corpus`), and
      one word must be neither a lexicon word (stop words, titles, triggers) nor a head
      noun (``org_heads.tsv``, ``place_heads.tsv``): "القطاع الخاص" is no name. An
      organisation does not open with a definite head noun (الجمعية الخيرية: the rules
      name such bodies with a demonym or an institution's adjective) nor continue with a
      common complement (حركة المرور: traffic), nor is it a head and indefinite adjectives
      (شركة أمنية); a person's name does not open with a definite word nor with a word
      that is no given name and ends in a pronoun suffix (جزاءه).

    Raises
    ------
    ModelMissing
        When the model folder does not hold a saved pipeline (train one with
        ``nufuz train-ner``).
    """

    def __init__(self, nlp: Language, name: str, model: str | None = None, min_len_person: int = 2):
        path = Path(model) if model else model_dir(nlp.lang)
        if not (path / "config.cfg").is_file():
            raise ModelMissing(f"no NER model in {path} (train one with `nufuz train-ner`)")
        self.model = spacy.load(path, vocab=nlp.vocab, exclude=["tokenizer"])
        self.min_len_person = min_len_person
        lex = load_lexicon(nlp.lang)
        self.closed = _closed_words(lex)
        self.heads = frozenset(w for k in (*lex.org_heads, *load_name_cues(nlp.lang).place_heads) for w in k)
        self.given = lex.given_names
        self.patronyms = frozenset(w for k in lex.marker("patronym") for w in k)
        self.common_complements = frozenset(w for k in lex.marker("common_complement") for w in k)
        from importlib import import_module

        self._candidates = import_module(f"extractors.{nlp.lang}").clitic_candidates
        from .language import get_grammar

        self.conj = frozenset(get_grammar(nlp.lang).conj_clitics)
        self.pronoun_suffixes = get_grammar(nlp.lang).pronoun_suffixes
        self.adjective_endings = get_grammar(nlp.lang).name_adjective_endings or ("\0",)
        common = path / COMMON_WORDS
        self.common = frozenset(common.read_text(encoding="utf-8").split()) if common.is_file() else frozenset()
        # hashes of the common keys (never inside a kept span) and of those and the lexicon's
        # (never at its edge), to read only the stretches where a kept span may be found
        self._common = numpy.array(sorted(nlp.vocab.strings.add(w) for w in self.common) or [0], dtype="uint64")
        self._skip = numpy.array(sorted(nlp.vocab.strings.add(w) for w in self.common | self.closed), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Run the model over docs in batches and add its new spans (see the class Rules)."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        from .pipeline import _span

        # The model reads only the stretches of a sentence where a span it finds could be
        # kept (see the class Rules): two words or more outside every span, no common word
        # among them, neither edge a lexicon word; with CONTEXT tokens of the sentence on
        # each side (the CNN sees two tokens each way).
        jobs: list[tuple[Doc, int]] = []
        mdocs: list[Doc] = []
        taken: dict[int, numpy.ndarray] = {}  # per doc: tokens inside a span already
        for doc in docs:
            if not len(doc):
                continue
            arr = doc.to_array([NORM, IS_ALPHA, ENT_IOB, SPACY])
            # ENT_IOB 0: missing, 2: outside (1, 3: inside a span)
            outside = (arr[:, 1] == 1) & ((arr[:, 2] == 0) | (arr[:, 2] == 2))
            at = numpy.minimum(numpy.searchsorted(self._common, arr[:, 0]), len(self._common) - 1)
            inner = outside & (self._common[at] != arr[:, 0])  # may stand inside a kept span
            at = numpy.minimum(numpy.searchsorted(self._skip, arr[:, 0]), len(self._skip) - 1)
            edge = inner & (self._skip[at] != arr[:, 0])  # may stand at its edge
            stretches = self._stretches(doc, inner, edge)
            if not stretches:
                continue
            texts, spaces = token_texts(doc), arr[:, 3].tolist()
            taken[id(doc)] = (arr[:, 2] == 1) | (arr[:, 2] == 3)
            for st, en in stretches:
                md = Doc(self.model.vocab, words=texts[st:en], spaces=[bool(x) for x in spaces[st:en]])
                md.from_array([NORM], arr[st:en, :1])
                jobs.append((doc, st))
                mdocs.append(md)
        for _name, proc in self.model.pipeline:
            mdocs = list(proc.pipe(mdocs))
        extra: dict[int, list] = {}
        for (doc, offset), mdoc in zip(jobs, mdocs):
            in_span = taken[id(doc)]
            for e in mdoc.ents:
                cls = MODEL_CLASSES.get(e.label_)
                span = self._trimmed(doc, offset + e.start, offset + e.end) if cls else None
                if span is None or in_span[span[0]:span[1]].any() or not self._name_like(doc, *span, cls):
                    continue
                extra.setdefault(id(doc), []).append(_span(doc, span[0], span[1], cls, "ner"))
        for doc in docs:
            if id(doc) in extra:
                doc.ents = list(doc.ents) + extra[id(doc)]
        return docs

    def _stretches(self, doc: Doc, inner, edge) -> list[tuple[int, int]]:
        """Token ranges of ``doc`` the model reads: per sentence, each run of ``inner``
        tokens holding two ``edge`` tokens or more, from its first to its last edge token,
        widened by :data:`CONTEXT` tokens of the sentence on each side; overlapping ranges
        are merged."""
        out: list[tuple[int, int]] = []
        for sent in doc.sents:
            ranges: list[list[int]] = []
            i = sent.start
            while i < sent.end:
                if not inner[i]:
                    i += 1
                    continue
                j = i
                while j < sent.end and inner[j]:
                    j += 1
                edges = [k for k in range(i, j) if edge[k]]
                if len(edges) >= 2:
                    st, en = max(sent.start, edges[0] - CONTEXT), min(sent.end, edges[-1] + 1 + CONTEXT)
                    if ranges and st <= ranges[-1][1]:
                        ranges[-1][1] = en
                    else:
                        ranges.append([st, en])
                i = j
            out.extend((st, en) for st, en in ranges)
        return out

    def _trimmed(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """The span without the common words, lexicon words and (at its end) head nouns and
        patronyms at its edges (the model runs a name on into "قوله", "البالغ", "الحسين بن");
        a given name before a patronym stays even when it is also a function word (علي بن
        سويد: على); None when nothing is left."""
        while start < end and self._closed_at_edge(doc[start]) and not (
                (doc[start].norm_,) in self.given and start + 1 < end and doc[start + 1].norm_ in self.patronyms):
            start += 1
        while end > start and (doc[end - 1].norm_ in self.closed or doc[end - 1].norm_ in self.common
                               or doc[end - 1].norm_ in self.heads or doc[end - 1].norm_ in self.patronyms):
            end -= 1
        return (start, end) if end > start else None

    def _name_like(self, doc: Doc, start: int, end: int, cls: str) -> bool:
        """Whether tokens ``start:end`` can be a name of class ``cls`` (see Rules)."""
        words = doc[start:end]
        if cls == "Person" and len(words) < self.min_len_person:
            return False
        if len(words) < 2 or not all(t.is_alpha for t in words):
            return False
        if any(t.norm_ in self.common for t in words):
            return False
        if cls == "Organization" and (has_article(words[0]) and words[0].norm_ in self.heads
                                      or words[1].norm_ in self.common_complements
                                      or all(not has_article(t) and t.norm_.endswith(self.adjective_endings)
                                             for t in words[1:])):
            return False  # الجمعية الخيرية (a definite head: the rules' business), حركة المرور, شركة أمنية
        if cls == "Person" and (has_article(words[0]) or (words[0].norm_,) not in self.given
                                and words[0].text.endswith(self.pronoun_suffixes)):
            return False  # واللباس الإسلامي, جزاءه العادل: a person's name opens with a given name,
            # not a definite word or a noun with a pronoun suffix
        return any(t.norm_ not in self.common and t.norm_ not in self.closed and t.norm_ not in self.heads
                   for t in words)

    def _closed_at_edge(self, t) -> bool:
        """A common or lexicon word, also behind a conjunction the segmenter left on it
        (ومحافظ: و + a title)."""
        if t.norm_ in self.closed or t.norm_ in self.common:
            return True
        return any(c in self.conj and (k in self.closed or k in self.common)
                   for c, k, _a in self._candidates(t.text)[1:])


def _closed_words(lex) -> frozenset[str]:
    """Keys that are never a name's first or last word: stop words, titles, triggers and
    the markers of the lexicon (``extractors/<lang>/*.tsv``)."""
    closed = set(lex.stopwords)
    for t in lex.triggers:
        closed.update(t.words)
    for k in lex.titles:
        closed.update(k)
    return frozenset(closed)


# ---------------------------------------------------------------------- silver data
#: Fingerprints are taken between punctuation marks of any script (clauses of a sentence).
_SENT_SPLIT = re.compile(r"[^\w\s]+|\n+")


def text_fingerprints(text: str, lang: str = "ar", min_chars: int = 40) -> set[str]:
    """Normalised clauses of ``text`` (between punctuation marks; at least ``min_chars``
    letters) and its normalised first 120 characters: two articles that share one of them
    are the same story.

    The normalisation is the language's ``match_key`` on every word (``extractors.<lang>``).
    """
    from importlib import import_module

    key = import_module(f"extractors.{lang}").match_key
    out = set()
    for sent in _SENT_SPLIT.split(text):
        words = [key(w) for w in re.findall(r"\w+", sent)]
        norm = " ".join(w for w in words if w)
        if len(norm) >= min_chars:
            out.add(norm)
    words = [key(w) for w in re.findall(r"\w+", text)]
    head = " ".join(w for w in words if w)[:120]
    if len(head) >= min_chars:
        out.add("^" + head)
    return out


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number from 1, record) for every line of a JSONL file."""
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                yield i, json.loads(line)


@dataclass
class SilverStats:
    """Counts of a silver-data build (printed by ``nufuz train-ner``)."""

    articles: int = 0
    dropped_gold: int = 0
    dropped_dev: int = 0
    sentences: int = 0
    entities: int = 0
    cpu_seconds: float = 0.0


def silver_docs(snn_files: list[Path], exclude: set[str], extractor, lang: str = "ar", max_articles: int = 8000,
                seed: int = SEED, stats: SilverStats | None = None) -> list[Doc]:
    """Sentence docs with silver entity labels from the rule pipeline (every other token
    *missing*; :func:`mark_outside` then marks the sure non-names O).

    Parameters
    ----------
    snn_files : list of Path
        SaudiNewsNet JSONL files (``text`` field).
    exclude : set of str
        :func:`text_fingerprints` of articles that must not be trained on (every gold
        article, the development split); a record sharing one is dropped.
    extractor : extractors.pipeline.Extractor
        The rule pipeline (KB ruler, name patterns); it must not hold the model.
    max_articles : int
        Articles sampled (without replacement, ``seed``) from all records.

    Returns
    -------
    list of Doc
        One doc per distinct sentence (of four tokens or more), with token norms (match
        keys) and the rule spans as entities. Spans come from
        :meth:`extractors.pipeline.Extractor.entity_docs` (KB, cues, article-level
        linking), cut to the name as annotated (:meth:`~extractors.pipeline.Extractor.name_tokens`:
        no title, no place head noun; a description such as a title alone is left out);
        demonyms (NORP), generic actor groups and topics are not names and not trained.
    """
    stats = stats if stats is not None else SilverStats()
    c0 = time.process_time()
    records = [(p, i) for p in snn_files for i, _r in read_jsonl(p)]
    rng = random.Random(seed)
    rng.shuffle(records)
    wanted: dict[Path, set[int]] = {}
    for p, i in records[: max_articles * 2]:
        wanted.setdefault(p, set()).add(i)
    sents: list[Doc] = []
    seen: set[str] = set()
    for p in snn_files:
        if p not in wanted:
            continue
        for i, rec in read_jsonl(p):
            if i not in wanted[p] or stats.articles >= max_articles:
                continue
            text = rec.get("text") or ""
            if text_fingerprints(text, lang) & exclude:
                stats.dropped_gold += 1
                continue
            stats.articles += 1
            for _seg, doc in extractor.entity_docs(_raw(text, lang)):
                ents = []
                for e in doc.ents:
                    if e.label_ in LABELS and not (span_kind(e) or "").startswith("group:") and span_kind(e) != "demonym":
                        bounds = extractor.name_tokens(e)  # the name as annotated: no title, no head noun
                        if bounds is not None and bounds[1] > bounds[0]:
                            ents.append(Span(doc, bounds[0], bounds[1], label=e.label_))
                for sent in doc.sents:
                    if len(sent) < 4 or sent.text in seen:
                        continue
                    seen.add(sent.text)
                    sd = sent.as_doc()
                    spans = [Span(sd, e.start - sent.start, e.end - sent.start, label=e.label_)
                             for e in ents if e.start >= sent.start and e.end <= sent.end]
                    sd.set_ents(spans, default="missing")
                    sents.append(sd)
    stats.cpu_seconds += time.process_time() - c0
    return sents


def mark_outside(docs: list[Doc], lang: str = "ar", min_count: int = 8, max_name_rate: float = 0.05,
                 stats: SilverStats | None = None) -> set[str]:
    """Mark O, in place, the tokens of silver docs that are surely not part of a name.

    Parameters
    ----------
    docs : list of Doc
        From :func:`silver_docs` (rule spans; every other token missing).
    min_count, max_name_rate : int, float
        A *common word* is a key seen at least ``min_count`` times in the docs, at most
        that rate of the time as a one-word rule name and at most that rate of the time as
        the last word of a longer one (a family name or nisba: الغامدي).

    Returns
    -------
    set of str
        The common words (shipped with the model as ``common.txt``; see
        :class:`StatisticalNames`).

    Notes
    -----
    The rules miss many names (a person without a title cue, an organisation without a
    head noun), so an unlabelled word is not known to be outside a name; labelling every
    other token O would teach the model the rules' blind spots. With spaCy's partial
    annotation (``doc.set_ents(..., default="missing")``) only sure non-names are O:
    punctuation, digits and other non-words, stop words and the words of the lexicon
    (titles, triggers, markers), and the common words; given names (``given_names.txt``)
    and organisation/place head nouns stay unknown outside a rule span. Every other token
    is *missing*: the loss ignores it, so the model is free to call it a name. A word
    counts against being common only as a whole name or as the last word of a person's or
    a place's name (البيت of البيت الأبيض does not make البيت a name; الغامدي ending many
    persons' names does; التحقيق ending هيئة التحقيق does not), so the common list also
    serves to tell a name from a phrase of common words at run time.
    """
    lex = load_lexicon(lang)
    keep_unknown = {w for k in lex.given_names for w in k} | {w for k in lex.org_heads for w in k}
    keep_unknown |= {w for k in load_name_cues(lang).place_heads for w in k}
    count, named, closing = Counter(), Counter(), Counter()
    for sd in docs:
        for t in sd:
            count[t.norm_] += 1
        for e in sd.ents:
            if len(e) == 1:
                named[e[-1].norm_] += 1
            elif e.label_ not in ("ORG", "FAC"):  # (an organisation's name ends with a common noun)
                closing[e[-1].norm_] += 1
    common = {w for w, n in count.items() if n >= min_count and w not in keep_unknown
              and named[w] <= max_name_rate * n and closing[w] <= max_name_rate * n}
    sure_o = ((lex.vocabulary() | set(lex.stopwords)) - keep_unknown) | common
    for sd in docs:
        outside = [sd[t.i:t.i + 1] for t in sd if t.ent_iob_ == "" and
                   (t.is_punct or t.is_digit or not t.is_alpha or t.norm_ in sure_o)]
        sd.set_ents(list(sd.ents), outside=outside, default="unmodified")
        if stats is not None:
            stats.sentences += 1
            stats.entities += len(sd.ents)
    return common


def _raw(text: str, lang: str):
    """A :class:`~extractors.sources.RawArticle` for a text read from a JSONL record."""
    from .sources import RawArticle
    import hashlib

    return RawArticle(path="", text=text, sha1=hashlib.sha1(text.encode()).hexdigest(), fmt="jsonl", lang=lang)


# ---------------------------------------------------------------------- training
#: Model shape (spaCy architectures): a hash-embedding CNN, then the transition-based NER.
WIDTH, DEPTH, HIDDEN = 64, 2, 32


def blank_model(lang: str = "ar", width: int = WIDTH, depth: int = DEPTH, hidden: int = HIDDEN) -> Language:
    """An untrained pipeline: the language's nufuz tokenizer, ``tok2vec`` and ``ner``.

    ``tok2vec`` is ``spacy.Tok2Vec.v2`` with ``spacy.MultiHashEmbed.v2`` over NORM (the
    nufuz match key: clitics split off, spelling folded), PREFIX, SUFFIX and SHAPE, and a
    ``spacy.MaxoutWindowEncoder.v2`` of ``depth`` layers of ``width``; ``ner`` is
    ``spacy.TransitionBasedParser.v2`` with ``hidden`` units, labels :data:`LABELS`.
    """
    from importlib import import_module

    module = import_module(f"extractors.{lang}")
    nlp = spacy.blank(lang, config={"nlp": {"tokenizer": {"@tokenizers": module.TOKENIZER}}})
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width,
                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": [5000, 1000, 2500, 500],
                  "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width, "depth": depth,
                   "window_size": 1, "maxout_pieces": 3}}})
    ner = nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": hidden, "maxout_pieces": 2, "use_upper": True, "nO": None,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": width, "upstream": "*"}}})
    for label in LABELS:
        ner.add_label(label)
    return nlp


def train(train_docs: list[Doc], out: Path, lang: str = "ar", seed: int = SEED, cpu_minutes: float = 20.0,
          max_epochs: int = 8, dev_fraction: float = 0.05, log=print) -> dict:
    """Train :func:`blank_model` on silver sentence docs and save it to ``out``.

    Parameters
    ----------
    train_docs : list of Doc
        From :func:`silver_docs` (token norms set, partial entity annotation).
    out : Path
        Folder the pipeline is written to (``spacy.load``-able; :func:`model_dir` to ship it).
    seed : int
        Fixes the shuffles and the weight initialisation (``spacy.util.fix_random_seed``).
    cpu_minutes : float
        Training stops after the epoch that passes this much CPU time of the process.
    dev_fraction : float
        Share of the docs held out (silver) to pick the best epoch by entity F1.

    Returns
    -------
    dict
        ``epochs``, ``cpu_seconds``, ``silver_dev`` (P/R/F of the kept epoch against the
        silver labels of the held-out docs), ``train_docs``.
    """
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    Path(out).mkdir(parents=True, exist_ok=True)
    nlp = blank_model(lang)
    # move the docs into the model's vocab (one DocBin round trip keeps norms and ents)
    bin_ = DocBin(store_user_data=False)
    for d in train_docs:
        bin_.add(d)
    docs = list(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))
    rng = random.Random(seed)
    rng.shuffle(docs)
    n_dev = max(1, int(len(docs) * dev_fraction))
    dev = [Example(_model_doc(nlp.vocab, d), d) for d in docs[:n_dev]]
    examples = [Example(_model_doc(nlp.vocab, d), d) for d in docs[n_dev:]]
    optimizer = nlp.initialize(lambda: examples[:2000])
    c0 = time.process_time()
    best, best_f, epochs = None, -1.0, 0
    for epoch in range(max_epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, drop=0.15, sgd=optimizer, losses=losses)
        epochs = epoch + 1
        with nlp.use_params(optimizer.averages):
            scores = nlp.evaluate(dev)
            f = scores["ents_f"] or 0.0
            if f > best_f:
                best_f = f
                best = {"p": scores["ents_p"], "r": scores["ents_r"], "f": f, "epoch": epochs}
                nlp.to_disk(out, exclude=["tokenizer"])  # the tokenizer is nufuz's, registered
                # the features are string hashes: the training words need not ship (7 MB)
                (Path(out) / "vocab" / "strings.json").write_text(json.dumps(list(LABELS)), encoding="utf-8")
        log(f"epoch {epochs}: loss {losses.get('ner', 0):.0f}, silver dev P {scores['ents_p']:.3f} "
            f"R {scores['ents_r']:.3f} F {f:.3f}, {time.process_time() - c0:.0f} CPU-s")
        if time.process_time() - c0 > cpu_minutes * 60:
            break
    return {"epochs": epochs, "cpu_seconds": round(time.process_time() - c0, 1), "silver_dev": best,
            "train_docs": len(examples)}


def train_from_corpus(snn_dir: Path, exclude_dirs: list[Path], out: Path, lang: str = "ar",
                      dev_files: tuple[str, ...] = ("snn_2015-08-11.jsonl",), max_articles: int = 8000,
                      seed: int = SEED, cpu_minutes: float = 20.0, max_epochs: int = 8, cache: Path | None = None,
                      log=print) -> dict:
    """The whole reproducible recipe behind ``nufuz train-ner``.

    Parameters
    ----------
    snn_dir : Path
        Folder of SaudiNewsNet JSONL files (``../shared/corpus/snn``).
    exclude_dirs : list of Path
        Folders of articles never to train on (the gold corpus ``../shared/corpus/ar``):
        every SNN record sharing a normalised sentence or opening with one of their
        ``.txt``/``.jsonl`` articles is dropped (:func:`text_fingerprints`).
    dev_files : tuple of str
        SNN files held out whole for the hand-checked development split (and every record
        elsewhere that shares a sentence with them). Never read: ``../shared/gold``.
    max_articles, seed, cpu_minutes, max_epochs
        See :func:`silver_docs` and :func:`train`.
    cache : Path, optional
        A DocBin file of the rule-labelled sentences: read when it exists (skipping the
        rule pipeline), else written after the silver step.

    Returns
    -------
    dict
        The silver statistics and the training result, also written to ``out/nufuz.json``.

    Raises
    ------
    FileNotFoundError
        When ``snn_dir`` holds no JSONL file.
    """
    from .pipeline import Extractor, create_nlp

    rules = create_nlp(lang, ner=False)  # silver labels come from the rules alone
    files = sorted(p for p in Path(snn_dir).glob("*.jsonl") if p.name not in dev_files)
    if not files:
        raise FileNotFoundError(f"{snn_dir}: no SaudiNewsNet .jsonl files")
    exclude: set[str] = set()
    for d in exclude_dirs:
        for p in sorted(Path(d).glob("*")):
            if p.suffix == ".txt":
                exclude |= text_fingerprints(p.read_text(encoding="utf-8"), lang)
            elif p.suffix == ".jsonl":
                for _i, rec in read_jsonl(p):
                    exclude |= text_fingerprints(rec.get("text") or "", lang)
    n_gold = len(exclude)
    for name in dev_files:
        p = Path(snn_dir) / name
        if p.is_file():
            for _i, rec in read_jsonl(p):
                exclude |= text_fingerprints(rec.get("text") or "", lang)
    log(f"excluded fingerprints: {n_gold} from {len(exclude_dirs)} gold folder(s), "
        f"{len(exclude) - n_gold} from the dev file(s) {', '.join(dev_files)}")
    stats = SilverStats()
    if cache is not None and Path(cache).is_file():
        docs = list(DocBin().from_disk(cache).get_docs(rules.vocab))
        log(f"silver: {len(docs)} sentences read from {cache}")
    else:
        docs = silver_docs(files, exclude, Extractor(lang, nlp=rules), lang,
                           max_articles=max_articles, seed=seed, stats=stats)
        if cache is not None:
            bin_ = DocBin(store_user_data=False)
            for d in docs:
                bin_.add(d)
            bin_.to_disk(cache)
    common = mark_outside(docs, lang, stats=stats)
    log(f"silver: {stats.articles or 'cached'} articles ({stats.dropped_gold} dropped as gold/dev copies), "
        f"{stats.sentences} sentences, {stats.entities} entities, {stats.cpu_seconds:.0f} CPU-s")
    Path(out).mkdir(parents=True, exist_ok=True)
    (out / COMMON_WORDS).write_text("".join(w + "\n" for w in sorted(common)), encoding="utf-8")
    result = train(docs, out, lang, seed=seed, cpu_minutes=cpu_minutes, max_epochs=max_epochs, log=log)
    meta = {"seed": seed, "max_articles": max_articles, "dev_files": list(dev_files),
            "silver": stats.__dict__, "train": result,
            "shape": {"width": WIDTH, "depth": DEPTH, "hidden": HIDDEN}}
    (out / "nufuz.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


# ---------------------------------------------------------------------- development split
#: Evaluation type of each OntoNotes label (the ANERcorp-style classes of the dev split).
DEV_TYPES = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def sentence_refs(extractor, text: str) -> list[tuple[int, int, int]]:
    """(start, end, tokens) of every sentence the pipeline reads in an article ``text``
    (character offsets into ``text``; boilerplate left out by cleaning)."""
    out = []
    for seg, doc in extractor.entity_docs(_raw(text, extractor.lang)):
        for sent in doc.sents:
            out.append((seg.start + sent.start_char, seg.start + sent.end_char, len(sent)))
    return out


def dev_mentions(extractor, text: str, ranges: list[tuple[int, int]]) -> list[set[tuple[int, int, str]]]:
    """The pipeline's name mentions inside each character range of an article ``text``.

    Returns, per range, a set of ``(start, end, type)`` with type from :data:`DEV_TYPES`
    (demonyms (NORP), actor groups, topics and nominal mentions (a title for its holder, a
    capital by its country's adjective: ``Mention.nominal``) left out: they are no names);
    a mention inside another one (a place inside an organisation's name) is left out, so
    spans are flat like the hand spans.
    """
    art = extractor.extract(_raw(text, extractor.lang))
    ms = {(m.start, m.end, DEV_TYPES[m.label]) for m in art.mentions if m.label in DEV_TYPES and not m.nominal}
    flat = {m for m in ms if not any(o != m and o[0] <= m[0] and m[1] <= o[1] and (o[0], o[1]) != (m[0], m[1])
                                     for o in ms)}
    return [{m for m in flat if st <= m[0] and m[1] <= en} for st, en in ranges]


def load_dev(path: Path) -> list[dict]:
    """The development split: one dict per sentence (``file``, ``line``, ``start``, ``end``,
    ``sha1`` of the sentence text, ``spans`` as ``[start, end, type]``)."""
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def span_scores(gold: list[set], pred: list[set], types=("PERS", "ORG", "LOC")) -> dict[str, dict]:
    """Exact-span precision, recall and F1 per type and overall (``ALL``, micro).

    Parameters
    ----------
    gold, pred : list of set of (start, end, type)
        Per sentence, the hand spans and the predicted spans.

    Returns
    -------
    dict
        type -> ``{"p", "r", "f", "gold", "pred", "tp"}`` (0.0 where undefined).
    """
    out = {}
    for typ in (*types, "ALL"):
        g = [{s for s in x if typ == "ALL" or s[2] == typ} for x in gold]
        p = [{s for s in x if typ == "ALL" or s[2] == typ} for x in pred]
        tp = sum(len(a & b) for a, b in zip(g, p))
        ng, np_ = sum(map(len, g)), sum(map(len, p))
        prec, rec = (tp / np_ if np_ else 0.0), (tp / ng if ng else 0.0)
        out[typ] = {"p": prec, "r": rec, "f": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
                    "gold": ng, "pred": np_, "tp": tp}
    return out


def score_dev(extractor, dev: list[dict], snn_dir: Path, details: list | None = None) -> dict[str, dict]:
    """Score the pipeline of ``extractor`` on the development split (:func:`span_scores`).

    ``details``, when given, receives one ``(item, sentence text, hand spans, predicted
    spans)`` per sentence (spans as ``(start, end, type)`` sets in article offsets; the
    sentence starts at ``item["start"]``), to list the misses and false positives.

    Raises
    ------
    ValueError
        When a referenced sentence's text no longer has the recorded sha1 (the corpus
        changed under the references).
    """
    import hashlib

    by_article: dict[tuple[str, int], list[dict]] = {}
    for item in dev:
        by_article.setdefault((item["file"], item["line"]), []).append(item)
    texts: dict[tuple[str, int], str] = {}
    for name in sorted({f for f, _l in by_article}):
        for line, rec in read_jsonl(Path(snn_dir) / name):
            if (name, line) in by_article:
                texts[(name, line)] = rec.get("text") or ""
    gold, pred = [], []
    for key, items in sorted(by_article.items()):
        text = texts[key]
        for it in items:
            if hashlib.sha1(text[it["start"]:it["end"]].encode()).hexdigest() != it["sha1"]:
                raise ValueError(f"{key[0]}:{key[1]}: sentence {it['start']}-{it['end']} changed (sha1 differs)")
        found = dev_mentions(extractor, text, [(it["start"], it["end"]) for it in items])
        for it, ms in zip(items, found):
            gold.append({tuple(s) for s in it["spans"]})
            pred.append(ms)
            if details is not None:
                details.append((it, text, gold[-1], ms))
    return span_scores(gold, pred)
