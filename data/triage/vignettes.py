"""Compose long clinician-style vignettes from the vignette scenario table.

The templated messages (`templating.py`) are short: a patient, a relative or clinic staff writing
a line or two. Case write-ups read differently: third person, a history with pertinent
negatives, past history and medicines, then examination findings and observations, often 60 to
150 words. A model trained only on short messages meets those as a new register; this module
writes them, from `scenarios/vignette_*.py`, so the classifier sees both.

A vignette scenario is a dict:

    id         prefixed by level as elsewhere (amb_, em_, urg_, rou_, sc_) plus "v_"
    level      one of LEVELS
    age        (min, max) years (fractions for babies); sex "female" | "male" | None
    gest       optional (min, max) weeks of pregnancy
    heldout    True: the scenario is written only into vignette_validation.jsonl, never train
    complaint  noun phrases: "central crushing chest pain"
    onset      phrases that follow the complaint: "for 40 minutes", "that began this morning"
    history    sentences, 1 to 3 of which are used, in order; {He} {he} {his} {him} {His}
    negatives  pertinent negatives as noun phrases; 2 to 4 are listed
    exam       examination sentences, vitals first; used in most vignettes
    pmh        optional past-history choices: "" or {"t": text, "cond": [...], "med": [...]}
    why        the clinical reasoning for the level (NHS 111 / NICE CKS style)

Every random choice comes from the `random.Random` passed in. Standard library only.
"""

from __future__ import annotations

import random

PRONOUNS = {
    "male": {"He": "He", "he": "he", "his": "his", "him": "him", "His": "His"},
    "female": {"He": "She", "he": "she", "his": "her", "him": "her", "His": "Her"},
}

BACKGROUND = [
    {"t": "well-controlled hypertension on amlodipine", "cond": ["high blood pressure"], "med": ["amlodipine"]},
    {"t": "hypothyroidism on levothyroxine", "cond": ["hypothyroidism"], "med": ["levothyroxine"]},
    {"t": "high cholesterol on atorvastatin", "cond": ["high cholesterol"], "med": ["atorvastatin"]},
    {"t": "mild asthma, using a salbutamol inhaler rarely", "cond": ["asthma"], "med": ["salbutamol inhaler"]},
]

OPENERS = ["", "", "", "", "Case: ", "Vignette: ", "Triage request. ", "Clinical summary: "]
CLOSERS = [
    "",
    "",
    "",
    "What is the appropriate level of care?",
    "How urgently should {he} be seen?",
    "Where should {he} be seen, and how soon?",
    "Please advise on disposition.",
    "What should {he} do?",
]
NEGATION_FORMS = [
    "{He} denies {list}.",
    "There is no {list}.",
    "No {list}.",
    "{He} reports no {list}.",
    "{He} has not noticed any {list}.",
    "Negatives: no {list}.",
]
EXAM_PREFIXES = ["On examination, ", "Examination: ", "O/E: ", "Observations and examination: ", ""]


def describe_age(years: float) -> tuple[str, str]:
    """("6-week-old", "6 weeks") style descriptions of an age."""
    if years < 0.25:
        weeks = max(1, round(years * 52.18))
        return f"{weeks}-week-old", f"{weeks} weeks"
    if years < 2:
        months = max(1, round(years * 12))
        return f"{months}-month-old", f"{months} months"
    return f"{int(years)}-year-old", f"{int(years)}"


def indefinite(age_adj: str) -> str:
    """"a" or "an" before an age: "an 8-year-old", "an 11-month-old", "a 6-week-old"."""
    spoken_vowel = age_adj.startswith("8") or age_adj.split("-")[0] in ("11", "18")
    return "an" if spoken_vowel else "a"


def noun_for(years: float, sex: str) -> str:
    if years < 1:
        return "baby boy" if sex == "male" else "baby girl"
    if years < 16:
        return "boy" if sex == "male" else "girl"
    return "man" if sex == "male" else "woman"


def join_list(items: list[str], rng: random.Random) -> str:
    if len(items) == 1:
        return items[0]
    last = rng.choice([" or ", ", or "])
    return ", ".join(items[:-1]) + last + items[-1]


def sample_subset(items: list, low: int, high: int, rng: random.Random) -> list:
    """Between `low` and `high` items, kept in their written order."""
    if not items:
        return []
    k = rng.randint(min(low, len(items)), min(high, len(items)))
    chosen = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in chosen]


def fill(text: str, words: dict[str, str]) -> str:
    for key, value in words.items():
        text = text.replace("{" + key + "}", value)
    return text


