"""Regional influence (the students' view): who holds, seeks or contests presence and
influence in a region (:func:`influence_summary`, :func:`places_in`, :func:`fold_links`),
read from the graph of :mod:`kg.analytics_graph`.

>>> from kg.analytics_graph import example_dataset
>>> influence_summary(example_dataset(), "آسيا الوسطى").lines()[0]
'Russia holds influence in Central Asia (1 statement).'
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph

from kg.analytics_graph import (
    PLACE_CLASSES, ArticleInfo, GraphIndex, _local, _norm_name, read_graph, resolve_entity,
)
from kg.analytics_graph import example_dataset  # noqa: F401 - the docstring examples use it
from ontology import vocab

def places_in(ds: Graph | GraphIndex, region: str) -> set[str]:
    """The region and every place inside it.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    region : str
        Entity IRI (see :func:`resolve_entity` for names).

    Returns
    -------
    set[str]
        ``region`` plus, transitively, every ``x partOf region`` and every place-class
        entity (:data:`PLACE_CLASSES`) ``locatedIn`` it, from the KB graph and from the
        truthy ``partOf``/``locatedIn`` edges of the articles.

    Examples
    --------
    >>> sorted(i.rsplit("/", 1)[1] for i in places_in(example_dataset(),
    ...        "https://w3id.org/nufuz/id/central_asia"))
    ['central_asia', 'uzbekistan']
    """
    idx = read_graph(ds)
    inside: dict[str, set[str]] = defaultdict(set)
    for s, p, o in list(idx.kb_facts) + [e[:3] for e in idx.edges]:
        if p == "partOf" or (p == "locatedIn" and idx.entity(s).cls in PLACE_CLASSES):
            inside[o].add(s)
    found, todo = {region}, [region]
    while todo:
        for child in inside.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


# --------------------------------------------------------------------------- influence

#: Relation kinds of the influence summary, in display order, with their English verb
#: phrase (present / past) and the statements that make them (see :func:`influence_summary`).
KINDS: dict[str, str] = {
    "influence": "holds influence in",
    "seeks_influence": "seeks influence in",
    "presence": "has military presence in",
    "seeks_presence": "seeks military presence in",
    "withdrew": "withdrew from",
    "opposes_presence": "opposes the presence of",
    "seeks_cooperation": "seeks cooperation with",
    "cooperates": "cooperates with",
}
_PLACE_KINDS = {
    "hasInfluenceIn": ("influence", "seeks_influence"),
    "seeksInfluenceIn": ("seeks_influence", "seeks_influence"),
    "hasMilitaryPresenceIn": ("presence", "seeks_presence"),
    "seeksMilitaryPresenceIn": ("seeks_presence", "seeks_presence"),
    "withdrawsFrom": ("withdrew", None),
}
# The influence summary counts the statements that stand as truthy edges (intended ones as
# seeks...).
_COUNTED_MODES = vocab.TRUTHY_MODES
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class InfluenceEvidence:
    """One statement behind an :class:`InfluenceFact`.

    Attributes
    ----------
    statement : str
        Statement IRI.
    subject : str
        The statement's own subject IRI (a leader folded into his country keeps his).
    subject_label : str
    mode : str
    confidence : float or None
    dates : tuple[str, ...]
    text : str
        The evidence sentence, verbatim.
    lang : str
        Its language tag.
    article, source, headline : str
        Article IRI, ``dcterms:source`` and headline.
    reported_by, attributed_to : str
        Labels (outlet; speaker or plain attribution text), ``""`` when absent.
    end_date : str
        The statement's ``nz:endDate`` (``""`` when absent).
    location : str
        Label of its ``nz:location`` (``""`` when absent).
    """

    statement: str
    subject: str
    subject_label: str
    mode: str
    confidence: float | None
    dates: tuple[str, ...]
    text: str
    lang: str
    article: str
    source: str
    headline: str
    reported_by: str = ""
    attributed_to: str = ""
    end_date: str = ""
    location: str = ""


@dataclass
class InfluenceFact:
    """What one actor does about one target in the region, with its statements.

    Attributes
    ----------
    actor : str
        Actor IRI (after folding, see :func:`influence_summary`).
    kind : str
        A key of :data:`KINDS`.
    target : str
        Place IRI (presence, influence, withdrawal), actor IRI (opposes_presence) or
        partner IRI (cooperation).
    target_en, target_ar : str
        Labels of ``target``.
    dates : list[str]
        Sorted distinct dates of the statements (ISO / gYear / gMonthDay lexical forms).
    until : str
        For ``presence``: the explicit ``nz:endDate``, else the date of the actor's
        withdrawal from the same place; ``""`` when unknown.
    ended : bool
        For ``presence``: a withdrawal from the same place, an end date or a historical
        mode says the presence is over.
    modes : list[str]
    where : list[str]
        Labels of the statements' ``nz:location`` qualifiers (for opposes_presence and
        cooperation: where it happens).
    evidence : list[InfluenceEvidence]
        One per statement, in dataset order.
    """

    actor: str
    kind: str
    target: str
    target_en: str = ""
    target_ar: str = ""
    dates: list[str] = field(default_factory=list)
    until: str = ""
    ended: bool = False
    modes: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    evidence: list[InfluenceEvidence] = field(default_factory=list)

    @property
    def statements(self) -> int:
        """Number of statements behind the fact."""
        return len(self.evidence)

    @property
    def articles(self) -> int:
        """Number of distinct articles behind the fact."""
        return len({e.article for e in self.evidence})

    @property
    def years(self) -> list[int]:
        """Sorted distinct years of :attr:`dates` (gMonthDay dates have none)."""
        return sorted({int(m.group(1)) for d in self.dates
                       for m in [re.match(r"^(-?\d{4})", d)] if m})

    @property
    def via(self) -> list[str]:
        """Labels of the statement subjects folded into the actor (e.g. its leader)."""
        return sorted({e.subject_label for e in self.evidence if e.subject != self.actor})

    def when(self) -> str:
        """Readable time span: ``"until 2005"``, ``"2001–2005"``, ``"2005"``, ``"16 June"``,
        or ``""``."""
        if self.kind == "presence" and self.until:
            start = [d for d in self.dates if d < self.until and d != self.until]
            return f"{_show_date(start[0])}–{_show_date(self.until)}" if start \
                else f"until {_show_date(self.until)}"
        shown = [_show_date(d) for d in self.dates]
        shown = list(dict.fromkeys(shown))
        if len(shown) > 2:
            return f"{shown[0]}–{shown[-1]}"
        return ", ".join(shown)

    def verb(self) -> str:
        """English verb phrase of the fact (``"had military presence in"`` for an ended
        presence, else :data:`KINDS`)."""
        if self.kind == "presence" and self.ended:
            return "had military presence in"
        return KINDS[self.kind]

    def target_label(self, lang: str = "en") -> str:
        """Target label in ``lang`` (``"en"`` or ``"ar"``), falling back to the other one."""
        first, second = (self.target_ar, self.target_en) if lang == "ar" else (
            self.target_en, self.target_ar)
        return first or second or _local(self.target)

    def phrase(self, lang: str = "en") -> str:
        """``"<verb> <target>[ in <where>][ (<when>)]"``, the target label in ``lang``.

        Examples
        --------
        >>> f = InfluenceFact("nzr:ru", "opposes_presence", "nzr:us", "United States",
        ...                   where=["Central Asia"], dates=["--06-16"])
        >>> f.phrase()
        'opposes the presence of United States in Central Asia (16 June)'
        """
        text = f"{self.verb()} {self.target_label(lang)}"
        if self.where:
            text += f" in {_join(self.where)}"
        when = self.when()
        return f"{text} ({when})" if when else text


@dataclass
class ActorInfluence:
    """All the influence facts of one actor in the region.

    Attributes
    ----------
    actor : str
        IRI.
    label_en, label_ar, cls : str
    members : list[str]
        Labels of the entities folded into the actor (its leader, its armed forces...).
    facts : list[InfluenceFact]
        In :data:`KINDS` order, then by target label.
    """

    actor: str
    label_en: str
    label_ar: str
    cls: str
    members: list[str] = field(default_factory=list)
    facts: list[InfluenceFact] = field(default_factory=list)

    @property
    def statements(self) -> int:
        """Number of distinct statements behind the actor's facts."""
        return len({e.statement for f in self.facts for e in f.evidence})

    def kinds(self) -> dict[str, int]:
        """Statement count per relation kind (only kinds present), in :data:`KINDS` order."""
        counts = {k: 0 for k in KINDS}
        for f in self.facts:
            counts[f.kind] += f.statements
        return {k: n for k, n in counts.items() if n}

    def by_kind(self, kind: str) -> list[InfluenceFact]:
        """The facts of one kind."""
        return [f for f in self.facts if f.kind == kind]

    def sentence(self, kind: str) -> str:
        """One English sentence for one kind, e.g. ``"United States had military presence in
        Uzbekistan (until 2005) and Kyrgyzstan (until 2005) (2 statements)."``"""
        facts = self.by_kind(kind)
        if not facts:
            return ""
        groups: dict[tuple[str, tuple[str, ...]], list[InfluenceFact]] = defaultdict(list)
        for f in facts:
            groups[(f.verb(), tuple(f.where))].append(f)
        parts = []
        for (verb, where), fs in groups.items():
            if len(fs) == 1:
                parts.append(fs[0].phrase())
                continue
            items = [f.target_label() + (f" ({f.when()})" if f.when() else "") for f in fs]
            parts.append(f"{verb} {_join(items)}" + (f" in {_join(list(where))}" if where else ""))
        n = sum(f.statements for f in facts)
        via = sorted({v for f in facts for v in f.via})
        tail = f"{n} statement{'s' if n != 1 else ''}"
        if via:
            tail += ", via " + _join(via)
        return f"{self.label_en or self.label_ar} {_join(parts)} ({tail})."


