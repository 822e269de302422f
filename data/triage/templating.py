"""Turn one scenario into one patient message: sample the patient, fill the slots, add typos.

Everything here takes its randomness from the `random.Random` it is given, so the caller decides
reproducibility. Scenario format: see scenarios/__init__.py.
"""

from __future__ import annotations

import random
import re

# Slots every scenario can use; a scenario's own `slots` override these.
GLOBAL_SLOTS: dict[str, list] = {
    "hi": [
        "",
        "",
        "",
        "",
        "Hi, ",
        "Hi ",
        "hi, ",
        "Hello, ",
        "Hello. ",
        "Hiya, ",
        "Morning, ",
        "Good evening, ",
        "Hi there, ",
        "hey, ",
        "Sorry to bother you, ",
        "Please help, ",
    ],
    "q": [
        "",
        "",
        "",
        "What should I do?",
        "what should i do",
        "Is this serious?",
        "Do I need to be seen?",
        "Should I be worried?",
        "Can someone advise?",
        "Any advice please.",
        "Not sure what to do.",
        "What do you recommend?",
        "Thanks.",
        "Please advise.",
        "Do I need an appointment?",
        "I'm really worried.",
    ],
    # Openers and closers for messages sent in a panic; some people in real danger still play it down.
    "hu": [
        "",
        "",
        "",
        "Please help, ",
        "Help ",
        "URGENT ",
        "Hi, ",
        "please help ",
        "Someone please reply, ",
        "Sorry to bother you, ",
        "Hello, ",
    ],
    "qu": [
        "",
        "",
        "What do I do?",
        "What do I do??",
        "Please tell me what to do",
        "Is this serious?",
        "What should I do",
        "Please reply quickly.",
        "I'm scared.",
        "Should I be worried?",
    ],
    # Closers clinic staff put on a relayed call; shared by every level so they never give it away.
    "sq": [
        "",
        "",
        "",
        "",
        "Pls advise.",
        "Advice please.",
        "Please triage.",
        "Pls call back.",
        "For duty doctor.",
        "Disposition?",
        "Caller waiting.",
        "Dr to review pls.",
        "Pt asking what to do.",
    ],
}

# Unrelated long-term conditions sometimes present on a record; they never change the level.
BACKGROUND = [
    ("high blood pressure", "amlodipine", 35),
    ("hypothyroidism", "levothyroxine", 25),
    ("high cholesterol", "atorvastatin", 40),
    ("osteoarthritis", "paracetamol", 55),
]
RELATIONS = [  # (word, sex, min age, max age)
    ("mum", "female", 45, 99),
    ("dad", "male", 45, 99),
    ("nan", "female", 68, 99),
    ("grandad", "male", 68, 99),
    ("husband", "male", 20, 99),
    ("wife", "female", 20, 99),
    ("partner", None, 20, 99),
    ("brother", "male", 18, 75),
    ("sister", "female", 18, 75),
]
PRONOUNS = {
    "male": {
        "he": "he",
        "him": "him",
        "his": "his",
        "hes": "he's",
        "son": "son",
        "boy": "boy",
        "man": "man",
    },
    "female": {
        "he": "she",
        "him": "her",
        "his": "her",
        "hes": "she's",
        "son": "daughter",
        "boy": "girl",
        "man": "woman",
    },
}
# Who a carer, friend, neighbour or relative writes about: (how they name them, sex, min age, max age).
CARER_ADULTS = [
    ("my husband", "male", 20, 99),
    ("my wife", "female", 20, 99),
    ("my partner", None, 18, 99),
    ("my boyfriend", "male", 16, 50),
    ("my girlfriend", "female", 16, 50),
    ("my mum", "female", 40, 99),
    ("my dad", "male", 40, 99),
    ("my mother-in-law", "female", 50, 99),
    ("my father-in-law", "male", 50, 99),
    ("my nan", "female", 68, 99),
    ("my grandad", "male", 68, 99),
    ("my son", "male", 18, 70),
    ("my daughter", "female", 18, 70),
    ("my brother", "male", 16, 80),
    ("my sister", "female", 16, 80),
    ("my friend", None, 16, 90),
    ("my flatmate", None, 18, 40),
    ("my housemate", None, 18, 45),
    ("my neighbour", None, 30, 99),
    ("my colleague", None, 20, 67),
    ("the lady I care for", "female", 60, 99),
    ("the gentleman I care for", "male", 60, 99),
    ("one of our residents", None, 70, 99),
    ("a resident at our care home", None, 70, 99),
]
CARER_CHILDREN = [
    ("my grandson", "male", 2, 15),
    ("my granddaughter", "female", 2, 15),
    ("my nephew", "male", 2, 15),
    ("my niece", "female", 2, 15),
    ("my stepson", "male", 2, 15),
    ("my stepdaughter", "female", 2, 15),
    ("the little boy I childmind", "male", 2, 7),
    ("the little girl I childmind", "female", 2, 7),
]
TOKEN = re.compile(r"\{(\w+)\}")
# {iam} before "I ..."/"my ..." can run on ("I'm 54 and my chest"); before anything else it must end a sentence.
IAM_CLAUSE = re.compile(r"\{(iam|iam_age)\}(?=I\b|I'|my\b|there\b|the\b|this\b|one\b|it\b)")
IAM_SENTENCE = re.compile(r"\{(iam|iam_age)\}")


