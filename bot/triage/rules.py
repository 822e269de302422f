"""The clinical safety floor: red flags in a patient's own words that set a minimum urgency.

The triage model classifies a message first; `find_red_flags` then looks for the red flags in
`bot.triage.red_flags`, and `apply_floor` returns the more severe of the model's level and the
flags' levels. The floor can raise the model's answer; it never lowers it.

Matching
    Each rule is a set of word-boundary regular expressions, compiled at import (no I/O at
    import). Curly apostrophes are read as straight ones; that swaps one character for one, so
    every `start`/`end` indexes the original text and `text[start:end] == evidence`. A rule fires
    at most once per message, with its first un-negated match as evidence, and flags come back
    in the order their evidence appears in the text (ties in table order), so the result is
    deterministic. When several triggers of one rule match, the one whose own pattern comes
    first in the text gives the evidence; a combination ("chest pain" + "sweating") reports the
    span from its first matched piece to its last.

Negation (NegEx-style, deliberately narrow)
    A match is dropped only when an explicit negation cue ("no", "not", "never", "without",
    "denies", "don't (have)", "didn't", "haven't (got)", "isn't", "no sign of", "free of",
    "negative for") comes before it in the same clause, at most five words before it,
    and every word in between is filler ("any", "a", "history of", "thoughts of", "had",
    "noticed", ...).
    A clause ends at . ; : , ! ? a new line, or "but", "however", "although", "though",
    "except", "apart from", "other than", "whereas". So:

    * "no chest pain but my arm is numb on one side" still flags a stroke ("but" ends the
      negation's clause);
    * "not only chest pain but also sweating" is not a negation ("not only" is a pseudo-
      negation, like "no doubt", "not sure", "no longer", "can not", and "no" used as an answer
      before a pronoun: "no I have crushing chest pain");
    * "I don't know why my face is drooping" still flags: "know why my" is not filler, so the
      cue may be about something else, and when in doubt we keep the flag;
    * "I've never had a headache like this" is not a negation: "like this", "before", "this
      bad", "in my life" or "until" later in the clause say it is happening now.

    Lists of pertinent negatives, as clinicians and careful writers give them, are the one
    place a cue reaches past a comma: in "No fever, vomiting or neck stiffness" every item is
    negated. Only a list closed by "or" / "nor", with items of at most four words (the red
    flag at most two words into its item: "or sudden loss of vision") and no new cue or
    sentence in between, counts; "no fever, crushing chest pain" still flags.

    Negation inside a match is handled by the patterns themselves: a gap between two words of
    a pattern never crosses a negation, so "my chest is not tight" does not match at all, and
    negations that are part of a symptom ("can't breathe", "won't stop bleeding", "rash that
    doesn't fade") are spelled out in the pattern and so are never read as cues.

Past, resolved and hypothetical mentions are kept
    "I had crushing chest pain last night", "the bleeding wouldn't stop but it has settled now",
    "what if my face starts drooping?" all still flag: telling a resolved symptom from a current
    one needs judgement, a missed red flag costs far more than an extra call back, and the nurse
    sees the evidence. Only explicit negation drops a match.

Context
    Some rules only apply to some patients (pregnancy, diabetes, anticoagulants, babies under
    three months). They apply when either the profile or the message says so, because profiles
    go stale and messages are often written for someone else. No rule fires on profile facts
    alone: the profile says who the patient is, not what is happening now. `RedFlag.start` and
    `end` are -1 when evidence describes a profile fact; no current rule produces one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.triage.levels import PatientContext, TriageLevel, max_level
from bot.triage.red_flags import RULES, RedFlagRule, Trigger

__all__ = ["RULES", "RedFlag", "apply_floor", "find_red_flags"]


@dataclass(frozen=True)
class RedFlag:
    """A red flag found in one message.

    Attributes:
        code: the rule's stable snake_case id, stored with the triage decision.
        label: what the flag means, in words a patient understands.
        level: the minimum triage level this flag forces.
        evidence: the exact text that fired the rule, or a description of a profile fact.
        start: offset of the evidence in the original text; -1 when it is a profile fact.
        end: offset just past the evidence; -1 when it is a profile fact.
    """

    code: str
    label: str
    level: TriageLevel
    evidence: str
    start: int
    end: int


def find_red_flags(text: str, context: PatientContext) -> list[RedFlag]:
    """Find every red flag in a patient's message, at most one per rule, in text order."""
    matcher = _Matcher(text)
    found: list[tuple[int, int, RedFlag]] = []
    for order, rule in enumerate(RULES):
        if not _applies(rule, context, matcher):
            continue
        span = _first_trigger_span(rule.triggers, matcher)
        if span is None:
            continue
        start, end = span
        flag = RedFlag(rule.code, rule.label, rule.level, text[start:end], start, end)
        found.append((start if start >= 0 else len(text), order, flag))
    return [flag for _, _, flag in sorted(found, key=lambda item: item[:2])]