@dataclass
class RegionSummary:
    """Influence summary of a region (:func:`influence_summary`).

    Attributes
    ----------
    region : str
        IRI.
    label_en, label_ar : str
    places : list[str]
        IRIs of the region and the places inside it (:func:`places_in`), region first.
    place_labels : dict[str, str]
        English (else Arabic) label of each place.
    actors : list[ActorInfluence]
        Most statements first, then by label.
    articles : int
        Number of distinct articles with at least one counted statement.
    """

    region: str
    label_en: str
    label_ar: str
    places: list[str] = field(default_factory=list)
    place_labels: dict[str, str] = field(default_factory=dict)
    actors: list[ActorInfluence] = field(default_factory=list)
    articles: int = 0

    def actor(self, name: str) -> ActorInfluence | None:
        """The actor whose IRI, id or English/Arabic label is ``name`` (None if absent)."""
        key = _norm_name(name)
        for a in self.actors:
            if name == a.actor or key in {_norm_name(a.label_en), _norm_name(a.label_ar),
                                          _norm_name(_local(a.actor))}:
                return a
        return None

    def lines(self) -> list[str]:
        """The summary as English sentences, one per actor and relation kind."""
        return [a.sentence(k) for a in self.actors for k in KINDS if a.by_kind(k)]


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _show_date(d: str) -> str:
    """``2005`` -> ``2005``; ``2021-06-16`` -> ``16 June 2021``; ``--06-16`` -> ``16 June``."""
    m = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", d)
    if m:
        y, mo, day = m.groups()
        if mo and 1 <= int(mo) <= 12:
            month = _MONTHS[int(mo) - 1]
            return f"{int(day)} {month} {y}" if day else f"{month} {y}"
        return y
    m = re.match(r"^--(\d{2})-(\d{2})$", d)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{int(m.group(2))} {_MONTHS[int(m.group(1)) - 1]}"
    return d