class ScenarioError(ValueError):
    """A scenario in the table is malformed; the message names it and what to fix."""


# --------------------------------------------------------------------------- patient context


def sample_patient(sc: dict, rng: random.Random) -> tuple[dict, dict[str, str]]:
    """Pick the patient's age, sex and pregnancy, and the words that name them in the text."""
    who = sc["who"]
    sex = (
        "female"
        if who == "pregnant" or "gest" in sc
        else sc.get("sex") or rng.choice(["female", "male"])
    )
    words: dict[str, str] = {}
    if who == "infant":
        age = infant_words(sc, rng, words)
    elif who == "child":
        age = child_words(sc, rng, words)
    elif who == "relative":
        age, sex = relative_words(sc, rng, words)
    elif who == "carer":
        age, sex = carer_words(sc, rng, words)
    elif who == "staff":
        age = staff_words(sc, sex, rng, words)
    else:
        lo, hi = sc.get("age", (17, 44) if who == "pregnant" else (18, 75))
        age = float(rng.randint(lo, hi))
    self_words(age, sex, rng, words)
    pregnant = who == "pregnant" or "gest" in sc
    if who == "pregnant":
        gw = rng.randint(*sc["gest"])
        words["preg"] = rng.choice(
            [
                f"I'm {gw} weeks pregnant",
                f"I'm pregnant ({gw} weeks)",
                f"I'm {gw}+{rng.randint(0, 6)} weeks pregnant",
                f"I'm {gw} weeks pregnant",
                f"I'm {gw} weeks along",
                f"I'm about {gw} weeks pregnant",
            ]
        )
    elif pregnant:  # a carer or clinic staff writing about a pregnant woman
        gw = rng.randint(*sc["gest"])
        words["gest"] = rng.choice(
            [
                f"{gw}/40",
                f"{gw}+{rng.randint(0, 6)}/40",
                f"{gw}/40 pregnant",
                f"{gw} wks pregnant",
                f"G{rng.randint(2, 4)}P1 {gw}/40",
            ]
        )
    if pregnant:
        words["gw"] = str(gw)
    patient = {
        "age": age,
        "sex": sex,
        "pregnant": pregnant,
        "conditions": list(sc.get("cond", [])),
        "medications": list(sc.get("med", [])),
    }
    if sc.get("bg", who in ("adult", "relative", "carer", "staff") and not pregnant) and (
        rng.random() < 0.25
    ):
        cond, med, min_age = rng.choice(BACKGROUND)
        if age >= min_age and cond not in patient["conditions"]:
            patient["conditions"].append(cond)
            patient["medications"].append(med)
    return patient, words


