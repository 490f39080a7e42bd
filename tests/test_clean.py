"""Tests for extractors/clean.py: boilerplate removal with offsets into the original text."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.clean import clean, dateline, fold, load_rules
from extractors.records import Segment

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def texts(t: str, segs) -> list[str]:
    return [t[s.start:s.end] for s in segs]


def removed(t: str, c) -> list[tuple[str, str]]:
    return [(t[s.start:s.end], s.reason) for s in c.removed]


def assert_offsets(t: str, c) -> None:
    """Segments are stripped, non-overlapping pieces of the lines of t that together cover
    every non-blank line once (a line is one segment, or a dateline plus the rest)."""
    segs = sorted(c.paragraphs + c.removed, key=lambda s: s.start)
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", t) if ln.strip()]
    joined: list[str] = []
    for i, s in enumerate(segs):
        chunk = t[s.start:s.end]
        assert chunk == chunk.strip() and "\n" not in chunk and chunk
        gap = t[segs[i - 1].end:s.start] if i else "\n"
        assert i == 0 or segs[i - 1].end <= s.start
        if gap.strip(" \t\u00a0") == "":  # same line: only spaces between the pieces
            joined[-1] += gap + chunk
        else:
            joined.append(chunk)
    assert joined == lines


# ------------------------------------------------------------------ seed article


@pytest.fixture(scope="module")
def seed():
    t = SEED.read_text(encoding="utf-8")
    return t, clean(t, "ar")


def test_seed_title(seed):
    t, c = seed
    assert t[c.title.start:c.title.end] == "بوتين رفض أي دور للقوات الأميركية قرب أفغانستان"
    assert c.paragraphs[0] == c.title and c.title.kind == "title"


def test_seed_removed(seed):
    t, c = seed
    assert removed(t, c) == [
        ("بوتين رفض أي دور للقوات الأميركية قرب أفغانستان", "repeated title"),
        ("بوتين رفض أي دور للقوات الأميركية قرب أفغانستان", "repeated title"),
        ("اقرأ ايضا:مبعوث أميركي يدعو طهران للعودة للمفاوضات ويتحدث عن سيناريوهات بديلة",
         "read-also link"),
        ("بوتين رفض أي دور للقوات الأميركية", "repeated title"),
        ("اقرأ ايضا: السيطرة على حرائق تيزي وزو وجزائريون في فرنسا يهبون للمساعدة",
         "read-also link"),
        ("اترك تعليقاً", "comment form"),
        ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comment form"),
    ]


def test_seed_body_kept(seed):
    t, c = seed
    body = [p for p in c.paragraphs if p.kind == "body"]
    headings = [p for p in c.paragraphs if p.kind == "heading"]
    assert len(body) == 10
    assert t[body[0].start:body[0].end].startswith("ذكرت صحيفة وول ستريت جورنال")
    assert t[body[-1].start:body[-1].end].startswith("قال السفير الأمريكي السابق")
    assert texts(t, headings) == [
        "صعوبة اختيار الجيش الأمريكي", "جهود إحياء التعاون مع آسيا الوسطى",
        "موسكو لا تحتاج لواشنطن في المنطقة"]
    assert_offsets(t, c)


# ------------------------------------------------------------------ developer corpus


def _corpus():
    corpus, gold = SHARED / "corpus" / "ar", SHARED / "gold" / "corpus_ar"
    if not corpus.is_dir() or not gold.is_dir():
        pytest.skip(f"developer corpus/gold not found under {SHARED}")
    pairs = [(f, gold / (f.stem + ".json")) for f in sorted(corpus.glob("*.txt"))]
    pairs = [(f, g) for f, g in pairs if g.exists()]
    if not pairs:
        pytest.skip(f"no corpus article with gold under {SHARED}")
    return pairs


def _squash(s: str) -> str:
    return " ".join(s.split())


def test_corpus_absent_entities_only_in_removed_lines():
    checked = 0
    for f, g in _corpus():
        t = f.read_text(encoding="utf-8")
        c = clean(t, "ar")
        kept = texts(t, c.paragraphs)
        for key, ent in json.loads(g.read_text(encoding="utf-8")).get("absent", {}).items():
            for form in ent.get("ar", []):
                if form not in t:
                    continue
                checked += 1
                assert not [p for p in kept if form in p], (f.name, key, form)
                assert any(form in r for r, _ in removed(t, c)), (f.name, key, form)
    assert checked >= 1


def test_corpus_required_evidence_is_kept():
    checked = 0
    for f, g in _corpus():
        t = f.read_text(encoding="utf-8")
        c = clean(t, "ar")
        assert_offsets(t, c)
        assert t[c.title.start:c.title.end] == t.splitlines()[0].strip(), f.name
        kept = [_squash(p) for p in texts(t, c.paragraphs)]
        for rel in json.loads(g.read_text(encoding="utf-8"))["relations"]:
            if rel.get("need") != "required":
                continue
            for piece in re.split(r"\s*(?:\.\.\.|…)\s*", rel["evidence"]):
                piece = _squash(piece.strip(" \"'"))
                if len(piece) < 8 or piece not in _squash(t):
                    continue  # paraphrased evidence cannot be located verbatim
                checked += 1
                assert any(piece in p for p in kept), (f.name, piece)
    assert checked >= 10


def test_corpus_bbc_related_headlines_removed():
    pairs = dict((f.name, f) for f, _ in _corpus())
    f = pairs.get("ar_s01_bbc_2018-02-24.txt")
    if f is None:
        pytest.skip("ar_s01_bbc_2018-02-24.txt not in the corpus")
    t = f.read_text(encoding="utf-8")
    c = clean(t, "ar")
    assert [r for _, r in removed(t, c)] == ["teaser"] * 4
    heads = [p for p in c.paragraphs if p.kind == "heading"]
    assert texts(t, heads) == ["لماذا تحتاج دولة كروسيا إلى مرتزقة؟"]


# ------------------------------------------------------------------ hand-made cases


EN_PAGE = """Putin rejects any US role near Afghanistan
By Example Staff

