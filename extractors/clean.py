"""Boilerplate removal that keeps character offsets into the original text.

:func:`clean` splits an article into paragraphs (one line = one paragraph, as in news copy;
blank lines do not matter), recognises the title, and removes what is not article text:
repeated titles, read-also links and teaser headlines, leads of other stories appended after
the body, site chrome, comment forms, footers after a rule line, lines that are only hashtags
or URLs, and the dateline at the head of the first paragraph. Nothing in the text is changed:
every :class:`Segment` points into the input string, so later stages (spaCy, statements) keep
exact offsets.

The mechanism is general; the language-specific cue phrases live in data files beside the
code, ``extractors/<lang>/boilerplate.tsv`` (columns ``lang, kind, pattern, max_words``),
loaded by :func:`load_rules`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from .records import CleanedText, Segment
from .text import NOT_CONTENT, apply_folds, fold_plan

__all__ = ["CueRule", "load_rules", "clean", "dateline", "fold"]

#: Rule kinds whose lines are boilerplate (see :func:`clean`).
CUE_KINDS = ("link", "chrome", "comment")
#: Rule kind of the openers of a paragraph that continues the story (not boilerplate).
CONTINUATION = "continuation"
#: Rule kind of site furniture glued to the head of a line of story text (a share bar
#: printed before the lead: "شارك من خلال تويتر فيسبوك ... اكتب رأيك يقوم وزير..."): the
#: matched words are removed, the rest of the line is read.
PREFIX = "prefix"

#: Longest line (in words) that still counts as a title.
TITLE_MAX_WORDS = 20
#: Longest first line (in words) that counts as a title when a blank line sets it off from
#: a text whose other lines follow each other without blank lines (wire-copy headlines).
TITLE_SET_OFF_MAX_WORDS = 40
#: Longest line (in words) that counts as a short headline-like line (section heading,
#: teaser headline).
HEADLINE_MAX_WORDS = 16
#: Fewest headline-like lines in a row, between article paragraphs, that make a block of
#: links to other stories (one or two in a row are section headings).
TEASER_RUN_MIN = 3
#: Fewest paragraphs in the block of other stories' leads appended after a news story.
TEASER_LEADS_MIN = 3
#: A paragraph sharing at least this share of its word 4-grams with the paragraph before it
#: is on the same topic (see :func:`_shared`).
TOPIC_SHARE_MAX = 0.2
#: Most lines (and words per line) after the last rule line ("-----") that make a footer.
FOOTER_MAX_LINES = 2
FOOTER_MAX_WORDS = 40

#: Why a segment was removed, by rule kind (``Segment.reason``).
REASONS = {
    "link": "read-also link",
    "chrome": "site chrome",
    "comment": "comment form",
    "teaser": "teaser",
    "title": "repeated title",
    "duplicate": "duplicate paragraph",
    "hashtags": "hashtags",
    "url": "url",
    "notext": "no text",
    "lead": "other-story lead",
    "footer": "footer",
    "dateline": "dateline",
}

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
#: :func:`fold`'s letters: (letter, replacement), as applied by :func:`extractors.text.apply_folds`
_FOLD_PLAN = fold_plan((("ٱ", "ا"), ("ى", "ي"), ("ی", "ي"), ("ة", "ه"), ("ک", "ك"), ("ـ", "")))
_NON_WORD = re.compile(r"[\W_]+")
#: Characters that close a quotation or bracket, ignored when looking at a line's end.
_CLOSERS = "\"'”’»›)]}>*"
#: A line ending in one of these is a sentence (or a lead-in), not a headline.
_SENTENCE_END = ".!:;؛،,…۔"
_BULLET = re.compile(r"^(?:[-–—•·*▪●◦]\s|\d{1,2}\s*[.)-]\s)")
_HASHTAG_LINE = re.compile(r"^(?:#[^\s#]+[\s,،|·•]*)+$")
_URL_LINE = re.compile(
    r"^(?:(?:<?(?:https?://|www\.)\S+>?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+)[\s,|]*)+$", re.I)
#: A horizontal rule: a line of dashes, underscores or equals signs (not "* * *", which
#: breaks sections inside columns and poems).
_RULE_LINE = re.compile(r"^(?:[-_=~\u2010-\u2015\u0640]\s*){5,}$")
_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")
_LETTERS = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """Fold orthographic variants so that spellings of one phrase compare equal.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        NFKD-decomposed text without combining marks (Arabic diacritics, the hamza and
        madda of أ إ آ ؤ ئ, Latin accents), without tatweel, with ٱ -> ا, ى/ی -> ي,
        ة -> ه, ک -> ك, and runs of whitespace collapsed to one space. Case is kept.

    Notes
    -----
    The same folding as the usual Arabic IR normalisation (Larkey, Ballesteros & Connell
    2002), done through Unicode decomposition so that it also covers presentation forms.
    Not offset-preserving: use it for comparisons only.

    Examples
    --------
    >>> fold("اقرأ أيضاً")
    'اقرا ايضا'
    """
    text = unicodedata.normalize("NFKD", text)
    # the combining marks (category Mn) among the text's distinct characters, removed with
    # str.replace: the same as testing every character, without a Python step per character;
    # the characters are sorted into marks and others by set operations, a character's
    # category looked up once per process
    chars = set(text)
    new = chars - _SEEN_CHARS
    if new:
        _MARKS.update(ch for ch in new if unicodedata.category(ch) == "Mn")
        _SEEN_CHARS.update(new)
    for ch in chars & _MARKS:
        text = text.replace(ch, "")
    text = apply_folds(text, _FOLD_PLAN)  # (a str.replace per letter it has, not a dict lookup per character)
    # (str.split splits at the characters ``\s`` matches, Py_UNICODE_ISSPACE: the runs
    # collapsed and the ends stripped as _SPACES.sub(" ", ...).strip() would, faster)
    return " ".join(text.split())


#: the characters :func:`fold` has met, and those of them that are combining marks (Unicode
#: category Mn), filled as it meets them
_SEEN_CHARS: set[str] = set()
_MARKS: set[str] = set()


def _folded_words_key(folded: str) -> tuple[str, ...]:
    """Case-folded words without punctuation of a folded text (a line's ``folded``, which
    :func:`fold` made once): for comparing lines."""
    return tuple(_NON_WORD.sub(" ", folded.casefold()).split())


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class CueRule:
    """One boilerplate cue from a ``boilerplate.tsv`` file.

    Attributes
    ----------
    lang : str
        Language code of the row.
    kind : str
        ``"link"``, ``"chrome"`` or ``"comment"`` (boilerplate, see :func:`clean`),
        ``"prefix"`` (site furniture at the head of a story line: only the matched words
        are removed), or ``"continuation"``: how a paragraph continuing the story opens
        (not boilerplate).
    pattern : re.Pattern
        Compiled from the folded pattern text; matched at the start of the folded line,
        case-insensitive, and must end at a word boundary.
    max_words : int | None
        The rule applies only to lines of at most this many words.
    """

    lang: str
    kind: str
    pattern: re.Pattern
    max_words: int | None = None

    def matches(self, folded_line: str, n_words: int) -> bool:
        """Whether the rule fires on a line (already :func:`fold`-ed)."""
        if self.max_words is not None and n_words > self.max_words:
            return False
        return self.pattern.match(folded_line) is not None


@lru_cache(maxsize=None)
def load_rules(lang: str) -> tuple[CueRule, ...]:
    """Load the boilerplate cues of one language.

    Parameters
    ----------
    lang : str
        Language code; the rules are read from ``extractors/<lang>/boilerplate.tsv``
        (package data).

    Returns
    -------
    tuple of CueRule
        In file order; rows whose ``lang`` column differs from ``lang`` are skipped.

    Raises
    ------
    ValueError
        No rule file for ``lang``, or a malformed row (unknown kind, bad regex, bad
        ``max_words``), named by file and line.
    """
    try:
        data = resources.files(__package__).joinpath(lang, "boilerplate.tsv").read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        raise ValueError(f"no boilerplate rules for language {lang!r} "
                         f"(expected extractors/{lang}/boilerplate.tsv)") from None
    rules = []
    where = f"extractors/{lang}/boilerplate.tsv"
    for lineno, row in enumerate(data.splitlines(), start=1):
        if not row.strip() or row.startswith("#") or row.startswith("lang\t"):
            continue
        cols = row.split("\t")
        if len(cols) < 3:
            raise ValueError(f"{where}:{lineno}: expected lang, kind, pattern[, max_words]")
        row_lang, kind, pattern = cols[0].strip(), cols[1].strip(), cols[2].strip()
        max_words = cols[3].strip() if len(cols) > 3 else ""
        if row_lang != lang:
            continue
        if kind not in CUE_KINDS + (CONTINUATION, PREFIX):
            raise ValueError(f"{where}:{lineno}: unknown kind {kind!r}")
        try:
            # Fold the pattern like the lines; folding never touches ASCII regex syntax.
            rx = re.compile(f"(?:{fold(pattern)})(?!\\w)", re.IGNORECASE)
            limit = int(max_words) if max_words else None
        except (re.error, ValueError) as exc:
            raise ValueError(f"{where}:{lineno}: {exc}") from None
        rules.append(CueRule(row_lang, kind, rx, limit))
    return tuple(rules)


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    start: int
    end: int
    text: str
    folded: str
    n_words: int
    cue: str | None = None         # kind of the cue rule that matched
    label_only: bool = False       # a link cue with nothing after it ("اقرأ أيضا:")
    continues: bool = False        # opens like a continuation of the story (وقال، كما...)
    reason: str | None = None      # set when removed

    @cached_property
    def words_key(self) -> tuple[str, ...]:
        """:func:`_folded_words_key` of the line (read by two rules: computed once)."""
        return _folded_words_key(self.folded)

    @property
    def headline_like(self) -> bool:
        """Short, not ending like a sentence, not a list item: a heading or a teaser."""
        if self.n_words > HEADLINE_MAX_WORDS or _BULLET.match(self.text):
            return False
        tail = self.text.rstrip(_CLOSERS + " \t")
        return bool(tail) and tail[-1] not in _SENTENCE_END

    @property
    def title_like(self) -> bool:
        """Short and not ending with a full stop (``...``/``..`` allowed)."""
        if self.n_words > TITLE_MAX_WORDS:
            return False
        tail = self.text.rstrip(_CLOSERS + " \t")
        return not tail.endswith((".", "۔")) or tail.endswith(("..", "…"))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in NOT_CONTENT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in NOT_CONTENT):
        end -= 1
    return start, end


def _split_lines(text: str) -> list[_Line]:
    lines = []
    for m in _LINE.finditer(text):
        start, end = _strip_span(text, m.start(), m.end())
        if start < end:
            raw = text[start:end]
            lines.append(_Line(start, end, raw, fold(raw), len(raw.split())))
    return lines


def _structural_reason(line: _Line) -> str | None:
    """Language-independent junk: no letters, only hashtags, only URLs."""
    if not any(ch.isalpha() for ch in line.text):
        return REASONS["notext"]
    if _HASHTAG_LINE.match(line.text):
        return REASONS["hashtags"]
    if _URL_LINE.match(line.text):
        return REASONS["url"]
    return None


@lru_cache(maxsize=None)
def _split_rules(lang: str) -> tuple[tuple[CueRule, ...], tuple[CueRule, ...], tuple[CueRule, ...]]:
    """The boilerplate cues, the continuation openers and the line prefixes of a language
    (once per language: the rules do not change)."""
    rules = load_rules(lang)
    return (tuple(r for r in rules if r.kind in CUE_KINDS),
            tuple(r for r in rules if r.kind == CONTINUATION),
            tuple(r for r in rules if r.kind == PREFIX))


def _cut_prefix(line: _Line, text: str, prefixes: tuple[CueRule, ...]) -> Segment | None:
    """Cut a ``prefix`` rule's words off the head of ``line`` (in place: the line then
    starts at the first word after them) and return the removed segment; None when no rule
    matches or nothing would be left of the line. The rule matches the folded line; as
    folding keeps the words, the cut is made after as many words of the raw line."""
    for rule in prefixes:
        m = rule.pattern.match(line.folded)
        if m is None:
            continue
        n = len(line.folded[:m.end()].split())
        words = list(re.finditer(r"\S+", line.text))
        if n == 0 or n >= len(words):
            return None
        cut = Segment(line.start, line.start + words[n - 1].end(), "boilerplate", REASONS["chrome"])
        start = _strip_span(text, cut.end, line.end)[0]
        line.start, line.text = start, text[start:line.end]
        line.folded, line.n_words = fold(line.text), len(line.text.split())
        return cut
    return None


def _opens_continuation(folded: str, n_words: int, conts: tuple[CueRule, ...]) -> bool:
    return any(rule.matches(folded, n_words) for rule in conts)


def _grams(text: str, folded: str | None = None) -> frozenset[str]:
    """Character 4-grams of the words of five letters or more (folded, case-folded).

    Short words (mostly function words and clitic-bearing particles) are left out, so
    that what two paragraphs share is their content vocabulary; 4-grams instead of whole
    words let inflected and prefixed forms of one word (الأمريكية، والأمريكي) meet.
    ``folded``: ``fold(text)`` when the caller has it.
    """
    words = (w for w in _LETTERS.findall((fold(text) if folded is None else folded).casefold()) if len(w) >= 5)
    return frozenset(w[i:i + 4] for w in words for i in range(len(w) - 3))


def _shared(mine: frozenset[str], other: frozenset[str]) -> float:
    """Share of the word 4-grams ``mine`` of a text (:func:`_grams`) that another text's
    ``other`` also has (0 when it has none)."""
    return len(mine & other) / len(mine) if mine else 0.0


@lru_cache(maxsize=None)
def _any_rule(lang: str, kinds: tuple[str, ...]) -> re.Pattern | None:
    """One pattern that matches at the start of a folded line exactly when a rule of one of
    ``kinds`` of the language does, ignoring ``max_words`` (the alternation of the rules'
    patterns: a line none of them matches is passed over with one regex call instead of one
    per rule). None when the rules cannot be joined (different flags, a back-reference or a
    named group: group numbers shift in the alternation)."""
    rules = [r for r in load_rules(lang) if r.kind in kinds]
    if not rules or len({r.pattern.flags for r in rules}) != 1 or any(
            re.search(r"\\[1-9]|\(\?P[<=]", r.pattern.pattern) for r in rules):
        return None
    try:
        return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules), rules[0].pattern.flags)
    except re.error:
        return None


def _match_cue(line: _Line, rules: tuple[CueRule, ...], any_rule: re.Pattern | None = None) -> None:
    """Set ``line.cue`` (and ``label_only`` for a link) from the first of ``rules`` that fires
    on the line; ``any_rule``: :func:`_any_rule` of those rules, read first."""
    if any_rule is not None and any_rule.match(line.folded) is None:
        return  # (no rule matches the line's start: none fires)
    for rule in rules:
        if rule.matches(line.folded, line.n_words):
            line.cue = rule.kind
            if rule.kind == "link":
                rest = line.folded[rule.pattern.match(line.folded).end():]
                line.label_only = not any(ch.isalnum() for ch in rest)
            return


def _repeats_title(key: tuple[str, ...], title: tuple[str, ...]) -> bool:
    """A line repeats the title: equal, a long prefix of it, or it plus a few words."""
    if not key or not title:
        return False
    if key == title:
        return True
    k = len(key)
    if k < len(title) and key == title[:k] and k >= 3 and 2 * k >= len(title):
        return True
    return k > len(title) and key[:len(title)] == title and k - len(title) <= 4


# --------------------------------------------------------------------------- clean


def clean(text: str, lang: str = "ar") -> CleanedText:
    """Split an article into title and body paragraphs and remove boilerplate.

    Parameters
    ----------
    text : str
        The article text, unchanged (offsets in the result point into it).
    lang : str, default "ar"
        Language whose cue file ``extractors/<lang>/boilerplate.tsv`` is used.

    Returns
    -------
    CleanedText
        ``title`` (kind ``"title"``) when the first line looks like one; ``paragraphs``
        with the title first, then the kept lines in order (kind ``"body"``, or
        ``"heading"`` for short section headings); ``removed`` with every dropped line
        (kind ``"boilerplate"`` and a ``reason`` from :data:`REASONS`). Each segment spans
        one line without its leading/trailing whitespace, except that a dateline is cut off
        the head of the first body paragraph: the dateline is then a removed segment and the
        paragraph starts after it.

    Raises
    ------
    ValueError
        When there is no rule file for ``lang`` (see :func:`load_rules`).

    Notes
    -----
    Rules, in order:

    1. A line with no letters, only hashtags, or only URLs, e-mail addresses and @handles
       is removed.
    2. Cue lines (``boilerplate.tsv``, matched at the line start after :func:`fold`):
       first a ``prefix`` (a share bar glued before the story's words) is cut off the
       line's head, the rest of the line is read as a line; then
       ``link`` and ``chrome`` lines are removed; a ``comment`` line is removed together
       with everything after it once an article paragraph came before it (else alone).
    3. Title: the first remaining line when there is more text after it, it has at most
       :data:`TITLE_MAX_WORDS` words and does not end with a full stop; or at most
       :data:`TITLE_SET_OFF_MAX_WORDS` words when a blank line sets it off and no other
       two lines of the text are separated by a blank line (a wire-copy headline). A later
       line equal to the title (after folding diacritics, letter variants, punctuation and
       case), a prefix of it of at least three words and half its length, or the title
       plus at most four words (a site name) is removed as ``"repeated title"``.
    4. A paragraph of five or more words identical to an earlier one is removed.
    5. Footer: after the last horizontal rule (a line of five or more dashes, underscores
       or equals signs) that follows article text, at most :data:`FOOTER_MAX_LINES` lines
       of at most :data:`FOOTER_MAX_WORDS` words each, up to the end, are removed (an app
       promotion or an editor's note under a rule).
    6. Leads of other stories appended after a news story with no cue line (CNN Arabic
       prints several after the body). A paragraph *continues* the story when it opens
       with a ``continuation`` pattern of ``boilerplate.tsv`` (a conjunction prefix, a
       connective, a back-reference: ``وقال``, ``كما``, ``جاء ذلك``). Going back from the
       end, the block is the paragraphs of more than :data:`HEADLINE_MAX_WORDS` words that
       do not continue, are not list items and each change the topic: share less than
       :data:`TOPIC_SHARE_MAX` of their word 4-grams with the paragraph before them
       (:func:`_shared`). The first body paragraph (the story's lead) is never in it.
       The block, with any headline-like line inside or after it, is removed when it has
       at least :data:`TEASER_LEADS_MIN` paragraphs, the paragraph before it continues the
       story, and the article is news copy: its lead opens with a dateline
       (:func:`dateline`). Columns and analyses, which often end on several standalone
       paragraphs, carry no dateline. Without continuation patterns for ``lang`` the rule
       never fires.
    7. Teasers. "Headline-like" lines have at most :data:`HEADLINE_MAX_WORDS` words and
       do not end like a sentence (``. ! : ; ، …``) or start like a list item. After a
       link line that is only the cue (``اقرأ أيضا:``) the headline-like lines that follow
       are removed; between article paragraphs, :data:`TEASER_RUN_MIN` or more
       headline-like lines in a row (removed lines in between do not break the row) are
       a block of links to other stories; after the last sentence-like paragraph, the
       remaining headline-like lines are removed when there are two or more or when a
       link line comes after that paragraph too; a single one is also removed when it
       comes after a chrome, URL or hashtag line (the wrapped end of a contact line).
       Short lines right after a paragraph that ends with a colon (``وكتب شعرا:``) are
       what it announces (verse, a list) and are kept. A single headline-like line
       between paragraphs is a section heading and is kept (kind ``"heading"``).
    8. Dateline: a dateline or byline at the head of the first kept line after the title
       (``دبي (CNN)—``, ``سبق- الوكالات:``, see :func:`dateline`; looked for before rule 6,
       which needs it) is cut off it and removed (reason ``"dateline"``): the outlet is the
       article's source and the place where the copy was filed, neither of them an actor of
       what the paragraph says.

    Examples
    --------
    >>> t = "Title here\\n\\nFirst paragraph of the story.\\nRead more: Other story\\n"
    >>> c = clean(t, "en")
    >>> [t[s.start:s.end] for s in c.paragraphs]
    ['Title here', 'First paragraph of the story.']
    >>> [(t[s.start:s.end], s.reason) for s in c.removed]
    [('Read more: Other story', 'read-also link')]
    """
    cues, conts, prefixes = _split_rules(lang)
    any_cue = _any_rule(lang, CUE_KINDS)
    lines = _split_lines(text)
    cut_prefixes: list[Segment] = []
    for line in lines:
        if prefixes and (cut := _cut_prefix(line, text, prefixes)) is not None:
            cut_prefixes.append(cut)
        line.reason = _structural_reason(line)
        if line.reason is None:
            _match_cue(line, cues, any_cue)
            if line.cue in ("link", "chrome"):
                line.reason = REASONS[line.cue]
            line.continues = _opens_continuation(line.folded, line.n_words, conts)

    title_i = _find_title(lines, text)
    _cut_comment_form(lines, title_i)
    if title_i is not None:
        _remove_repeated_title(lines, title_i)
    _remove_duplicates(lines, title_i)
    _cut_footer(lines, title_i)
    first = next((i for i, line in enumerate(lines) if i != title_i and line.reason is None), None)
    head = dateline(text, Segment(lines[first].start, lines[first].end)) if first is not None else None
    _remove_lead_block(lines, title_i, first if head else None)
    _remove_teasers(lines, title_i)

    title = None
    paragraphs: list[Segment] = []
    removed: list[Segment] = list(cut_prefixes)
    for i, line in enumerate(lines):
        if i == title_i:
            title = Segment(line.start, line.end, "title")
            paragraphs.append(title)
        elif line.reason:
            removed.append(Segment(line.start, line.end, "boilerplate", line.reason))
        else:
            kind = "heading" if line.headline_like else "body"
            start = line.start
            if i == first and head:
                removed.append(Segment(head[0], head[1], "boilerplate", REASONS["dateline"]))
                start = _strip_span(text, head[1], line.end)[0]
            paragraphs.append(Segment(start, line.end, kind))
    removed.sort(key=lambda seg: seg.start)
    return CleanedText(text=text, title=title, paragraphs=paragraphs, removed=removed)


def _find_title(lines: list[_Line], text: str) -> int | None:
    for i, line in enumerate(lines):
        if line.reason is None and line.cue is None:
            more = any(other.reason is None for other in lines[i + 1:])
            return i if more and (line.title_like or _set_off_title(lines, i, text)) else None
    return None


def _set_off_title(lines: list[_Line], i: int, text: str) -> bool:
    """A first line of at most TITLE_SET_OFF_MAX_WORDS words without a full stop, followed
    by a blank line, in a text whose other lines are not separated by blank lines."""
    line = lines[i]
    tail = line.text.rstrip(_CLOSERS + " \t")
    if (i + 1 >= len(lines) or line.n_words > TITLE_SET_OFF_MAX_WORDS
            or (tail.endswith((".", "۔")) and not tail.endswith(("..", "…")))):
        return False

    def breaks(a: _Line, b: _Line) -> int:
        return len(_BREAK.findall(text, a.end, b.start))

    return breaks(line, lines[i + 1]) >= 2 and all(
        breaks(a, b) < 2 for a, b in zip(lines[i + 1:], lines[i + 2:]))


def _cut_comment_form(lines: list[_Line], title_i: int | None) -> None:
    seen_body = False
    for i, line in enumerate(lines):
        if i == title_i:
            continue
        if line.cue == "comment":
            if seen_body:
                for rest in lines[i:]:
                    rest.reason = REASONS["comment"]
                return
            line.reason = REASONS["comment"]
        elif line.reason is None:
            seen_body = True


def _remove_repeated_title(lines: list[_Line], title_i: int) -> None:
    title = lines[title_i].words_key
    for line in lines[title_i + 1:]:
        if line.reason is None and _repeats_title(line.words_key, title):
            line.reason = REASONS["title"]


def _remove_duplicates(lines: list[_Line], title_i: int | None) -> None:
    seen: set[tuple[str, ...]] = set()
    for i, line in enumerate(lines):
        if i == title_i or line.reason is not None or line.n_words < 5:
            continue
        key = line.words_key
        if key in seen:
            line.reason = REASONS["duplicate"]
        seen.add(key)


def _leads_in(line: _Line) -> bool:
    """A paragraph ending with a colon announces what follows (a quoted poem, a list)."""
    return line.text.rstrip(_CLOSERS + " \t").endswith((":", "\uff1a"))


def _cut_footer(lines: list[_Line], title_i: int | None) -> None:
    rules = [i for i, line in enumerate(lines) if _RULE_LINE.match(line.text)]
    if not rules:
        return
    rule = rules[-1]
    if not any(i != title_i and lines[i].reason is None for i in range(rule)):
        return
    rest = [i for i in range(rule + 1, len(lines)) if lines[i].reason is None]
    if len(rest) <= FOOTER_MAX_LINES and all(lines[i].n_words <= FOOTER_MAX_WORDS for i in rest):
        for i in rest:
            lines[i].reason = REASONS["footer"]


def _remove_lead_block(lines: list[_Line], title_i: int | None, dated_lead: int | None) -> None:
    """Rule 6 of :func:`clean`; ``dated_lead`` is the index of the first kept line when it
    opens with a dateline."""
    kept = [i for i, line in enumerate(lines) if i != title_i and line.reason is None]
    paras = [i for i in kept if not lines[i].headline_like]
    k = len(paras)
    grams: dict[int, frozenset[str]] = {}  # line index -> _grams of its text (each line is read twice)

    def grams_of(i: int) -> frozenset[str]:
        if i not in grams:
            grams[i] = _grams(lines[i].text, lines[i].folded)
        return grams[i]

    while k > 1:
        line = lines[paras[k - 1]]
        if (line.continues or line.n_words <= HEADLINE_MAX_WORDS or _BULLET.match(line.text)
                or _shared(grams_of(paras[k - 1]), grams_of(paras[k - 2])) >= TOPIC_SHARE_MAX):
            break
        k -= 1
    block, between = paras[k:], paras[1:k]
    if len(block) < TEASER_LEADS_MIN or not between or not lines[between[-1]].continues:
        return
    if dated_lead is not None and dated_lead == paras[0]:
        for i in kept:
            if i > between[-1]:
                lines[i].reason = REASONS["lead"]


def _remove_teasers(lines: list[_Line], title_i: int | None) -> None:
    teaser = REASONS["teaser"]

    def kept(i: int) -> bool:
        return i != title_i and lines[i].reason is None

    # (a) headlines listed under a cue-only label line ("اقرأ أيضا:", "Related:")
    for i, line in enumerate(lines):
        if line.cue == "link" and line.label_only:
            for nxt in lines[i + 1:]:
                if nxt.reason is not None:
                    continue
                if not nxt.headline_like:
                    break
                nxt.reason = teaser

    sentences = [i for i in range(len(lines)) if kept(i) and not lines[i].headline_like]
    if not sentences:
        return
    first, last = sentences[0], sentences[-1]

    # (b) a run of headline-like lines between article paragraphs
    run: list[int] = []
    opener = first  # the paragraph before the run
    for i in range(first + 1, last + 1):
        if kept(i) and lines[i].headline_like:
            run.append(i)
        elif kept(i):  # a sentence-like paragraph ends the run
            if len(run) >= TEASER_RUN_MIN and not _leads_in(lines[opener]):
                for j in run:
                    lines[j].reason = teaser
            run, opener = [], i

    # (c) short lines left after the last paragraph
    tail = [i for i in range(last + 1, len(lines)) if kept(i)]
    after_link = any(lines[i].cue == "link" for i in range(last + 1, len(lines)))
    if not _leads_in(lines[last]) and (len(tail) >= 2 or (tail and after_link)):
        for i in tail:
            lines[i].reason = teaser
    else:  # a fragment under page furniture (the wrapped end of a contact line)
        furniture = {REASONS[k] for k in ("chrome", "url", "hashtags")}
        for i in tail:
            if any(lines[j].reason in furniture for j in range(last + 1, i)):
                lines[i].reason = teaser


# --------------------------------------------------------------------------- dateline

_DASH = r"(?:\s*[-–—]+\s*|\s+ـ+\s*|\s*ـ+\s+)"
_WORD = r"[^\s\-–—:.،,()«»\"“”]+"
_DATELINE_PATTERNS = (
    # place (outlet) —      دبي، الإمارات العربية المتحدة (CNN)—   WASHINGTON (Reuters) -
    re.compile(r"[^\n.!?؟:()]{0,60}?\w[^\n.!?؟:()]{0,60}?\(\s*[^()\n]{1,30}?\s*\)\s*[-–—ـ]+"),
    # place - outlet:       سبق- الوكالات:   واشنطن - رويترز:   بيروت - «الحياة»:
    re.compile(rf"{_WORD}(?:\s+{_WORD}){{0,2}}{_DASH}[«\"“]?{_WORD}(?:\s+{_WORD}){{0,2}}[»\"”]?\s*:"),
    # PLACE —               LONDON —   MOSCOW, Russia -
    re.compile(r"[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Za-z.' ]{1,30})?\s*[-–—]+"),
)
#: Longest dateline (characters, words before the separator) accepted.
DATELINE_MAX_CHARS = 80
DATELINE_MAX_WORDS = 8


def dateline(text: str, seg: Segment) -> tuple[int, int] | None:
    """Find the dateline/source prefix at the start of a paragraph.

    Parameters
    ----------
    text : str
        The original article text.
    seg : Segment
        A paragraph of ``text`` (normally the first body paragraph).

    Returns
    -------
    tuple of (int, int) or None
        Offsets into ``text`` of the dateline including its separator (``دبي (CNN)—``,
        ``سبق- الوكالات:``, ``واشنطن - رويترز:``, ``WASHINGTON (Reuters) -``), or ``None``.

    Notes
    -----
    Three shapes are recognised: ``place (outlet)`` + dash; ``place - outlet:`` or
    ``outlet - place:`` (up to three words on each side; bylines ``name - outlet:`` too);
    an upper-case English place + dash. The dateline must be at most
    :data:`DATELINE_MAX_CHARS` characters and :data:`DATELINE_MAX_WORDS` words, and text
    must follow it. A paragraph that starts with a digit (a numbered item, a year) or a
    dash (a list item) has no dateline (``1 - أمانة العاصمة:``), and a parenthesis
    followed by a colon introduces a quote (``قالت إدارة الطيران (ناسا):``), not a
    dateline. :func:`clean` cuts the dateline off the first body paragraph (the gold
    treats it as optional, and the outlet is the article's source, not an actor).

    Examples
    --------
    >>> t = "واشنطن - رويترز: قال مسؤولون إن المحادثات انتهت."
    >>> s, e = dateline(t, Segment(0, len(t)))
    >>> t[s:e]
    'واشنطن - رويترز:'
    """
    para = text[seg.start:seg.end]
    lead = para.lstrip()
    if not lead or lead[0].isdigit() or lead[0] in "-–—":
        return None
    for rx in _DATELINE_PATTERNS:
        m = rx.match(para)
        if not m:
            continue
        found = m.group(0).rstrip()
        rest = para[m.end():].strip()
        if (len(found) <= DATELINE_MAX_CHARS and len(found.split()) <= DATELINE_MAX_WORDS
                and any(ch.isalpha() for ch in rest)):
            return seg.start, seg.start + len(found)
    return None