def infant_words(sc: dict, rng: random.Random, words: dict[str, str]) -> float:
    """A baby named by days, weeks or whole months, never rounded up past the scenario's limit."""
    wlo, whi = sc["weeks"]
    days = rng.randint(max(3, wlo * 7), whi * 7 + 6)
    weeks, months = days // 7, int(days / 30.44)
    if weeks < 1:
        span = f"{days} day"
    elif weeks < 9 or (weeks < 13 and rng.random() < 0.6):
        span = f"{weeks} week"
    else:
        span = f"{months} month"
    spans = span if span.startswith("1 ") else span + "s"
    words["baby"] = rng.choice(
        [
            f"my {span} old",
            f"my {span} old baby",
            f"our {span} old {{son}}",
            f"my baby ({spans} old)",
            f"my {span} old {{son}}",
            f"my baby {{boy}}, {{he}}'s {spans} old,",
        ]
    )
    return round(days / 365.25, 3)


def child_words(sc: dict, rng: random.Random, words: dict[str, str]) -> float:
    """A child named by months under two, by years after."""
    lo, hi = sc["age"]
    months = rng.randint(max(3, round(lo * 12)), round(hi * 12) + 11)
    if months < 24:
        words["child"] = rng.choice(
            [
                f"my {months} month old",
                f"my {months} month old {{son}}",
                f"our {months} month old",
                f"my {{son}} ({months} months)",
                f"my little {{boy}}, {{he}}'s {months} months,",
            ]
        )
        return round(months / 12, 2)
    years = months // 12
    options = [
        f"my {years} year old",
        f"my {years} year old {{son}}",
        f"my {{son}} ({years})",
        f"my {{son}}, who is {years},",
        f"our {years} year old {{son}}",
    ]
    if years <= 8:
        options += [f"my {years}yo", f"my little {{boy}} ({years})", f"my {years} yr old"]
    if years >= 13:
        options += [f"my teenage {{son}}, {{he}}'s {years},", f"my {years} year old"]
    words["child"] = rng.choice(options)
    return float(years)


def relative_words(sc: dict, rng: random.Random, words: dict[str, str]) -> tuple[float, str]:
    """An adult family member whose relation fits their age ("my nan" is never 30)."""
    lo, hi = sc.get("age", (18, 75))
    age = float(rng.randint(lo, hi))
    fits = [
        r
        for r in RELATIONS
        if r[2] <= age <= r[3] and (not sc.get("sex") or r[1] in (None, sc["sex"]))
    ]
    word, rel_sex, _, _ = rng.choice(fits)
    sex = rel_sex or sc.get("sex") or rng.choice(["female", "male"])
    n = int(age)
    words["rel"] = f"my {word}"
    words["rel_intro"] = rng.choice(
        [
            f"my {word}, who's {n},",
            f"my {n} year old {word}",
            f"my {word} ({n})",
            f"my {word}, {n},",
            f"my {word} who is {n}",
        ]
    )
    return age, sex


def carer_words(sc: dict, rng: random.Random, words: dict[str, str]) -> tuple[float, str]:
    """Someone a carer, friend, neighbour or relative writes about, named to fit their age."""
    lo, hi = sc.get("age", (17, 44) if "gest" in sc else (18, 90))
    age = float(rng.randint(lo, hi))
    want = "female" if "gest" in sc else sc.get("sex")
    table = CARER_CHILDREN if age < 16 else CARER_ADULTS
    fits = [r for r in table if r[2] <= age <= r[3] and (not want or r[1] in (None, want))]
    if not fits:
        raise ScenarioError(f"{sc['id']}: nobody in the carer tables fits age {age:g}")
    name, rel_sex, _, _ = rng.choice(fits)
    sex = rel_sex or want or rng.choice(["female", "male"])
    n = int(age)
    forms = [f"{name} ({n})", f"{name}, who's {n},", f"{name}, {n},", f"{name} who is {n}"]
    if name.startswith("my "):
        forms.append(f"my {n} year old {name[3:]}")
    words["rel"] = name
    words["someone"] = rng.choice(forms)
    # {subj} only ever opens a clause before a verb, so "my husband is 67 and" can read on.
    # Listed twice so about a third of carers write it that way.
    words["subj"] = rng.choice([*forms, f"{name} is {n} and", f"{name} is {n} and"])
    return age, sex


