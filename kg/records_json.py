"""Extraction records as JSON objects, for ``nufuz extract`` (one object per article, JSONL).

The form in which nufuz's NER and relation output is compared with other systems' and with
CoNLL data (DESIGN.md, "Extraction records are a public interface too"). Entity and article
identifiers are the IRIs the RDF gives them (:func:`kg.namespaces.entity_iri`,
:func:`kg.namespaces.article_iri`); statement fields carry the names of the RDF properties of
a ``nz:Statement`` (:func:`kg.rdf.build_dataset`).
"""
from __future__ import annotations

from typing import Any

from extractors.records import ArticleExtraction
from kg.namespaces import article_iri, entity_iri
from kg.rdf import confidence_literal


def article_record(art: ArticleExtraction, kb: Any | None = None) -> dict[str, Any]:
    """One article's extraction as a JSON-ready dict.

    Parameters
    ----------
    art : ArticleExtraction
        The article's records.
    kb : KnowledgeBase, optional
        Decides, with the article's own entities, whether ``attributed_to`` names an entity
        (then an IRI) or is a plain description ("US officials", kept as text).

    Returns
    -------
    dict
        ``doc`` (article IRI), ``source``, ``lang``, ``headline``, ``date`` (or None),
        ``mentions``: one dict per mention in text order with ``start``, ``end``
        (character offsets into the article text as read, end-exclusive, after any
        proclitic), ``text`` (the text they slice), ``form`` (the surface form the entity
        records: a clitic's elided article restored, "للقوات" -> "القوات"), ``label``
        (OntoNotes: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT), ``class`` (the ``nz:`` class
        local name) and ``entity`` (IRI); ``statements``: one dict per
        statement with ``subject``, ``predicate`` (``nz:`` local name), ``object``,
        ``mode``, ``truthy`` (whether the edge is asserted), ``ploverCategory``,
        ``cameoCode``, ``evidence``, ``evidenceLang``, ``charStart``, ``charEnd``,
        ``confidence`` and, when set, ``date``, ``startDate``, ``endDate``, ``location``,
        ``topic``, ``reportedBy`` (IRIs for entities), ``attributedTo`` (IRI or text),
        ``trigger``.

    Examples
    --------
    >>> from extractors.records import Entity, Mention
    >>> art = ArticleExtraction(source="a.txt", sha1="0" * 40, text="Putin spoke.", lang="en",
    ...                         entities={"vladimir_putin": Entity("vladimir_putin", "Person", "", "Putin")},
    ...                         mentions=[Mention(0, 5, "Putin", "PERSON", "vladimir_putin")])
    >>> article_record(art)["mentions"]
    [{'start': 0, 'end': 5, 'text': 'Putin', 'form': 'Putin', 'label': 'PERSON', 'nominal': False, 'class': 'Person', 'entity': 'https://w3id.org/nufuz/id/vladimir_putin'}]
    """
    def iri(eid: str | None) -> str | None:
        return str(entity_iri(eid)) if eid else None

    def is_entity(value: str) -> bool:
        return value in art.entities or (kb is not None and kb.get(value) is not None)

    mentions = []
    for m in sorted(art.mentions, key=lambda m: (m.start, m.end)):
        ent = art.entities.get(m.entity_id)
        mentions.append({"start": m.start, "end": m.end, "text": art.text[m.start:m.end], "form": m.text,
                         "label": m.label, "nominal": m.nominal,
                         "class": ent.cls if ent is not None else None, "entity": iri(m.entity_id)})
    statements = []
    for st in art.statements:
        rec: dict[str, Any] = {
            "subject": iri(st.subject), "predicate": st.predicate, "object": iri(st.object), "mode": st.mode,
            "truthy": st.has_truthy_edge(), "ploverCategory": st.plover or None, "cameoCode": st.cameo,
            "evidence": st.evidence, "evidenceLang": st.lang or art.lang, "charStart": st.char_start,
            "charEnd": st.char_end, "confidence": float(confidence_literal(st.confidence).toPython())}
        for key, value in (("date", st.date), ("startDate", st.start_date), ("endDate", st.end_date)):
            if value:
                rec[key] = value
        for key, value in (("location", st.location), ("topic", st.topic), ("reportedBy", st.reported_by)):
            if value:
                rec[key] = iri(value)
        who = (st.attributed_to or "").strip()
        if who:
            rec["attributedTo"] = iri(who) if is_entity(who) else who
        if st.trigger:
            rec["trigger"] = st.trigger
        statements.append(rec)
    return {"doc": str(article_iri(art.sha1)), "source": art.source, "lang": art.lang, "headline": art.headline,
            "date": art.date_published, "mentions": mentions, "statements": statements}
