"""Entity recognition, linking and relation patterns on hand-made sentences and the seed."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractors.pipeline import Extractor
from extractors.sources import RawArticle, read_article

SEED = Path(__file__).resolve().parents[1] / "examples" / "ar" / "000_88021ef35a1db7c5.txt"


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor("ar")


def run(ex: Extractor, text: str, date: str | None = None):
    raw = RawArticle(path="t.txt", text=text, sha1=hashlib.sha1(text.encode()).hexdigest(), fmt="txt", lang="ar",
                     date_published=date)
    return ex.extract(raw)


def facts(art) -> set[tuple[str, str, str, str]]:
    return {(s.subject, s.predicate, s.object, s.mode) for s in art.statements}


def triples(art) -> set[tuple[str, str, str]]:
    return {(s.subject, s.predicate, s.object) for s in art.statements}


# ---------------------------------------------------------------- entities

def test_kb_entities_with_clitics_demonyms_and_variants(ex):
    art = run(ex, "عنوان\n\nقال مسؤولون أميركيون إن واشنطن وموسكو تعملان مع بقرغيزستان والأوزبكية وللولايات المتحدة.")
    assert {"united_states", "russia", "kyrgyzstan", "uzbekistan"} <= set(art.entities)
    assert "الأوزبكية" in art.entities["uzbekistan"].surface_forms
    assert "الولايات المتحدة" in art.entities["united_states"].surface_forms  # ل + ال kept as ال


def test_capital_is_a_metonym_unless_it_is_a_place(ex):
    art = run(ex, "عنوان\n\nرفضت موسكو العرض. وعقد الاجتماع في موسكو.")
    assert "russia" in art.entities and "moscow" in art.entities


def test_unknown_person_and_organization_get_new_ids(ex):
    art = run(ex, "عنوان\n\nقال أندريه كورتونوف ، المدير العام لمجلس الشؤون الخارجية البلطيقي ، إن الأمر صعب.")
    people = [e for e in art.entities.values() if e.cls == "Person"]
    assert [p.label_ar for p in people] == ["أندريه كورتونوف"]
    assert people[0].id.startswith("person/") and not people[0].in_kb
    orgs = [e for e in art.entities.values() if not e.in_kb and e.cls != "Person"]
    assert orgs and orgs[0].label_ar == "مجلس الشؤون الخارجية البلطيقي"
    assert (people[0].id, "leaderOf", orgs[0].id) in triples(art)


def test_prepositions_are_not_given_names(ex):
    art = run(ex, "عنوان\n\nوافقت روسيا على إنشاء قاعدة وعلى دول المنطقة الحذر.")
    assert not [e for e in art.entities.values() if e.cls == "Person"]


def test_boilerplate_entities_never_reach_the_graph(ex):
    art = run(ex, "عنوان الخبر عن روسيا\n\nرفضت روسيا العرض.\n\nاقرأ أيضا: إيران تهدد فرنسا\n\nاترك تعليقاً")
    assert "iran" not in art.entities and "france" not in art.entities


# ---------------------------------------------------------------- relations

def test_verb_with_preposition_and_location(ex):
    art = run(ex, "عنوان\n\nاعترضت روسيا على أي دور للقوات الأمريكية في آسيا الوسطى.")
    st = next(s for s in art.statements if s.predicate == "opposes")
    assert (st.subject, st.object, st.location) == ("russia", "us_armed_forces", "central_asia")
    assert st.plover == "REJECT" and st.cameo == "12" and st.mode == "asserted"


def test_coordinated_objects_give_one_edge_each(ex):
    art = run(ex, "عنوان\n\nأن أمريكا استخدمت قواعد في أوزبكستان وقيرغيزستان في المرحلة الأولى.")
    assert {("united_states", "hasMilitaryPresenceIn", "uzbekistan"),
            ("united_states", "hasMilitaryPresenceIn", "kyrgyzstan")} <= triples(art)


def test_intended_cooperation_becomes_seeks(ex):
    art = run(ex, "عنوان\n\nأن واشنطن سعت إلى إحياء التعاون مع دول آسيا الوسطى ، وخاصة طاجيكستان وأوزبكستان.")
    f = facts(art)
    assert ("united_states", "seeksCooperationWith", "tajikistan", "intended") in f
    assert ("united_states", "seeksCooperationWith", "uzbekistan", "intended") in f


def test_negated_fact_has_negated_mode(ex):
    art = run(ex, "عنوان\n\nلم تنسحب القوات الأمريكية من أفغانستان.")
    st = [s for s in art.statements if s.predicate == "withdrawsFrom"]
    assert st and all(s.mode == "negated" and not s.has_truthy_edge() for s in st)


def test_verbal_noun_with_genitive_subject(ex):
    art = run(ex, "عنوان\n\nبعد انسحاب القوات الأمريكية من أفغانستان تغير الوضع.")
    assert ("us_armed_forces", "withdrawsFrom", "afghanistan") in triples(art)
    assert art.entities["us_armed_forces"].cls == "MilitaryForce"


def test_pronoun_subject_continues_previous_fact_with_year(ex):
    art = run(ex, "عنوان\n\nأن أمريكا استخدمت قواعد في أوزبكستان ، لكنها غادرت أوزبكستان عام 2005.")
    st = next(s for s in art.statements if s.predicate == "withdrawsFrom")
    assert (st.subject, st.object, st.date) == ("united_states", "uzbekistan", "2005")


def test_meeting_with_date_relative_to_publication(ex):
    art = run(ex, "عنوان\n\nأن بوتين ، خلال قمة 16 يونيو مع الرئيس الأمريكي جو بايدن ، تحدث طويلا.", date="2021-08-20")
    st = next(s for s in art.statements if s.predicate == "meetsWith")
    assert (st.subject, st.object, st.date) == ("vladimir_putin", "joe_biden", "2021-06-16")
    assert ("joe_biden", "leaderOf", "united_states") in triples(art)


def test_title_with_demonym_and_former_ambassador(ex):
    art = run(ex, "عنوان\n\nقال السفير الأمريكي السابق في كازاخستان وجورجيا ، وليام كورتني ، إن الوضع صعب.")
    f = facts(art)
    courtney = next(e.id for e in art.entities.values() if e.cls == "Person")
    assert (courtney, "ambassadorTo", "kazakhstan", "historical") in f
    assert (courtney, "ambassadorTo", "georgia", "historical") in f
    assert art.entities["georgia"].cls == "Country"


def test_report_frame_gives_outlet_and_mode(ex):
    art = run(ex, "عنوان\n\nذكرت صحيفة وول ستريت جورنال أن روسيا رفضت الوجود الأمريكي.\n\n"
                  "وأضافت الصحيفة أن موسكو تتمتع بنفوذ كبير في آسيا الوسطى.")
    opp = next(s for s in art.statements if s.predicate == "opposes")
    assert (opp.subject, opp.object, opp.mode, opp.reported_by) == (
        "russia", "united_states", "reported", "wall_street_journal")
    infl = next(s for s in art.statements if s.predicate == "hasInfluenceIn")
    assert (infl.subject, infl.object, infl.reported_by) == ("russia", "central_asia", "wall_street_journal")
    assert "wall_street_journal" not in {s.subject for s in art.statements}


def test_region_anaphor_and_hypothetical(ex):
    art = run(ex, "عنوان\n\nتحدث التقرير عن آسيا الوسطى. بينما تتمتع روسيا بنفوذ كبير في المنطقة.\n\n"
                  "وقال إنه إذا نشرت الصين قوات في كازاخستان فسيكون الرد قاسيا.")
    assert ("russia", "hasInfluenceIn", "central_asia") in triples(art)
    hyp = [s for s in art.statements if s.object == "kazakhstan"]
    assert hyp and all(s.mode == "hypothetical" for s in hyp)


def test_evidence_and_offsets_point_into_the_text(ex):
    text = "عنوان\n\nاعترضت روسيا على الدور الأمريكي."
    art = run(ex, text)
    st = art.statements[0]
    assert text[st.char_start:st.char_end] == st.evidence
    for m in art.mentions:
        assert text[m.start:m.end].endswith(m.text[-3:])


# ---------------------------------------------------------------- the seed article

@pytest.fixture(scope="module")
def seed(ex):
    return ex.extract(read_article(SEED)[0])


def test_seed_key_stance(seed):
    st = [s for s in seed.statements if s.predicate == "opposes" and s.subject == "vladimir_putin"
          and s.location == "central_asia"]
    assert st, "Putin opposes the US (military) in Central Asia"
    s = st[0]
    assert s.object in ("united_states", "us_armed_forces")
    assert s.reported_by == "wall_street_journal" and s.mode == "reported"
    assert "اعترض على أي دور للقوات الأمريكية في آسيا الوسطى" in s.evidence


def test_seed_entities_and_no_boilerplate(seed):
    ids = set(seed.entities)
    assert {"vladimir_putin", "joe_biden", "russia", "united_states", "afghanistan", "uzbekistan", "kyrgyzstan",
            "tajikistan", "kazakhstan", "georgia", "central_asia", "wall_street_journal", "taliban"} <= ids
    assert not ids & {"iran", "tehran", "algeria", "france"}
    assert seed.headline == "بوتين رفض أي دور للقوات الأميركية قرب أفغانستان"


# ---------------------------------------------------------------- frames added for general news

def test_passive_support_names_the_supporter(ex):
    art = run(ex, "عنوان\n\nهاجمت قوات سوريا الديمقراطية المدعومة من الولايات المتحدة مواقع التنظيم.")
    st = [s for s in art.statements if s.predicate == "supports"]
    assert st and st[0].subject == "united_states" and art.entities[st[0].object].cls == "ArmedGroup"


def test_sanctions_list_owner_and_item(ex):
    art = run(ex, "عنوان\n\nوأضافت واشنطن شركة غازبروم إلى لائحة الخاضعين للعقوبات.")
    st = [s for s in art.statements if s.predicate == "sanctions"]
    assert st and st[0].subject == "united_states" and st[0].object != "united_states"


def test_membership_list_after_the_organization(ex):
    art = run(ex, "عنوان\n\nوامتنعت 3 دول أعضاء في مجلس الأمن، وهي الصين وإثيوبيا وكازاخستان، عن التصويت.")
    members = {s.subject for s in art.statements if s.predicate == "memberOf"}
    assert members == {"china", "ethiopia", "kazakhstan"}
    assert {s.object for s in art.statements if s.predicate == "memberOf"} == {"un_security_council"}


def test_meeting_between_two_named_officials_and_counterpart_title(ex):
    art = run(ex, "عنوان\n\nخلال اللقاء الذي جرى اليوم في موسكو بين وزير الخارجية الروسي، سيرغي لافروف، "
                  "ونظيره الأمريكي، ريكس تيلرسون.")
    t = triples(art)
    assert ("sergey_lavrov", "meetsWith", "rex_tillerson") in t
    assert ("rex_tillerson", "officialOf", "united_states") in t
    assert ("sergey_lavrov", "officialOf", "united_states") not in t  # "، ونظيره" is not an apposition


def test_veto_against_a_draft_of_several_sponsors(ex):
    art = run(ex, "عنوان\n\nاستخدمت روسيا حق الفيتو لعرقلة مشروع القرار الفرنسي الأمريكي البريطاني.")
    opposed = {s.object for s in art.statements if s.subject == "russia" and s.predicate == "opposes"}
    assert {"france", "united_states", "united_kingdom"} <= opposed


def test_designation_as_terrorist(ex):
    art = run(ex, "عنوان\n\nأن تركيا تعتبر حزب العمال الكردستاني منظمة إرهابية.")
    st = [s for s in art.statements if s.predicate == "opposes"]
    assert st and st[0].subject == "turkey" and st[0].plover == "ACCUSE"


def test_joined_sanctions_and_subjects_outside_prepositional_phrases(ex):
    art = run(ex, "عنوان\n\nوكانت كل من ألبانيا والنرويج قد انضمت لقرار تمديد عقوبات الاتحاد الأوروبي ضد روسيا.")
    t = triples(art)
    assert {("albania", "sanctions", "russia"), ("norway", "sanctions", "russia")} <= t


def test_base_owner_presence_and_location(ex):
    art = run(ex, "عنوان\n\nوتوجد في قطر أيضا قاعدة أمريكية أخرى.")
    assert ("united_states", "hasMilitaryPresenceIn", "qatar") in triples(art)


def test_still_is_not_a_negation(ex):
    art = run(ex, "عنوان\n\nأن الولايات المتحدة لا تزال تملك أسلحة نووية في أوروبا.")
    st = [s for s in art.statements if s.predicate == "hasMilitaryPresenceIn"]
    assert st and st[0].mode == "asserted" and st[0].object == "europe"


def test_title_alone_refers_to_the_person_named_with_it_before(ex):
    art = run(ex, "عنوان\n\nقال الرئيس الروسي فلاديمير بوتين إن الوضع صعب.\n\n"
                  "ورفض الرئيس الروسي الوجود الأمريكي في آسيا الوسطى.")
    st = next(s for s in art.statements if s.predicate == "opposes")
    assert (st.subject, st.object, st.location) == ("vladimir_putin", "united_states", "central_asia")


def test_a_date_between_coordinated_objects_belongs_to_the_first(ex):
    art = run(ex, "عنوان\n\nأن أمريكا غادرت أوزبكستان عام 2005 وقرغيزستان بعد قرابة عقد.")
    dates = {s.object: s.date for s in art.statements if s.predicate == "withdrawsFrom"}
    assert dates == {"uzbekistan": "2005", "kyrgyzstan": None}


def test_membership_needs_a_list_opener_and_lifting_sanctions_is_no_sanction(ex):
    art = run(ex, "عنوان\n\nفرض حظرا على تصدير الأسلحة من الدول الأعضاء في الاتحاد الأوروبي إلى روسيا.\n\n"
                  "وقدمت الولايات المتحدة مشروع قرار خاص برفع العقوبات الدولية المفروضة على إيران.")
    assert not [s for s in art.statements if s.predicate == "memberOf"]
    assert not [s for s in art.statements if s.predicate == "sanctions" and s.has_truthy_edge()
                and s.object == "iran"]


def test_the_speaker_is_the_person_not_a_country_in_the_title(ex):
    """A report frame's speaker is its person when it names one; a country inside the title
    ("ambassador to Kazakhstan", "Russia's envoy") is not the speaker."""
    art = run(ex, "قال السفير الأمريكي السابق في كازاخستان، وليام كورتني، إن روسيا تعارض الوجود العسكري "
                  "الأمريكي في آسيا الوسطى.")
    said = {(s.subject, s.predicate, s.object): s.attributed_to for s in art.statements}
    assert said.get(("russia", "opposes", "united_states")) == "person/william-courtney", said
    art = run(ex, "وقالت مندوبة الولايات المتحدة لدى الأمم المتحدة سامانثا باور إن واشنطن تدعم أوكرانيا.")
    said = {(s.subject, s.predicate, s.object): s.attributed_to for s in art.statements}
    assert said.get(("united_states", "supports", "ukraine")) == "samantha_power", said
    # no person in the frame: the country stays the speaker
    art = run(ex, "قالت روسيا إن تركيا تدعم المعارضة السورية.")
    assert {s.attributed_to for s in art.statements} == {"russia"}, [(s.subject, s.attributed_to) for s in art.statements]


# ---------------------------------------------------------------- bounded memos

def test_word_memos_are_bounded_together():
    """``bound_memos`` trims the live word memos past the limit to their oldest half (the
    first entries in insertion order) and leaves the others; a memo that is gone leaves the
    registry."""
    import gc

    from extractors.memo import _MEMOS, bound_memos, word_memo

    small, big = word_memo(), word_memo()
    small.update(dict.fromkeys(range(3)))
    big.update(dict.fromkeys(range(10)))
    assert bound_memos(limit=5) >= 1
    assert small == dict.fromkeys(range(3)) and big == {0: None, 1: None}
    big[9] = "new"  # still a working memo: a later entry comes after the kept ones
    assert list(big) == [0, 1, 9]
    n = len(_MEMOS)
    del small, big
    gc.collect()
    assert len(_MEMOS) == n - 2


def test_the_extraction_does_not_depend_on_the_memos(ex, monkeypatch):
    """The seed article extracted with every word memo emptied before each article (limit 0)
    and again with memos warm from the first extraction: the same entities and statements."""
    import extractors.memo as memo
    from extractors.memo import _MEMOS

    raw = read_article(SEED)[0]
    warm = ex.extract(raw)
    assert max(len(m) for m in _MEMOS.values()) > 100  # the rules memoised words
    monkeypatch.setattr(memo, "MEMO_LIMIT", 0)
    cold = ex.extract(raw)
    assert sum(len(m) for m in _MEMOS.values()) > 0  # refilled by this article alone
    assert cold.entities == warm.entities and cold.statements == warm.statements
    assert len(warm.statements) > 5 and len(warm.entities) > 10


CORPUS_AR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ar"


@pytest.mark.skipif(not CORPUS_AR.is_dir(), reason="../shared/corpus/ar absent (the developer corpus)")
def test_memos_trimmed_between_articles_change_nothing(ex, monkeypatch):
    """Six developer articles extracted one after the other with the memos trimmed to their
    oldest 3 entries whenever they pass 7 (before each article: memos trimmed at different
    moments, partly full) give the same entities and statements as with warm memos."""
    import extractors.memo as memo
    from extractors.memo import _MEMOS

    raws = [r for f in sorted(CORPUS_AR.glob("*.txt"))[:6] for r in read_article(f)]
    assert len(raws) == 6
    warm = list(ex.extract_many(raws))
    monkeypatch.setattr(memo, "MEMO_LIMIT", 7)
    trimmed = list(ex.extract_many(raws))
    assert 0 < max(len(m) for m in _MEMOS.values())  # refilled past the kept entries
    assert [a.entities for a in trimmed] == [a.entities for a in warm]
    assert [a.statements for a in trimmed] == [a.statements for a in warm]
    assert sum(len(a.statements) for a in warm) > 10