def staff_words(sc: dict, sex: str, rng: random.Random, words: dict[str, str]) -> float:
    """A patient as clinic staff write them up from a phone call: "45M", "6 y/o F", "6/52 M"."""
    mf = "F" if sex == "female" else "M"
    if "weeks" in sc:
        wlo, whi = sc["weeks"]
        days = rng.randint(max(3, wlo * 7), whi * 7 + 6)
        weeks, months = days // 7, int(days / 30.44)
        boy = "girl" if sex == "female" else "boy"
        span = (
            rng.choice([f"{weeks}/52", f"{weeks} wk old", f"{weeks}/52 old"])
            if weeks < 13
            else rng.choice([f"{months}/12", f"{months} mo", f"{months}m old"])
        )
        words["pt"] = rng.choice([f"{span} {mf}", f"{span} baby {boy}", f"baby {mf} {span}"])
        age = round(days / 365.25, 3)
        callers = ["Mum called re ", "Dad called re ", "Call from mum: ", "Parent on phone re "]
    else:
        lo, hi = sc.get("age", (17, 44) if "gest" in sc else (18, 80))
        n = rng.randint(lo, hi)
        age = float(n)
        if n < 16:
            kid = "girl" if sex == "female" else "boy"
            words["pt"] = rng.choice(
                [f"{n} y/o {mf}", f"{n}yo {kid}", f"{n}{mf}", f"{n} yr old {kid}", f"{n}y {mf}"]
            )
            callers = ["Mum called re ", "Dad called re ", "Call from mum: ", "Parent on phone re "]
        else:
            full = "female" if sex == "female" else "male"
            words["pt"] = rng.choice(
                [
                    f"{n}{mf}",
                    f"{n} {mf}",
                    f"{n} y/o {mf}",
                    f"{n}yo {mf}",
                    f"{mf} {n}",
                    f"{n} yr old {full}",
                ]
            )
            callers = ["Pt called: ", "Pt phoned - ", "Tel call, ", "Call from partner re "]
            if n >= 65 and "gest" not in sc:
                callers += ["Daughter called re ", "Son phoned re ", "Carer called re "]
    words["via"] = rng.choice(
        ["", "", "", "", "Phone triage: ", "Relayed call: ", "Reception msg: ", *callers]
    )
    return age


def self_words(age: float, sex: str, rng: random.Random, words: dict[str, str]) -> None:
    """Pronouns, and the optional "I'm 54 and ..." a writer may open with."""
    pronouns = PRONOUNS[sex]
    words.update(pronouns)
    words.update(
        {
            k[0].upper() + k[1:]: v[0].upper() + v[1:]
            for k, v in pronouns.items()
            if k in ("he", "his", "hes")
        }
    )
    if age < 18:
        words["man"] = "boy" if sex == "male" else "girl"
    n = int(age)
    words["age"] = str(n)
    words["mf"] = "F" if sex == "female" else "M"
    a = "an" if str(n).startswith("8") or n in (11, 18) else "a"
    # "_c" forms lead into a clause ("I'm 54 and my chest..."), "_s" forms stand alone.
    words["iam_c"] = rng.choice(
        [
            "",
            "",
            "",
            "",
            f"I'm {n} and ",
            f"I'm {n}, ",
            f"I'm {a} {n} year old {{man}} and ",
            f"{n}{{mf}} here. ",
            f"{n} year old {{man}} here, ",
            f"I'm {n}. ",
        ]
    )
    words["iam_s"] = rng.choice(
        [
            "",
            "",
            "",
            "",
            f"I'm {n}. ",
            f"{n}{{mf}} here. ",
            f"I'm {a} {n} year old {{man}}. ",
            f"{n}{{mf}}, ",
        ]
    )
    words["iam_age_c"] = rng.choice(
        [
            f"I'm {n} and ",
            f"I'm {n}, ",
            f"I'm {a} {n} year old {{man}} and ",
            f"{n}{{mf}} here. ",
            f"I'm {n} years old and ",
        ]
    )
    words["iam_age_s"] = rng.choice(
        [
            f"I'm {n}. ",
            f"{n}{{mf}} here. ",
            f"I'm {a} {n} year old {{man}}. ",
            f"I'm {n} years old. ",
        ]
    )