#: The relations that fold an actor into the country it acts for (:func:`fold_links`).
FOLD_PREDICATES = ("leaderOf", "officialOf", "locatedIn", "partOf", "memberOf")


def fold_links(facts: Iterable[tuple[str, str, str]], cls_of) -> dict[str, str]:
    """Entity -> the country it acts for, from relation facts.

    Parameters
    ----------
    facts : iterable of (subject IRI, predicate local name, object IRI)
        The KB facts and the non-historical truthy article statements.
    cls_of : callable
        IRI -> its class local name (:attr:`EntityInfo.cls`).

    Returns
    -------
    dict[str, str]
        A person ``leaderOf``/``officialOf`` exactly one country, an armed force or a
        government ``locatedIn``/``partOf``/``memberOf`` exactly one country -> that country.
    """
    links: dict[str, set[str]] = defaultdict(set)
    for s, p, o in facts:
        if p not in FOLD_PREDICATES or cls_of(o) != "Country":
            continue
        cls = cls_of(s)
        if (cls == "Person" and p in ("leaderOf", "officialOf")) or \
                (cls in ("MilitaryForce", "Government") and p in ("locatedIn", "partOf", "memberOf")):
            links[s].add(o)
    return {s: next(iter(cs)) for s, cs in links.items() if len(cs) == 1}