def compose(sc: dict, rng: random.Random) -> tuple[str, dict]:
    """One vignette for `sc`: its text and the record's patient fields."""
    low, high = sc["age"]
    years = round(rng.uniform(low, high), 3) if high < 2 else float(rng.randint(int(low), int(high)))
    sex = sc.get("sex") or rng.choice(["female", "male"])
    pregnant = "gest" in sc
    weeks = rng.randint(*sc["gest"]) if pregnant else 0
    words = dict(PRONOUNS[sex])
    age_adj, age_short = describe_age(years)
    a = indefinite(age_adj)
    noun = noun_for(years, sex)
    conditions = list(sc.get("cond", []))
    medications = list(sc.get("med", []))

    pmh_text = ""
    pmh_choice = rng.choice(sc.get("pmh", [""]))
    if isinstance(pmh_choice, dict):
        pmh_text = pmh_choice["t"]
        conditions += pmh_choice.get("cond", [])
        medications += pmh_choice.get("med", [])
    elif pmh_choice:
        pmh_text = pmh_choice
    elif years >= 30 and sc.get("bg", True) and rng.random() < 0.2:
        extra = rng.choice(BACKGROUND)
        pmh_text = extra["t"]
        conditions += extra["cond"]
        medications += extra["med"]

    complaint = fill(rng.choice(sc["complaint"]), words)
    onset = fill(rng.choice(sc["onset"]), words)
    history = [fill(s, words) for s in sample_subset(sc["history"], 1, 3, rng)]
    negatives = [fill(s, words) for s in sample_subset(sc["negatives"], 2, 4, rng)]
    exam = [fill(s, words) for s in sample_subset(sc["exam"], 1, 4, rng)]
    preg = f", who is {weeks} weeks pregnant," if pregnant else ""

    style = rng.choice(["narrative", "narrative", "terse", "structured", "relative", "question"])
    if style == "relative" and (years < 16 or pregnant):
        style = "narrative"
    parent = rng.choice(["mother", "father", "parents"])
    if style == "narrative":
        if years < 16:
            opening = f"{a.capitalize()} {age_adj} {noun} is brought in by {words['his']} {parent} with {complaint} {onset}."
        else:
            verb = rng.choice(["presents with", "reports", "complains of", "describes"])
            opening = f"{a.capitalize()} {age_adj} {noun}{preg} {verb} {complaint} {onset}."
    elif style == "terse":
        sex_word = "M" if sex == "male" else "F"
        sex_word = rng.choice([sex_word, sex, f"{age_short}{sex_word}"])
        if sex_word[0].isdigit():
            sex_word = sex_word[-1]  # "54M" is written below; a baby's "9 monthsF" is not
        if sex_word in ("M", "F") and years >= 2:
            head = f"{age_short}{sex_word}"  # "54M"
        else:
            head = f"{age_adj} {sex_word}"  # "54-year-old male", "9-month-old F"
        gest = f", {weeks}/40" if pregnant else ""
        opening = f"{head}{gest} with {complaint} {onset}."
    elif style == "structured":
        gest = f", {weeks} weeks pregnant" if pregnant else ""
        opening = f"Patient: {age_adj} {noun}{gest}. Presenting complaint: {complaint} {onset}. History:"
    elif style == "relative":
        rel = {
            ("male", True): rng.choice(["husband", "father", "dad", "partner"]),
            ("female", True): rng.choice(["wife", "mother", "mum", "partner"]),
            ("male", False): rng.choice(["husband", "son", "brother", "partner", "flatmate"]),
            ("female", False): rng.choice(["wife", "daughter", "sister", "partner", "flatmate"]),
        }[(sex, years >= 60)]
        opening = f"My {rel}, who is {age_short}, has had {complaint} {onset}."
    else:
        opening = f"You are asked to advise about {a} {age_adj} {noun}{preg} who has {complaint} {onset}."

    parts = [rng.choice(OPENERS) + opening, *history]
    negation = rng.choice(NEGATION_FORMS)
    if years < 4 and negation.startswith(("{He} denies", "{He} reports", "{He} has not noticed")):
        negation = "There is no {list}."  # a baby or toddler denies nothing; the parents report
    parts.append(fill(negation, words).replace("{list}", join_list(negatives, rng)))
    if pmh_text:
        parts.append(rng.choice([f"{words['He']} has a history of {pmh_text}.", f"PMH: {pmh_text}.", f"Background of {pmh_text}."]))
    elif rng.random() < 0.4:
        healthy = rng.choice(["No significant past medical history.", "Otherwise fit and well.", f"{words['He']} takes no regular medication."])
        # A scenario's own conditions (known asthma, colitis...) are on the record: say so
        # rather than call the patient fit and well. The choice above is still drawn so that
        # every later random choice, and so every other vignette, stays as it was.
        if sc.get("cond"):
            healthy = f"{words['He']} has a history of {' and '.join(sc['cond'])}."
        elif sc.get("med"):
            healthy = f"{words['He']} takes {' and '.join(sc['med'])}."
        parts.append(healthy)
    if style != "relative" and rng.random() < 0.8:
        prefix = rng.choice(EXAM_PREFIXES)
        first = exam[0]
        if prefix == "On examination, " and not first[1:2].isupper():
            first = first[0].lower() + first[1:]
        parts.append(prefix + " ".join([first, *exam[1:]]))
    closer = rng.choice(CLOSERS)
    closer = fill(closer.replace("{he} do", "the family do") if years < 12 else closer, words)
    if closer:
        parts.append(closer)
    text = " ".join(p.strip() for p in parts if p.strip())
    record = {
        "age": years,
        "sex": sex,
        "pregnant": pregnant,
        "conditions": sorted(set(conditions), key=conditions.index),
        "medications": sorted(set(medications), key=medications.index),
    }
    return text, record