Russian President Vladimir Putin objected to any role for US forces in Central Asia, officials said.
Read more: Biden and Putin meet in Geneva
Share this article
The position complicates US plans for drone bases in the region, the newspaper reported.
Follow us on Twitter and Facebook
Facebook | Twitter | WhatsApp | Email
© 2021 Example News. All rights reserved.
Leave a comment
Your email address will not be published. Required fields are marked *
Great article, I agree with every word of this analysis and the conclusion.
"""


def test_english_boilerplate():
    c = clean(EN_PAGE, "en")
    t = EN_PAGE
    assert t[c.title.start:c.title.end] == "Putin rejects any US role near Afghanistan"
    assert [p.kind for p in c.paragraphs] == ["title", "heading", "body", "body"]
    assert texts(t, c.paragraphs)[2].startswith("Russian President Vladimir Putin")
    assert removed(t, c) == [
        ("Read more: Biden and Putin meet in Geneva", "read-also link"),
        ("Share this article", "site chrome"),
        ("Follow us on Twitter and Facebook", "site chrome"),
        ("Facebook | Twitter | WhatsApp | Email", "site chrome"),
        ("© 2021 Example News. All rights reserved.", "site chrome"),
        ("Leave a comment", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("Great article, I agree with every word of this analysis and the conclusion.", "comment form"),
    ]
    assert_offsets(t, c)


def test_hashtags_and_url_lines():
    t = ("روسيا والإمارات توقعان شراكة استراتيجية\n\n"
         "وقع الرئيس الروسي وولي عهد أبوظبي إعلان شراكة استراتيجية بين البلدين في #موسكو أمس.\n"
         "#روسيا #الإمارات #بوتين\n"
         "https://www.example.com/ar/news/2018/06/01/story.html\n"
         "وأضاف بوتين أن العمل المشترك أدى إلى استقرار أسواق النفط العالمية.\n"
         "* * *\n")
    c = clean(t, "ar")
    assert removed(t, c) == [
        ("#روسيا #الإمارات #بوتين", "hashtags"),
        ("https://www.example.com/ar/news/2018/06/01/story.html", "url"),
        ("* * *", "no text"),
    ]
    assert any("#موسكو" in p for p in texts(t, c.paragraphs))  # inline hashtag kept


def test_title_repeated_with_other_diacritics():
    t = ("بوتين يرفض دور القوات الأميركية\n"
         "بُوتِينُ يَرْفُضُ دَوْرَ القُوَّاتِ الأمِيرِكِيَّةِ\n"
         "قال الرئيس الروسي إن بلاده ترفض أي دور للقوات الأمريكية في آسيا الوسطى.\n"
         "بوتين يرفض دور القوات الاميركيه - موقع الأخبار\n")
    c = clean(t, "ar")
    assert texts(t, [c.title]) == ["بوتين يرفض دور القوات الأميركية"]
    assert [r for _, r in removed(t, c)] == ["repeated title", "repeated title"]
    assert [p.kind for p in c.paragraphs] == ["title", "body"]


def test_text_without_title():
    t = ("قال مسؤولون، الثلاثاء، إن مسلحين من حركة طالبان سيطروا على قاعدة عسكرية.\n"
         "وأسفرت الهجمات عن مقتل عشرة جنود على الأقل وإصابة 15 آخرين.\n")
    c = clean(t, "ar")
    assert c.title is None
    assert [p.kind for p in c.paragraphs] == ["body", "body"]
    assert c.removed == []
    one = "خبر قصير بلا عنوان"
    assert clean(one).title is None and texts(one, clean(one).paragraphs) == [one]


def test_offsets_map_back_with_crlf_and_spaces():
    t = "  Title line here \r\n\r\n\u00a0First paragraph of the story, with text.  \r\n\tSecond one here.\r\n"
    c = clean(t, "en")
    assert texts(t, c.paragraphs) == [
        "Title line here", "First paragraph of the story, with text.", "Second one here."]
    assert c.title == Segment(2, 17, "title")
    assert_offsets(t, c)


def test_label_only_link_takes_following_headlines():
    t = ("عنوان الخبر الرئيسي هنا\n"
         "قال الوزير إن المحادثات بين البلدين كانت بناءة ومثمرة للغاية.\n"
         "إقرأ أيضاً:\n"
         "وزير الخارجية يزور موسكو الأسبوع المقبل\n"
         "مجلس الأمن يناقش الأزمة السورية\n"
         "وأضاف الوزير أن الجانبين اتفقا على مواصلة التشاور في الأسابيع المقبلة.\n")
    c = clean(t, "ar")
    assert [r for _, r in removed(t, c)] == ["read-also link", "teaser", "teaser"]
    assert texts(t, c.paragraphs)[-1].startswith("وأضاف الوزير")


def test_trailing_teasers_removed_single_heading_kept():
    body = "قال الوزير إن المحادثات بين البلدين كانت بناءة ومثمرة للغاية.\n"
    t = "عنوان الخبر\n" + body + "عنوان فرعي\n" + body.replace("قال", "وأكد") + \
        "خبر آخر عن الاقتصاد\nخبر ثالث عن الرياضة\n"
    c = clean(t, "ar")
    assert [(x, r) for x, r in removed(t, c)] == [
        ("خبر آخر عن الاقتصاد", "teaser"), ("خبر ثالث عن الرياضة", "teaser")]
    assert [p.kind for p in c.paragraphs] == ["title", "body", "heading", "body"]


def test_cue_words_inside_article_sentences_are_kept():
    t = ("احتجاجات في العاصمة\n"
         "شارك الآلاف في التظاهرات التي خرجت في العاصمة يوم الجمعة احتجاجا على القرار.\n"
         "تابعوا على مدى ساعات هتافاتهم ضد الحكومة\n"
         "وفرقت الشرطة المتظاهرين مساء الجمعة بعد ساعات من الهتافات في الساحة.\n"
         "شارك على فيسبوك\n"
         "تابعونا على تويتر\n")
    c = clean(t, "ar")
    assert removed(t, c) == [("شارك على فيسبوك", "site chrome"), ("تابعونا على تويتر", "site chrome")]
    assert [p.kind for p in c.paragraphs] == ["title", "body", "heading", "body"]


def test_comment_form_cuts_the_rest_only_after_article_text():
    body = "قال الوزير إن المحادثات بين البلدين كانت بناءة ومثمرة للغاية.\n"
    reader = "تعليق قارئ: أتفق مع الوزير في كل ما قاله عن المحادثات وأتمنى نجاحها.\n"
    t = "عنوان الخبر\n" + body + "أضف تعليقك\n" + reader
    assert [r for _, r in removed(t, clean(t))] == ["comment form", "comment form"]
    # a comment link right under the title does not wipe the article
    t2 = "عنوان الخبر\nأضف تعليق\n" + body + body.replace("قال", "وأكد")
    c2 = clean(t2)
    assert removed(t2, c2) == [("أضف تعليق", "comment form")]
    assert [p.kind for p in c2.paragraphs] == ["title", "body", "body"]


def test_duplicate_paragraph_removed():
    p = "قال الوزير إن المحادثات بين البلدين كانت بناءة ومثمرة للغاية."
    t = f"عنوان\n{p}\n{p}\n"
    assert removed(t, clean(t)) == [(p, "duplicate paragraph")]


@pytest.mark.parametrize("para, expected", [
    ("دبي، الإمارات العربية المتحدة (CNN)— قال الأمير محمد بن سلمان إن ...",
     "دبي، الإمارات العربية المتحدة (CNN)—"),
    ("دبي (CNN)—قال مسؤولون إن المحادثات انتهت.", "دبي (CNN)—"),
    ("سبق- الوكالات: وافق مجلس الأمن الدولي بالإجماع على مشروع قرار.", "سبق- الوكالات:"),
    ("واشنطن - رويترز: قال مسؤولون أمريكيون إن القوات ستبقى.", "واشنطن - رويترز:"),
    ("بيروت ـ «الحياة»: أعلن الجيش أنه سيطر على المنطقة.", "بيروت ـ «الحياة»:"),
    ("WASHINGTON (Reuters) - U.S. officials said on Friday that talks ended.",
     "WASHINGTON (Reuters) -"),
    ("MOSCOW — Russia said on Friday it would respond.", "MOSCOW —"),
    ("قال مسؤولون، الثلاثاء، إن مسلحين من حركة طالبان سيطروا على قاعدة.", None),
    ("وأكد شي أن العلاقات الصينية - التركية قوية جدا.", None),
    ("وتابع قائلا: لذا فمن الأفضل له أن يكون نظامه قويا.", None),
    ("أما الخطـأ الثاني؛ فيتمثل في سحب القوات: هذا خطأ.", None),
])
def test_dateline(para, expected):
    t = "عنوان\n" + para
    seg = Segment(6, len(t))
    got = dateline(t, seg)
    assert (t[got[0]:got[1]] if got else None) == expected


def test_rules_load_and_fold():
    assert {r.kind for r in load_rules("ar")} == {"link", "chrome", "comment", "continuation", "prefix"}
    assert {r.kind for r in load_rules("en")} == {"link", "chrome", "comment"}
    with pytest.raises(ValueError, match="no boilerplate rules for language 'xx'"):
        load_rules("xx")
    assert fold("إقرأ أيضاً") == fold("اقرأ ايضا") == "اقرا ايضا"
    assert fold("مُسْتَشْفَى الـمدينة") == "مستشفي المدينه"


def test_long_unpunctuated_lines_are_body_not_teasers():
    long_line = ("وقال المتحدث باسم الوزارة إن الاجتماع الذي عقد في العاصمة بحث سبل تعزيز التعاون "
                 "بين البلدين في مجالات الطاقة والدفاع والتجارة خلال السنوات المقبلة")
    assert len(long_line.split()) > 20
    t = "عنوان الخبر\nقال الوزير إن المحادثات كانت بناءة.\n" + "\n".join([long_line] * 1 + [
        long_line.replace("الوزارة", "الخارجية"), long_line.replace("العاصمة", "موسكو")]) + "\n"
    c = clean(t)
    assert c.removed == []
    assert [p.kind for p in c.paragraphs] == ["title", "body", "body", "body", "body"]


def test_arabic_site_cues():
    t = ("قطر تبحث تحويل العديد إلى قاعدة دائمة\n"
         "الدوحة (أ ف ب) - قالت الدوحة اليوم إنها تبحث مع الولايات المتحدة تحويل القاعدة إلى قاعدة دائمة.\n"
         "للمزيد: قطر والسعودية.. أزمة بلا نهاية\n"
         "قد يهمك..\n"
         "وزير الخارجية القطري يزور واشنطن\n"
         "وتضم القاعدة نحو عشرة آلاف جندي أمريكي وتنطلق منها الطائرات.\n"
         "للمزيد من المعلومات حول القاعدة اطلع على التقرير الذي نشرته الوكالة أمس.\n"
         "// يتبع //\n"
         "© 2018 فرانس 24 - جميع الحقوق محفوظة\n"
         "الوسوم: قطر، الولايات المتحدة، العديد\n"
         "حمّل تطبيق فرانس 24\n"
         "الأكثر قراءة\n"
         "ترامب يلتقي بوتين في هلسنكي\n"
         "انفجار في كابول\n")
    c = clean(t, "ar")
    assert [p.kind for p in c.paragraphs] == ["title", "body", "body", "body"]
    assert texts(t, c.paragraphs)[3].startswith("للمزيد من المعلومات")
    assert [r for _, r in removed(t, c)] == [
        "dateline", "read-also link", "read-also link", "teaser", "site chrome", "site chrome",
        "site chrome", "site chrome", "read-also link", "teaser", "teaser"]
    # the dateline is cut off the first paragraph, which starts at the sentence
    assert removed(t, c)[0] == ("الدوحة (أ ف ب) -", "dateline")
    assert texts(t, c.paragraphs)[1].startswith("قالت الدوحة اليوم")
    assert_offsets(t, c)


# ------------------------------------------------------------------ mechanisms (hand-made)

_LEAD = ("دبي، الإمارات العربية المتحدة (CNN)— قالت المتحدثة باسم وزارة الخارجية الروسية إن بلادها "
         "سترد على العقوبات الأمريكية الجديدة بإجراءات مماثلة.")
_CONT = [
    "وخلال مؤتمر صحفي في موسكو، الخميس، وصفت المتحدثة العقوبات الأمريكية بأنها عمل غير ودي "
    "يستهدف تفاقم الأزمة بين البلدين.",
    "وأضافت أن العقوبات تناقض الوعود التي قطعتها واشنطن بتحسين العلاقات الثنائية خلال القمة "
    "الأخيرة بين الرئيسين.",
]
_OTHER_STORIES = [
    "أعلن الاتحاد الدولي لكرة القدم، الأربعاء، موعد انطلاق البطولة القارية المقبلة في الملاعب "
    "الأوروبية، بمشاركة ثمانية وأربعين منتخبا.",
    "كشفت دراسة طبية حديثة نشرتها جامعة أسترالية أن تناول القهوة باعتدال يقلل احتمالات الإصابة "
    "بأمراض القلب لدى كبار السن بشكل ملحوظ.",
    "قال رئيس الحكومة الكندية، جاستن ترودو، إن بلاده ستستقبل آلاف اللاجئين الإضافيين خلال العام "
    "المقبل ضمن برنامج إعادة التوطين.",
]
_TITLE = "روسيا تتوعد بالرد على العقوبات الأمريكية"


def _story(lead: str, tail: list[str]) -> str:
    return _TITLE + "\n\n" + "\n".join([lead, *_CONT, *tail]) + "\n"


def test_appended_leads_of_other_stories_removed():
    t = _story(_LEAD, _OTHER_STORIES)
    c = clean(t)
    assert removed(t, c) == [("دبي، الإمارات العربية المتحدة (CNN)—", "dateline")] + [
        (p, "other-story lead") for p in _OTHER_STORIES]
    assert [p.kind for p in c.paragraphs] == ["title", "body", "body", "body"]
    assert texts(t, c.paragraphs)[-1] == _CONT[-1]
    assert_offsets(t, c)


def test_standalone_paragraphs_kept_without_the_news_shape():
    # no dateline: a column may end on several standalone paragraphs
    lead = _LEAD.replace("دبي، الإمارات العربية المتحدة (CNN)— ", "")
    t = _story(lead, _OTHER_STORIES)
    assert clean(t).removed == []
    # two are not a block
    t = _story(_LEAD, _OTHER_STORIES[:2])
    assert [r for _, r in removed(t, clean(t))] == ["dateline"]
    # standalone paragraphs on the story's own topic continue it
    same_topic = [
        "رفضت موسكو العقوبات الأمريكية الجديدة ووصفتها بأنها محاولة لابتزاز روسيا وتقويض العلاقات "
        "الروسية الأمريكية المتوترة أصلا.",
        "فرضت الإدارة الأمريكية العقوبات الجديدة على روسيا بسبب اتهامات لموسكو بتسميم عميل روسي "
        "سابق وابنته في بريطانيا.",
        "تعد العقوبات الأمريكية الجديدة على روسيا الأشد منذ سنوات بحسب مراقبين يتابعون العلاقات "
        "الروسية الأمريكية عن كثب.",
    ]
    t = _story(_LEAD, same_topic)
    assert [r for _, r in removed(t, clean(t))] == ["dateline"]
    # a block right after the lead, with no continuation paragraph before it, is kept
    t = _TITLE + "\n" + "\n".join([_LEAD, *_OTHER_STORIES]) + "\n"
    assert [r for _, r in removed(t, clean(t))] == ["dateline"]
    # numbered points (أولا، ثانيا...) continue the text
    points = ["أولا: " + _OTHER_STORIES[0], "ثانيا: " + _OTHER_STORIES[1], "ثالثا: " + _OTHER_STORIES[2]]
    t = _story(_LEAD, points)
    assert [r for _, r in removed(t, clean(t))] == ["dateline"]


def test_dateline_cut_off_the_first_paragraph():
    t = "مجلس الأمن يصادق على الاتفاق النووي\nسبق- الوكالات: وافق مجلس الأمن الدولي بالإجماع على مشروع قرار.\n"
    c = clean(t)
    assert removed(t, c) == [("سبق- الوكالات:", "dateline")]
    assert texts(t, c.paragraphs) == ["مجلس الأمن يصادق على الاتفاق النووي",
                                      "وافق مجلس الأمن الدولي بالإجماع على مشروع قرار."]
    assert c.paragraphs[1].start == t.index("وافق")
    assert_offsets(t, c)
    # only the first paragraph: a later "place - outlet:" shape is text
    t2 = t + "واشنطن - رويترز: قال مسؤولون أمريكيون إن القوات ستبقى.\n"
    assert [r for _, r in removed(t2, clean(t2))] == ["dateline"]


@pytest.mark.parametrize("para", [
    "(هذيان): في نظرة فاحصة لمختلف الأزمنة المنقولة إلينا نجد أن السجال يتخذ دورات.",
    "قالت إدارة الطيران والفضاء الأمريكية (ناسا): إن الكويكب سيمر قرب الأرض.",
    "1 - أمانة العاصمة المقدسة: تنفيذ مشاريع الطرق في الأحياء الجديدة.",
    "1917 - الحرب العالمية الأولى: بريطانيا تحتل القدس.",
    "- في نظر حبيب الشعب (أبو متعب): الوطن أولا.",
])
def test_not_a_dateline(para):
    t = "عنوان\n" + para
    assert dateline(t, Segment(6, len(t))) is None


@pytest.fixture(scope="module")
def extractor():
    from extractors.pipeline import Extractor
    return Extractor("ar")


def test_dateline_place_is_never_an_actor(extractor):
    from extractors.sources import RawArticle
    t = ("السعودية تتهم إيران\n\n"
         "دبي، الإمارات العربية المتحدة (CNN)— اتهمت السعودية إيران بدعم الحوثيين.\n"
         "وقال المتحدث إن المحادثات ستستمر.\n")
    art = extractor.extract(RawArticle(path="x.txt", text=t, sha1="0" * 40, fmt="txt", lang="ar"))
    triples = {(s.subject, s.predicate, s.object) for s in art.statements}
    assert ("saudi_arabia", "opposes", "iran") in triples
    assert not [s for s in art.statements if {"united_arab_emirates", "dubai"} & {s.subject, s.object}]
    assert not [m for m in art.mentions if t.index("دبي") <= m.start < t.index("اتهمت")]


def test_op_ed_disclaimer_removed_and_sentence_kept():
    body = "قال الوزير إن البيان الأخير لا يعبر عن وجهة نظر الحكومة الرسمية في هذه القضية."
    t = ("عن الاتفاق النووي\n"
         "(المقال يعبر عن رأي كاتبه ولا يعكس بالضرورة وجهة نظر الموقع)\n"
         + body + "\n"
         "الآراء الواردة في هذا المقال تعبر عن رأي الكاتب فقط.\n")
    c = clean(t)
    assert removed(t, c) == [
        ("(المقال يعبر عن رأي كاتبه ولا يعكس بالضرورة وجهة نظر الموقع)", "site chrome"),
        ("الآراء الواردة في هذا المقال تعبر عن رأي الكاتب فقط.", "site chrome")]
    assert texts(t, c.paragraphs)[1] == body


def test_footer_after_rule_line():
    body = "قررت الولايات المتحدة سحب بعض أنظمة الدفاع الصاروخي من المنطقة للتركيز على تهديدات أخرى."
    promo = "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيقنا على هاتفكم المحمول."
    t = f"واشنطن تسحب أنظمة باتريوت\n{body}\n{'-' * 40}\n{promo}\n"
    assert removed(t, clean(t)) == [("-" * 40, "no text"), (promo, "site chrome")]
    # no cue: the rule line alone makes the short end a footer
    note = "تابعوا آخر الأخبار عبر هواتفكم الذكية في أي وقت ومن أي مكان."
    t = f"واشنطن تسحب أنظمة باتريوت\n{body}\n{'_' * 12}\n{note}\n"
    assert removed(t, clean(t)) == [("_" * 12, "no text"), (note, "footer")]
    # sections under rule lines (a tweet compilation) and "* * *" breaks are text
    tweets = [body.replace("قررت", "أعلنت"), body.replace("قررت", "أكدت"), body.replace("قررت", "ذكرت")]
    t = f"عنوان\n{body}\n{'-' * 20}\n" + "\n".join(tweets) + "\n"
    assert [r for _, r in removed(t, clean(t))] == ["no text"]
    t = f"عنوان\n{body}\n* * *\n{note}\n"
    assert [r for _, r in removed(t, clean(t))] == ["no text"]


def test_wire_copy_headline_set_off_by_a_blank_line():
    head = ("سياسي / معالي وزير الخارجية يؤكد في مؤتمر صحفي مع نظيره الألماني حرص المملكة على تطوير "
            "علاقاتها مع إيران شرط أن تغير سياستها بالتدخل في شئون دول الجوار")
    assert len(head.split()) > 20
    body = ["أكد وزير الخارجية أن المملكة حريصة على تطوير علاقاتها مع إيران.",
            "وقال الوزير في مؤتمر صحفي إن على إيران تغيير سياستها."]
    t = head + "\n\n" + "\n".join(body) + "\n17:58 ت م\n"
    c = clean(t)
    assert t[c.title.start:c.title.end] == head
    assert removed(t, c) == [("17:58 ت م", "site chrome")]
    # a long first line is a lead, not a title, when blank lines separate every paragraph
    t = head + "\n\n" + "\n\n".join(body) + "\n"
    assert clean(t).title is None


def test_lines_announced_by_a_colon_are_kept():
    t = ("الشاعر يرثي الشهداء\n"
         "ألقى الشاعر قصيدة في حفل التأبين الذي أقيم مساء أمس، وقال فيها:\n"
         "نحب الأرض كل دم فداء\n"
         "ونثبت حين نرمى\n"
         "وليل الخائنين غدا سيمحى\n")
    c = clean(t)
    assert c.removed == []
    assert [p.kind for p in c.paragraphs] == ["title", "body", "heading", "heading", "heading"]


def test_contact_lines_removed():
    body = "قال الكاتب إن الحوار بين الأجيال هو السبيل الوحيد لتجاوز الأزمات الاجتماعية المتكررة."
    t = ("الحوار أولا\n" + body + "\nwriter.name@example.com\n@writer_handle\n"
         "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (123) ثم مسافة ثم نص الرسالة إلى 88591\n"
         "ثم الرسالة\n"
         "مقالات أخرى للكاتبالحوار الوطنيأزمة السكن\n")
    c = clean(t)
    assert [r for _, r in removed(t, c)] == ["url", "url", "site chrome", "teaser", "read-also link"]
    assert texts(t, c.paragraphs) == ["الحوار أولا", body]


def test_a_share_bar_glued_before_the_lead_is_cut_off_the_line():
    """A ``prefix`` rule of boilerplate.tsv: the share bar some SaudiNewsNet pages print before
    the story on the same line is removed; the rest of the line is the story's paragraph."""
    t = ("عنوان الخبر هنا\n\n"
         "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك زار مدير الجوازات المصابين في المستشفى.\n"
         "وقال إن حالتهم مستقرة.\n")
    c = clean(t, "ar")
    assert texts(t, c.paragraphs)[1] == "زار مدير الجوازات المصابين في المستشفى."
    assert removed(t, c) == [("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك", "site chrome")]
    assert_offsets(t, c)
    # a line that is the share bar alone stays a chrome line; story text is never cut
    t2 = "عنوان الخبر هنا\n\nوقال الوزير إن الشراكة من خلال تويتر مفيدة.\nشارك عبر تويتر\n"
    c2 = clean(t2, "ar")
    assert texts(t2, c2.paragraphs)[1] == "وقال الوزير إن الشراكة من خلال تويتر مفيدة."
    assert removed(t2, c2) == [("شارك عبر تويتر", "site chrome")]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_cue_rule_union_matches_where_a_rule_does(lang):
    """``_any_rule`` (the alternation of the cue rules, read before them) matches a folded
    line exactly when one of the rules' patterns does: on the rules' own openers, on every
    line of the examples and, when present, of the developer corpus."""
    from extractors.clean import CUE_KINDS, _any_rule, _split_lines, load_rules
    union = _any_rule(lang, CUE_KINDS)
    assert union is not None
    rules = [r for r in load_rules(lang) if r.kind in CUE_KINDS]
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text("utf-8") for p in sorted((root / "examples" / lang).glob("*.txt"))]
    corpus = root.parent / "shared" / "corpus" / lang
    if corpus.is_dir():
        texts += [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))]
    lines = [line.folded for t in texts for line in _split_lines(t)]
    lines += ["read more: the story", "Related articles", "See also", "اقرا ايضا: الخبر", "شارك هذا", "x"]
    hits = 0
    for folded in lines:
        one = any(r.pattern.match(folded) for r in rules)
        assert (union.match(folded) is not None) == one, folded
        hits += one
    assert hits >= 3