# --------------------------------------------------------------------------- rendering


def render(
    template: str, sc: dict, words: dict[str, str], patient: dict, rng: random.Random
) -> str:
    """Fill every {slot}; a slot used twice in one message keeps its first value."""
    chosen: dict[str, str] = {}

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name in chosen:
            return chosen[name]
        if name in words:
            value = words[name]
        elif name in sc.get("slots", {}) or name in GLOBAL_SLOTS:
            pick = rng.choice(sc.get("slots", {}).get(name) or GLOBAL_SLOTS[name])
            if isinstance(pick, dict):  # a slot value that also sets context
                for cond in pick.get("cond", []):
                    if cond not in patient["conditions"]:
                        patient["conditions"].append(cond)
                for med in pick.get("med", []):
                    if med not in patient["medications"]:
                        patient["medications"].append(med)
                pick = pick["t"]
            value = pick
        else:
            raise ScenarioError(f"{sc['id']}: unknown slot {{{name}}} in {template!r}")
        chosen[name] = value
        return value

    text = IAM_SENTENCE.sub(r"{\1_s}", IAM_CLAUSE.sub(r"{\1_c}", template))
    for _ in range(5):
        if "{" not in text:
            break
        text = TOKEN.sub(fill, text)
    if "{" in text or "}" in text:
        raise ScenarioError(f"{sc['id']}: unresolved slot in {text!r}")
    return tidy(text)


def tidy(text: str) -> str:
    """Fix the spacing and capitals that empty or joined slots leave behind."""
    text = re.sub(r"\s+", " ", text).strip()
    # A "?" right before a word is clinical shorthand for "query" ("dysuria, ?UTI"): leave it be.
    text = re.sub(r"\s+([,.!]|\?(?![A-Za-z]))", r"\1", text)
    text = re.sub(r",\s*([.!]|\?(?![A-Za-z]))", r"\1", text)
    text = re.sub(r"([.?!])\.", r"\1", text)
    text = re.sub(r",,+", ",", text)
    text = re.sub(r",\s*-", " -", text)
    text = re.sub(r"^[,.\s]+", "", text)
    text = re.sub(r"([.?!] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def add_typos(text: str, rng: random.Random) -> str:
    """Make the text look typed on a phone in a hurry: one or two realistic slips."""
    ops = rng.sample(
        ["drop", "swap", "apostrophe", "lower", "punct", "double"], k=rng.choice([1, 1, 2])
    )
    for op in ops:
        if op == "lower":
            text = text.lower()
        elif op == "apostrophe":
            text = text.replace("'", "")
        elif op == "punct":
            text = re.sub(r"[.,!?;:](?=\s|$)", "", text)
        else:
            words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
            if not words:
                continue
            w = rng.choice(words)
            word, i = w.group(0), rng.randint(1, len(w.group(0)) - 2)
            if op == "drop":
                new = word[:i] + word[i + 1 :]
            elif op == "swap":
                new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            else:
                new = word[:i] + word[i] + word[i:]
            text = text[: w.start()] + new + text[w.end() :]
    return text


def dedupe_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