def _fold_map(idx: GraphIndex) -> dict[str, str]:
    """Entity -> the country it acts for (:func:`fold_links` of the KB facts and the
    non-historical truthy statements); :attr:`GraphIndex.folds` when the index has it."""
    if idx.folds is not None:
        return idx.folds
    facts = list(idx.kb_facts) + [(r.subject, r.predicate, r.object) for r in idx.statements
                                  if r.truthy and r.mode != "historical"]
    return fold_links(facts, lambda iri: idx.entity(iri).cls)


def influence_summary(ds: Graph | GraphIndex, region: str, fold: bool = True,
                      min_confidence: float = 0.0) -> RegionSummary:
    """Who holds, seeks or contests presence and influence in a region, with years and
    evidence.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
        A built nufuz dataset (article graphs + KB graph).
    region : str
        The region or country: an Arabic or English name, an id or an IRI
        (:func:`resolve_entity`, preferring Region, Country, City).
    fold : bool
        Count a leader's or official's statements, and those of a country's armed forces or
        government, for the country (:func:`_fold_map`); each evidence keeps its own
        subject. With False every subject is its own actor.
    min_confidence : float
        Ignore statements below this confidence (0..1).

    Returns
    -------
    RegionSummary

    Raises
    ------
    UnknownEntityError
        When ``region`` names no entity.

    Notes
    -----
    Statements counted (modes asserted, reported, historical, intended; negated and
    hypothetical ones never), with ``P`` = the region and the places inside it
    (:func:`places_in`):

    - ``hasInfluenceIn P`` -> influence; ``seeksInfluenceIn P`` or an intended
      ``hasInfluenceIn`` -> seeks_influence;
    - ``hasMilitaryPresenceIn P`` -> presence; ``seeksMilitaryPresenceIn P`` or an intended
      ``hasMilitaryPresenceIn`` -> seeks_presence;
    - ``withdrawsFrom P`` (not intended) -> withdrew;
    - ``opposes X`` with ``nz:location`` in P -> opposes_presence of X (X folded too);
    - ``seeksCooperationWith X`` or an intended ``cooperatesWith X``, with X or the
      location in P -> seeks_cooperation; ``cooperatesWith X`` likewise -> cooperates.

    A presence ends (``ended``, past tense "had") with an ``nz:endDate``, a historical mode
    or a withdrawal of the same actor from the same place; ``until`` is the end date, else
    the withdrawal's date when it is not earlier than the presence's own dates.

    Examples
    --------
    >>> s = influence_summary(example_dataset(), "Central Asia")
    >>> [a.label_en for a in s.actors]
    ['Russia', 'United States']
    >>> us = s.actor("United States")
    >>> f = us.by_kind("presence")[0]
    >>> f.target_en, f.ended, f.until
    ('Uzbekistan', True, '2005')
    >>> us.sentence("presence")
    'United States had military presence in Uzbekistan (until 2005) (1 statement).'
    """
    idx = read_graph(ds)
    region_iri = resolve_entity(idx, region)
    places = places_in(idx, region_iri)
    fold_to = _fold_map(idx) if fold else {}

    def actor_of(iri: str) -> str:
        return fold_to.get(iri, iri)

    facts: dict[tuple[str, str, str], InfluenceFact] = {}
    for r in idx.statements:
        if r.mode not in _COUNTED_MODES:
            continue
        if r.confidence is not None and r.confidence < min_confidence:
            continue
        intended = r.mode == "intended"
        kind, target = None, r.object
        if r.predicate in _PLACE_KINDS and r.object in places:
            kind = _PLACE_KINDS[r.predicate][1 if intended else 0]
        elif r.predicate == "opposes" and r.location in places:
            kind, target = "opposes_presence", actor_of(r.object)
        elif r.predicate in ("seeksCooperationWith", "cooperatesWith") and (
                r.object in places or r.location in places):
            kind = "seeks_cooperation" if (intended or r.predicate in vocab.INTENDED_PREDICATES) \
                else "cooperates"
        if kind is None:
            continue
        actor = actor_of(r.subject)
        if actor == target:
            continue
        key = (actor, kind, target)
        fact = facts.get(key)
        if fact is None:
            t = idx.entity(target)
            fact = facts[key] = InfluenceFact(actor=actor, kind=kind, target=target,
                                              target_en=t.label_en, target_ar=t.label_ar)
        art = idx.articles.get(r.article, ArticleInfo(iri=r.article))
        who = r.attributed_to
        who_label = idx.label(who) if who in idx.entities else who
        fact.evidence.append(InfluenceEvidence(
            statement=r.iri, subject=r.subject, subject_label=idx.label(r.subject),
            mode=r.mode, confidence=r.confidence, dates=r.dates, text=r.evidence,
            lang=r.evidence_lang, article=r.article, source=art.source,
            headline=art.headline,
            reported_by=idx.label(r.reported_by) if r.reported_by else "",
            attributed_to=who_label, end_date=r.end_date,
            location=idx.label(r.location) if r.location else ""))
    for f in facts.values():
        f.dates = sorted({d for e in f.evidence for d in e.dates})
        f.modes = sorted({e.mode for e in f.evidence})
        if f.kind in ("opposes_presence", "seeks_cooperation", "cooperates"):
            f.where = sorted({e.location for e in f.evidence
                              if e.location and e.location != f.target_en})
    # presence ends: explicit end dates, historical mode, a withdrawal from the same place
    for (actor, kind, target), f in facts.items():
        if kind != "presence":
            continue
        ends = sorted({e.end_date for e in f.evidence if e.end_date})
        withdrawal = facts.get((actor, "withdrew", target))
        if ends:
            f.until, f.ended = ends[-1], True
        if withdrawal is not None:
            f.ended = True
            dated = [d for d in withdrawal.dates if re.match(r"^-?\d{4}", d)]
            own = [d for d in f.dates if re.match(r"^-?\d{4}", d) and d not in ends]
            if dated and not f.until and (not own or max(dated) >= max(own)):
                f.until = max(dated)
        if f.modes == ["historical"]:
            f.ended = True

    e_region = idx.entity(region_iri)
    summary = RegionSummary(
        region=region_iri, label_en=e_region.label_en, label_ar=e_region.label_ar,
        places=[region_iri] + sorted(places - {region_iri}, key=lambda i: idx.label(i)),
        place_labels={p: idx.label(p) for p in places})
    by_actor: dict[str, ActorInfluence] = {}
    for (actor, kind, target), f in facts.items():
        a = by_actor.get(actor)
        if a is None:
            e = idx.entity(actor)
            a = by_actor[actor] = ActorInfluence(actor=actor, label_en=e.label_en,
                                                 label_ar=e.label_ar, cls=e.cls)
        a.facts.append(f)
    order = list(KINDS)
    for a in by_actor.values():
        a.facts.sort(key=lambda f: (order.index(f.kind), -f.statements,
                                    (f.target_en or f.target_ar).casefold()))
        a.members = sorted({e.subject_label for f in a.facts for e in f.evidence
                            if e.subject != a.actor})
    summary.actors = sorted(by_actor.values(),
                            key=lambda a: (-a.statements, (a.label_en or a.label_ar).casefold()))
    summary.articles = len({e.article for f in facts.values() for e in f.evidence})
    return summary