def apply_floor(level: TriageLevel, flags: list[RedFlag]) -> TriageLevel:
    """The more severe of `level` and every flag's level: the floor raises, never lowers."""
    return max_level(level, *(flag.level for flag in flags))


def _applies(rule: RedFlagRule, context: PatientContext, matcher: _Matcher) -> bool:
    if rule.applies_if_context is None and rule.applies_if_text is None:
        return True
    if rule.applies_if_context is not None and rule.applies_if_context(context):
        return True
    return rule.applies_if_text is not None and matcher.first(rule.applies_if_text) is not None


def _first_trigger_span(triggers: tuple[Trigger, ...], matcher: _Matcher) -> tuple[int, int] | None:
    """The evidence span of the trigger whose own pattern matched first (on a tie, the shorter
    span), so "crushing chest pain" beats "chest pain ... sweating" as evidence for one rule."""
    best: tuple[tuple[int, int], tuple[int, int]] | None = None
    for trigger in triggers:
        anchor = matcher.first(trigger.pattern)
        others = [matcher.first(pattern) for pattern in trigger.with_all]
        if anchor is None or None in others:
            continue
        spans = [anchor, *(span for span in others if span is not None)]
        span = (min(start for start, _ in spans), max(end for _, end in spans))
        key = (anchor[0], span[1] - span[0])
        if best is None or key < best[0]:
            best = (key, span)
    return best[1] if best else None


class _Matcher:
    """One message, with each pattern's first un-negated match remembered (rules share some)."""

    def __init__(self, text: str) -> None:
        self.text = text.translate(_STRAIGHT_APOSTROPHES)
        self._first: dict[re.Pattern[str], tuple[int, int] | None] = {}

    def first(self, pattern: re.Pattern[str]) -> tuple[int, int] | None:
        if pattern not in self._first:
            self._first[pattern] = next(
                (
                    match.span()
                    for match in pattern.finditer(self.text)
                    if not _is_negated(self.text, match.start(), match.end())
                ),
                None,
            )
        return self._first[pattern]


_STRAIGHT_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})

# --- Negation ----------------------------------------------------------------------------------
_MAX_WORDS_BETWEEN = 5
# How far back to look for the start of a clause; no clause in a chat message is longer.
_CLAUSE_LOOKBACK = 300

_CLAUSE_BOUNDARY = re.compile(
    r"[.;:,!?\n]|(?<![\w'])(?:but|however|although|though|except|whereas|apart\s+from"
    r"|other\s+than)(?![\w'])",
    re.IGNORECASE,
)
# Longer cues first, so "don't have" is one cue and the words are counted after "have".
_NEGATION_CUE = re.compile(
    r"""(?<![\w'])(?:
        no\s+(?:signs?|evidence|history|symptoms?)\s+of
      | free\s+(?:of|from) | negative\s+for | absence\s+of
      | (?:do|does|did)(?:\s+not|n'?t)(?:\s+(?:have|has|had|get|got|experience|suffer(?:\s+from)?))?
      | (?:have|has|had)(?:\s+not|n'?t)(?:\s+(?:got|had|been|experienced))?
      | (?:is|are|was|were|ai)(?:\s+not|n'?t)
      | den(?:y|ies|ied|ying)
      | without | never | none | neither | nor | no | not
    )(?![\w'])""",
    re.IGNORECASE | re.VERBOSE,
)
# Phrases that contain a cue word but do not deny anything.
_PSEUDO_NEGATION = re.compile(
    r"""(?<![\w'])(?:
        not\s+(?:only|just|sure|certain|really\s+sure)
      | no\s+(?:doubt|idea|longer|matter|one|better|change|improvement|relief)
      | no-one | oh\s+no
      | (?:can|could|will|would|should|must|may|might)\s+not
      | no(?=\s+(?:i|i'm|im|i've|ive|it|it's|its|he|he's|she|she's|they|they're|we|my|his|her
                  |our|their|the|this|that|there|you|your)(?![\w']))
    )(?![\w'])""",
    re.IGNORECASE | re.VERBOSE,
)
# Later in the clause, these say the symptom is present now: "never had pain like this".
_REAFFIRMED = re.compile(
    r"(?<![\w'])(?:before|like\s+(?:this|it|that)|this\s+(?:bad|severe|painful|intense|strong)"
    r"|so\s+bad|in\s+my\s+life|until|till|til)(?![\w'])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")
# Words that may sit between a cue and what it negates: "no [history of] seizures".
_FILLER_WORDS = frozenset().union(
    ("a", "an", "the", "any", "some", "my", "his", "her", "their", "your", "our", "its"),
    ("this", "that", "these", "those", "of", "in", "on", "at", "to", "with", "from", "for"),
    ("i", "i'm", "im", "i've", "ive", "he", "she", "he's", "she's", "they", "it", "it's", "we"),
    ("you", "is", "are", "was", "were", "am", "be", "been", "being", "currently", "now", "today"),
    ("have", "has", "had", "having", "got", "get", "getting", "gotten"),
    ("take", "took", "taken", "taking", "experience", "experienced", "experiencing"),
    ("suffer", "suffered", "suffering", "anymore", "ever", "even", "all"),
    ("really", "much", "more", "further", "other", "obvious", "actual", "real", "new"),
    ("significant", "major", "serious", "sign", "signs", "symptom", "symptoms", "history"),
    ("evidence", "episode", "episodes", "complaint", "complaints", "problem", "problems"),
    ("issue", "issues", "trouble", "difficulty"),
    # "has not noticed any chest pain", "has not reported any bleeding"
    ("noticed", "notice", "noticing", "seen", "observed", "reported", "mentioned"),
    # "no thoughts of harming myself", "not going to end it all"
    ("thought", "thoughts", "plan", "plans", "intention", "intentions", "intent", "urge"),
    ("urges", "wish", "desire", "idea", "ideas", "going", "gonna"),
)


def _is_negated(text: str, start: int, end: int) -> bool:
    """Whether the match text[start:end] is explicitly negated (see the module docstring)."""
    window_start = max(0, start - _CLAUSE_LOOKBACK)
    clause_start = window_start
    for boundary in _CLAUSE_BOUNDARY.finditer(text, window_start, start):
        clause_start = boundary.end()
    # Pseudo-negations may run into the match itself: "no he's fitting".
    pseudo = [match.span() for match in _PSEUDO_NEGATION.finditer(text, clause_start, end)]
    for cue in _NEGATION_CUE.finditer(text, clause_start, start):
        if any(pseudo_start <= cue.start() < pseudo_end for pseudo_start, pseudo_end in pseudo):
            continue
        between = _WORD.findall(text, cue.end(), start)
        if len(between) <= _MAX_WORDS_BETWEEN and all(
            word.lower() in _FILLER_WORDS for word in between
        ):
            return not _reaffirmed_after(text, end)
    return _in_negated_list(text, start, end)


# A list of pertinent negatives, as clinicians write them: "No fever, vomiting or neck
# stiffness", "She denies chest pain, sweating, or breathlessness". The cue's scope runs over
# the list only when the list is closed by "or" / "nor", and every item is short; "no fever,
# crushing chest pain" (no "or") or "no fever and chest pain" still flag, because a comma or
# "and" in a chat message as often starts a new statement.
_SENTENCE_BOUNDARY = re.compile(
    r"[.;:!?\n]|(?<![\w'])(?:but|however|although|though|except|whereas|apart\s+from"
    r"|other\s+than)(?![\w'])",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:or|nor)\s+)?|\s+(?:or|nor)\s+", re.IGNORECASE)
_LIST_CLOSER = re.compile(r"(?:,\s*|\s+)(?:or|nor)\s+", re.IGNORECASE)
_MAX_LIST_ITEM_WORDS = 4
_MAX_LIST_ITEMS = 8
# Articles, possessives and place words do not make an item a statement: "numbness in the
# saddle area" is as much a list entry as "saddle numbness".
_ITEM_FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "in", "on", "of", "around", "at", "to", "my", "his", "her", "their", "your")
)


def _item_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if word.lower() not in _ITEM_FUNCTION_WORDS]


def _in_negated_list(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is an item of a negated "A, B or C" list (see above)."""
    window_start = max(0, start - _CLAUSE_LOOKBACK)
    sentence_start = window_start
    for boundary in _SENTENCE_BOUNDARY.finditer(text, window_start, start):
        sentence_start = boundary.end()
    closing = _SENTENCE_BOUNDARY.search(text, end, end + _CLAUSE_LOOKBACK)
    sentence_end = closing.start() if closing else min(len(text), end + _CLAUSE_LOOKBACK)
    pseudo = [m.span() for m in _PSEUDO_NEGATION.finditer(text, sentence_start, end)]
    for cue in _NEGATION_CUE.finditer(text, sentence_start, start):
        if any(low <= cue.start() < high for low, high in pseudo):
            continue
        before = text[cue.end() : start]
        separators = list(_LIST_SEPARATOR.finditer(before))
        # The match opens an item, or follows at most two words of it: "or [thoughts of]
        # self-harm", "or [sudden] loss of vision" (the whole item stays within four words).
        if not separators:
            continue
        lead_in = before[separators[-1].end() :]
        if len(_WORD.findall(lead_in)) > 2 or _NEGATION_CUE.search(lead_in):
            continue
        items = [before[: separators[0].start()]]
        items += [before[a.end() : b.start()] for a, b in itertools.pairwise(separators)]
        first = _WORD.findall(items[0])
        leading = 0
        while leading < len(first) and first[leading].lower() in _FILLER_WORDS:
            leading += 1  # "denies any fever, ..."
        words = [
            [w for w in first[leading:] if w.lower() not in _ITEM_FUNCTION_WORDS],
            *(_item_words(item) for item in items[1:]),
        ]
        if len(words) >= _MAX_LIST_ITEMS or any(
            not 1 <= len(item) <= _MAX_LIST_ITEM_WORDS for item in words
        ):
            continue
        if any(_NEGATION_CUE.search(item) for item in items):
            continue  # "no fever, not eating or ..." is two statements
        after = text[end:sentence_end]
        closed = any(s.group().strip(" ,").lower() in ("or", "nor") for s in separators)
        if not closed:
            # The list may close after the match: "no fever, [match], or rash".
            tail_items = _LIST_SEPARATOR.split(after)
            closer = _LIST_CLOSER.search(after)
            closed = closer is not None and all(
                len(_item_words(item)) <= _MAX_LIST_ITEM_WORDS for item in tail_items
            )
        own_item = lead_in + text[start:end] + _LIST_SEPARATOR.split(after, maxsplit=1)[0]
        if closed and len(_item_words(own_item)) <= _MAX_LIST_ITEM_WORDS:
            return True
    return False


def _reaffirmed_after(text: str, end: int) -> bool:
    boundary = _CLAUSE_BOUNDARY.search(text, end, end + _CLAUSE_LOOKBACK)
    clause_end = boundary.start() if boundary else min(len(text), end + _CLAUSE_LOOKBACK)
    return _REAFFIRMED.search(text, end, clause_end) is not None
