"""The red-flag table: what the safety floor looks for in a patient's own words, and why.

Every rule comes from published red flags (NHS 111 / NHS "call 999" and "go to A&E" lists, NICE
guidance named in each rationale). None was written from, or tuned on, benchmark data.

A rule fires when any of its `Trigger`s matches un-negated (negation is handled in
`bot.triage.rules`). Patterns are written for lay language and common typos ("cant breath",
"my face dropped", "talking funny"), match whole words only, and never let a gap between two
words swallow a negation ("my chest is not tight" does not match "chest ... tight").

Adding a rule: give it a new snake_case `code` (codes are stored with triage decisions, so never
reuse or rename one), a label a patient understands, the level it forces, a rationale that names
its source, and add positive, negated and typo cases to tests/triage/test_rules.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.triage.levels import PatientContext, TriageLevel

AMBULANCE = TriageLevel.EMERGENCY_AMBULANCE
EMERGENCY = TriageLevel.EMERGENCY


@dataclass(frozen=True)
class Trigger:
    """One way a rule can fire.

    Attributes:
        pattern: what to look for; its first un-negated match is the evidence.
        with_all: findings that must also appear, un-negated, somewhere in the same message
            (chest pain *and* sweating). The evidence then runs from the first matched piece
            to the last, so the nurse sees every part that fired the rule.
    """

    pattern: re.Pattern[str]
    with_all: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class RedFlagRule:
    """A named red flag: the minimum level a patient gets when it is present.

    When `applies_if_context` or `applies_if_text` is set, the rule only applies when the
    profile passes that check or the message mentions that fact un-negated (either is enough:
    profiles go stale, and patients often write for someone else).
    """

    code: str
    label: str
    level: TriageLevel
    rationale: str
    triggers: tuple[Trigger, ...]
    applies_if_context: Callable[[PatientContext], bool] | None = None
    applies_if_text: re.Pattern[str] | None = None


def _words(*alternatives: str) -> re.Pattern[str]:
    """Compile alternatives that must start and end on word boundaries."""
    joined = "|".join(f"(?:{alternative})" for alternative in alternatives)
    return re.compile(rf"(?<![\w'])(?:{joined})(?![\w'])", re.IGNORECASE)


def _when(*alternatives: str, with_all: tuple[re.Pattern[str], ...] = ()) -> Trigger:
    return Trigger(_words(*alternatives), with_all)


# --- Building blocks ---------------------------------------------------------------------------
# S joins the words of a fixed phrase. A gap lets up to n other words sit between two parts of
# a phrase, within one clause (or, for the comma variant, one sentence), but never a negation or
# a "but": "my chest is not tight" and "my chest is fine but tight jeans" do not match.
S = r"[\s\-]+"
S0 = r"[\s\-]*"  # the same, optional: "head ache" / "headache", "non-blanching"
_WORD = r"[\w']+"
_NO_GAP_WORD = (
    r"(?:no|not|never|none|nor|without|cannot|(?:is|are|was|were|do|does|did|has|have|had)n'?t"
    r"|but|however|although|though|except)(?![\w'])"
)


def _gap(n: int, *, across_commas: bool = False) -> str:
    sep = r"[^\w'.;:!?\n]+" if across_commas else r"[^\w'.,;:!?\n]+"
    return rf"(?:{sep}(?!{_NO_GAP_WORD}){_WORD}){{0,{n}}}{sep}"


G1, G2, G3, G4, G5 = (_gap(n) for n in range(1, 6))
GC3, GC4, GC6 = (_gap(n, across_commas=True) for n in (3, 4, 6))

POSS = (
    r"(?:my|his|her|their|the|your|our|a|an|one"
    r"|(?:baby|child|son|daughter|husband|wife|partner|mum|mom|dad|mother|father)'?s)"
)
CANT = (
    rf"(?:can'?t|cnt|cannot|can{S}not|couldn'?t|could{S}not|unable{S}to"
    rf"|(?:not|\w+n'?t){S}(?:been{S})?able{S}to|can{S}(?:hardly|barely|only{S}just|no{S}longer))"
)
CHEST = r"(?:chest|chst|chesst|cheast)(?:'?s)?"
PAIN = r"(?:pain|pains|pian|pane|ache|aches|aching|hurts?|hurting|discomfort|agony)"
CHEST_PAIN = (
    rf"(?:{CHEST}{S}(?:{PAIN}|tightness|pressure)"
    rf"|(?:{PAIN}|tightness|pressure){S}(?:in|on|across|around|over|at){S}(?:{POSS}{S})?{CHEST}"
    rf"|{CHEST}{S}(?:(?:is|keeps|really|so){S})?(?:hurts?|hurting|aching|killing{S}me))"
)
# Swelling of these is not airway swelling: "cracked lips and swollen hands" (Kawasaki disease).
LIMB = r"(?:hands?|fingers?|feet|foot|toes?|ankles?|legs?|knees?|joints?|arms?|wrists?)"
# Sudden loss of these is not a stroke sign in itself: "sudden loss of hearing" is urgent ENT.
NOT_STROKE_LOSS = r"(?:hearing|smell|taste|appetite|weight|hair|interest|libido|sleep)"
HEADACHE = rf"(?:head{S0}(?:ache|aches|ach|ake|akes|pain|pains)|migraine)"
BREATHE = r"(?:breathe?|breth|brethe|breeth|breathing|brathe)"
# "confused about my dose" is a question, not a symptom.
CONFUSED = rf"confus\w*(?!{S}(?:about|by|as{S}to|why|what|how|whether|if|with|over|regarding))"
ABDOMEN = r"(?:stomach|stomache|stomac|tummy|tummie|belly|abdomen|abdominal|abdo|tum|gut)"
SEVERE = (
    rf"(?:severe|sever|agoni[sz]ing|excruciating|terrible|intense|unbearable|extreme|awful"
    rf"|crippling|horrendous|(?:really|very|so){S}bad|worst)"
)
VOMITING = (
    rf"(?:vomit\w*|vomm?it\w*|throw(?:ing|n)?{S}up|threw{S}up|(?:being|been|was){S}sick"
    rf"|sick{S}up|puk\w*|{CANT}{S}keep{G2}(?:down|in))"
)
BLOOD = rf"(?:blood|blod)(?!{S}(?:pressure|sugars?|tests?|results?|glucose|levels?|count|thinn\w*))"
BLOODY = rf"(?:{BLOOD}|bloody{S}(?:vomit|sick|phlegm|sputum|spit|mucus))"
# 38 C / 100.4 F and above, in the ways people type a thermometer reading.
_C = r"\s*(?:°\s*c?|degrees?(?:\s*c(?:elsius)?)?|c)"
_F = r"\s*(?:°\s*f?|degrees?(?:\s*f(?:ahrenheit)?)?|f)"
TEMPERATURE = rf"(?:3[89]|4[0-2])(?:[.,]\d+)?{_C}|(?:10[1-6]|100[.,][4-9])(?:[.,]\d+)?{_F}"
FEVER_WORDS = (
    # "hay fever" and "glandular fever" are not a temperature.
    rf"(?<!hay )(?<!hay-)(?<!glandular )fea?ver\w*|fevr|febrile|pyrexi\w*|burning{S}up"
    rf"|high{S}(?:temp|temperature|temps)"
    rf"|temp(?:erature)?{G3}(?:high|up|raised|3[89]|4[0-2]|10[1-6])"
    rf"|(?:feels?|felt|feeling){S}(?:really{S}|very{S}|so{S})?hot(?:{S}to{S}(?:the{S})?touch)?"
    rf"|hot{S}to{S}(?:the{S})?touch|{TEMPERATURE}"
)
FEVER = _words(FEVER_WORDS)
RIGORS = rf"shiver\w*|rigou?rs|chills|shaking{S}(?:uncontrollably|all{S}over)|hot{S}and{S}cold"
FEVER_OR_RIGORS = _words(FEVER_WORDS, RIGORS)

# --- Context checks ----------------------------------------------------------------------------
# NICE CG176: anyone on an anticoagulant or an antiplatelet other than aspirin alone. Generic and
# UK brand names, matched as substrings of the recorded medicines.
ANTICOAGULANTS = (
    # vitamin K antagonists
    "warfarin",
    "coumadin",
    "acenocoumarol",
    "sinthrome",
    "phenindione",
    # direct oral anticoagulants
    "apixaban",
    "eliquis",
    "rivaroxaban",
    "xarelto",
    "edoxaban",
    "lixiana",
    "dabigatran",
    "pradaxa",
    # heparins and fondaparinux
    "heparin",
    "enoxaparin",
    "clexane",
    "inhixa",
    "dalteparin",
    "fragmin",
    "tinzaparin",
    "innohep",
    "fondaparinux",
    "arixtra",
    # antiplatelets other than aspirin
    "clopidogrel",
    "plavix",
    "ticagrelor",
    "brilique",
    "brilinta",
    "prasugrel",
    "efient",
)
DIABETES_WORDS = ("diabet", "dka", "t1dm", "t2dm", "iddm", "niddm", "type 1", "type one")
# Taking any of these means the patient has diabetes.
DIABETES_MEDICINES = (
    # insulins
    "insulin",
    "novorapid",
    "humalog",
    "fiasp",
    "apidra",
    "lantus",
    "levemir",
    "tresiba",
    "toujeo",
    "abasaglar",
    "humulin",
    "insulatard",
    "glargine",
    "detemir",
    "degludec",
    "aspart",
    "lispro",
    # tablets; SGLT2 inhibitors (-gliflozin) can cause ketoacidosis with a normal blood sugar
    "metformin",
    "gliclazide",
    "glimepiride",
    "gliptin",
    "gliflozin",
)


def is_pregnant(context: PatientContext) -> bool:
    return context.pregnant is True


def has_diabetes(context: PatientContext) -> bool:
    conditions = " ".join(context.conditions).lower()
    medicines = " ".join(context.medications).lower()
    return any(word in conditions for word in DIABETES_WORDS) or any(
        name in medicines for name in DIABETES_MEDICINES
    )


def takes_anticoagulant(context: PatientContext) -> bool:
    medicines = " ".join(context.medications).lower()
    return any(name in medicines for name in ANTICOAGULANTS)


def not_a_known_child(context: PatientContext) -> bool:
    """An adult, or a patient whose age the profile does not give (the safer reading)."""
    return context.age_years is None or context.age_years >= 12


def is_under_three_months(context: PatientContext) -> bool:
    return context.age_years is not None and context.age_years < 0.25


PREGNANCY_MENTIONED = _words(
    rf"pregnan\w*|preggers|preggo|expecting{S}(?:a{S}baby|twins)|\d+{S}weeks{S}gone",
    rf"(?:my|the){S}bump|baby'?s?{S}(?:movements?|kicks?|kicking)|midwife|antenatal|gestation",
    rf"(?:i'?m|i{S}am|she'?s|she{S}is|at){S}\d+{S}(?:weeks|wks)(?!{S}(?:old|ago))|(?:my"
    rf"|her){S}wat+ers",
)
DIABETES_MENTIONED = _words(
    rf"diabet\w*|type{S}(?:1|one)|t1dm?|insulin|dka|ketones?",
    rf"blood{S}(?:sugars?|glucose)|sugar{S}levels?",
)
ANTICOAGULANT_MENTIONED = _words(
    rf"blood{S}thinn\w*|thins?{S}(?:my|the|his|her){S}blood|anti{S0}coagul\w*",
    "|".join(ANTICOAGULANTS),
)
_NUMBER_UNDER_13 = (
    r"(?:[1-9]|1[0-2]|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
INFANT_UNDER_THREE_MONTHS = _words(
    rf"new{S0}born|neonat\w*",
    rf"{_NUMBER_UNDER_13}{S0}(?:weeks?|wks?){S}old|(?:[1-9]|[1-8]\d|90|a|one|two|three|four"
    rf"|five){S0}days?{S}old|(?:[12]|a|one|two){S0}months?{S}old",
    rf"(?:baby|son|daughter|infant|he|she)(?:{S}is|'s){S}(?:only{S}"
    rf"|just{S})?{_NUMBER_UNDER_13}{S}(?:weeks?|wks?)(?!{S}(?:pregnant|gone))",
)

# --- Findings shared between rules -------------------------------------------------------------
BREATHING_TROUBLE = _words(
    rf"wheez\w*|{CANT}{S}{BREATHE}|struggl\w*{S}(?:to{S}{BREATHE}|for{S}breath)",
    rf"(?:trouble|difficulty|problems?|hard){S}(?:breathing|to{S}breathe)|short{S}of{S}breath",
    rf"breathless\w*|tight{S}{CHEST}|{CHEST}{S}(?:is{S}|feels{S})?tight|throat{S}(?:is{S}"
    rf"|feels{S})?tight",
)
ALLERGY_TRIGGER = _words(
    rf"stung|stings?|bee|wasp|hornet|insect{S}bite|peanuts?|nuts|shellfish|prawns?|sesame",
    rf"allerg\w*|reaction|(?:after|since){S}eating",
    rf"(?:after|since|started|starting|new){S}(?:taking{S}|having{S})?(?:the{S}|my{S}|a{S}"
    rf"|an{S})?(?:antibiotics?|penicillin|amoxicillin|tablets?|pills?|medicine|medication|injection"
    rf"|jab|vaccine)",
)
HIVES = _words(rf"hives|welts|urticaria|nettle{S}rash|itchy{S}(?:bumps|lumps|rash|welts)")
STIFF_NECK = _words(
    rf"stiff{S}neck|neck{G2}stiff\w*",
    rf"{CANT}{S}(?:bend|move|touch|put){G3}(?:chin|head){G3}(?:chest|down|forward)",
)
LIGHT_HURTS = _words(
    rf"(?:light|lights|brightness|sunlight){G4}(?:hurts?|hurting|painful|bothers?|unbearable)",
    rf"(?:sensitiv\w*|hurts?|hate|{CANT}{S}(?:stand|bear|look{S}at)){G2}(?:light|lights|bright)",
    r"photophob\w*",
)
HIGH_SUGAR_OR_KETONES = _words(
    rf"(?:blood{S})?(?:sugars?|glucose|bms?|readings?){G3}(?:high|over|above|hi|sky{S}high"
    rf"|[2-9]\d\d|1[4-9]|[2-9]\d)",
    rf"high{S}(?:blood{S})?(?:sugars?|glucose|bms?|readings?)",
    rf"ketones?{G3}(?:high|raised|positive|present|over|above|\d(?:[.,]\d+)?)|(?:high|raised"
    rf"|positive){S}ketones?",
    r"hyperglyc\w*",
)
VOMITING_BLOOD = _words(
    rf"(?:{VOMITING}|cough\w*(?:{S}up)?|spit\w*(?:{S}up)?|bringing{S}up){G2}{BLOODY}",
    rf"{BLOOD}{G2}(?:vomit|sick|phlegm|sputum|spit|mucus)|coffee{S}grounds?",
)
SEVERE_ABDOMINAL_PAIN = (
    rf"(?:{SEVERE}{G4}(?:pain|ache|cramps?|agony){G3}{ABDOMEN}"
    rf"|{SEVERE}{G2}{ABDOMEN}{S}(?:pain|ache|cramps?)"
    rf"|{ABDOMEN}{S}(?:pain|ache|cramps?){G3}(?:{SEVERE}|agony)"
    rf"|{ABDOMEN}{G3}(?:killing{S}me|in{S}agony))"
)
# No urine for many hours: a sign of sepsis with a fever, of severe dehydration in a child.
# "Wee" is also Scots for small: "no wee bit of food", "my wee boy".
WEE = rf"wees?(?!{S}(?:bit|bits|one|ones|boy|girl|lad|lass|man|while|drop|sip|sips))"
_FOR_HOURS = rf"{G4}(?:all{S}day|today|since|hours|\d+{S}hours|yesterday)"
NO_URINE = (
    (
        rf"(?:not|\w+n'?t|no){S}(?:\w+{S})?(?:peed|pee'?d|weed|urinated|passed{S}(?:any{S})?"
        rf"(?:urine|water)){_FOR_HOURS}"
    ),
    (
        rf"(?:not|\w+n'?t){S}(?:had|done|passed|been{S}for){S}(?:a{S}|any{S})?(?:{WEE}|pees?"
        rf"|urine){_FOR_HOURS}"
    ),
    rf"no{S}(?:urine|{WEE}|pee|wet{S}napp(?:y|ies))|(?:not|\w+n'?t|no){G3}wet{S}napp(?:y|ies)",
)
INFECTION_DANGER_SIGN = _words(
    rf"(?:skin|legs|arms|knees){G3}(?:mottled|blotchy|blue|bluish|grey|gray|ashen)",
    rf"mottl\w*|(?:blotchy|ashen|bluish|blue|grey|gray){S}(?:skin|legs|arms)",
    rf"{CONFUSED}|disorientat\w*|delirious|not{S}making{S}(?:any{S})?sense|talking{S}nonsense",
    *NO_URINE,
    rf"breath\w*{G2}(?:very|really|so|super|extremely){S}(?:fast|quick\w*|rapid\w*)",
    rf"(?:very|really){S}(?:fast|rapid|quick){S}breath\w*",
    rf"(?:feel|feels|felt|feeling){S}like{S}(?:i'?m|im|i{S}am|he'?s|she'?s|i'?ll|i{S}(?:will"
    rf"|might)){G1}(?:going{S}to{S}|gonna{S})?(?:die|dying)",
    rf"(?:something|something'?s){S}(?:is{S})?(?:seriously|really|very|badly){S}wrong",
)


# --- Vital signs, as typed from a home monitor or a clinician's note --------------------------
# A reading that a later word calls the patient's usual is not a new finding ("sats 90%, which is
# her usual", "92% (usual 92%)"): COPD often runs at 88-92%. Another number after that word is
# the usual value, so the reading is a change and still counts ("sats 90%, she's usually 97").
def _not_usual(reading: str) -> str:
    """Fails when the rest of the sentence calls the reading (group `reading`) usual."""
    return (
        rf"(?![^.;\n]*(?:usual|baseline|normal{S}for|always{S}(?:is|runs|sits)|as{S}normal)"
        rf"[^.;\n\d]*(?:(?P={reading})[^.;\n\d]*)?(?:[.;\n]|$))"
    )


_READING_LINK = (
    rf"(?:{S}(?:of|is|was|were|are|at|=|only|reading|reads|read|showing|shows|says|now|down|to"
    rf"|racing|going|beating|running))*[\s:=\-]*"
)
_SPO2_WORD = (
    rf"(?:sp{S0}o2|s{S0}p{S0}o2|o2{S}sats?|o2|sats?|saturations?|saturating"
    rf"|ox[yi]gen(?:{S}(?:levels?|sats?|saturations?|readings?|monitor|meter))?|oximeter"
    rf"|pulse{S}ox\w*)"
)
SPO2_AT_MOST_92 = (
    rf"(?<!usual )(?<!normal ){_SPO2_WORD}{_READING_LINK}(?P<spo2>[5-8]\d|9[0-2])(?:\s*%)?"
    rf"(?![.,]?\d|\s*-\s*\d){_not_usual('spo2')}"
    rf"|(?P<spo2_on_air>[5-8]\d|9[0-2])\s*%{S}(?:on{S}(?:room{S})?air|ra|on{S}(?:the|my|his"
    rf"|her){S}(?:clip|oximeter|finger|sats|monitor)\w*){_not_usual('spo2_on_air')}"
)
_PULSE_WORD = (
    rf"(?:pulse(?:{S}rate)?|h(?:ea|a)rt{S}rate|hr|heart{S}(?:is{S})?(?:beating|racing|going))"
)
# NICE NG51 high-risk criteria for sepsis in an adult: a heart rate over 130, a systolic blood
# pressure of 90 or less, or a respiratory rate of 25 or more.
PULSE_OVER_130 = rf"{_PULSE_WORD}{_READING_LINK}(?:13[1-9]|1[4-9]\d|2[0-4]\d)(?!\d)"
SYSTOLIC_AT_MOST_90 = rf"(?:bp|blood{S}pressure){_READING_LINK}(?:[4-8]\d|90)\s*/\s*\d{{2,3}}"
BREATHING_RATE_25_OR_MORE = (
    rf"(?:rr|resp(?:iratory|irations)?(?:{S}rate)?|breathing{S}rate){_READING_LINK}"
    rf"(?:2[5-9]|[3-6]\d)(?!\d)"
)
_AGE_UNDER_16 = (
    r"(?:[1-9]|1[0-5]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen)"
)
CHILD_MENTIONED = _words(
    rf"bab(?:y|ies)|infants?|toddlers?|new{S0}borns?|child|children|kids?|little{S}one"
    rf"|napp(?:y|ies)|boy|girl",
    rf"{_AGE_UNDER_16}{S0}(?:(?:years?|yrs?){S0}old|y/?o)|\d+{S0}(?:months?|weeks?){S0}old",
)
DIARRHOEA = (
    rf"(?:diarr?h\w*|diarr?o\w*|diarea|diahh?or\w*|the{S}runs|(?:runny|watery|loose|liquid)"
    rf"{S}(?:poos?|poops?|stools?|motions?|bowels?))"
)
LOSING_FLUIDS = _words(
    VOMITING,
    DIARRHOEA,
    rf"(?:not|\w+n'?t|refus\w*|stopped){S}(?:to{S})?(?:drink\w*|feed\w*|breast{S0}feed\w*"
    rf"|tak\w*{S}(?:any{S})?(?:drinks|fluids|feeds|milk))",
)
SUNKEN = r"(?:sunken|sunk|sunkin|sinking|hollow)"
DEHYDRATION_DANGER_SIGN = _words(
    rf"{SUNKEN}{S}(?:eyes?|soft{S}spot|fontanell?es?)",
    rf"(?:eyes?|soft{S}spot|fontanell?es?){G4}{SUNKEN}",
    *NO_URINE,
)


def is_a_child(context: PatientContext) -> bool:
    return context.age_years is not None and context.age_years < 16


BITE_SITE = (
    r"(?:face|lips?|cheek|nose|ear|eye(?:lid)?|hands?|fingers?|thumb|foot|feet|toes?|genitals"
    r"|penis|scrotum|privates)"
)
BITTEN = r"(?<!i )(?:bit+e?n|bit|bites?|mauled|savaged)"
# Who bit: an insect bite on the hand is self-care, and so is biting your own cheek.
ANIMAL_OR_PERSON = _words(
    r"dogs?|cats?|pupp(?:y|ies)|kittens?|animals?|human|person|fox|horse|rats?|ferrets?|hamster"
    r"|rabbit|mauled|savaged",
    rf"(?:by|another){S}(?:(?:a|an|the|some|other){S})?(?:child|kid|toddler|boy|girl|man|woman"
    rf"|person|pupil)",
)
BACK_PAIN = _words(
    rf"(?:back|bak|spine|spinal){G2}{PAIN}",
    rf"{PAIN}{G3}(?:in|of|down){S}(?:{POSS}{S})?(?:lower{S})?back",
    rf"back{S0}ache|sciatica|lumbago",
)

# --- Round 9: red flags of emergency scenarios no rule covered -----------------------------------
# Temperatures as a thermometer shows them. FEVER_WORDS starts at 38C; these add the thresholds
# other guidance uses.
# "T 38.1" in a clinician's note: a lone t only when a number follows.
_TEMP = r"temp(?:erature|rature|reture|erture)?"
_TEMP_WORD = rf"(?:{_TEMP}s?|thermometer|body{S}temp\w*|t(?={S0}[:=]?\s*\d))"
_NOT_A_DURATION = (
    rf"(?!\d|[.,]\d)(?!{S}(?:weeks?|wks?|years?|yrs?|days?|months?|mins?|minutes?|hours?))"
)
# 39C / 102.2F and above (NICE NG143: red for a baby of 3-6 months).
TEMPERATURE_39_OR_MORE = (
    rf"(?:39|4[0-2])(?:[.,]\d+)?{_C}|(?:102[.,][2-9]|10[3-6])(?:[.,]\d+)?{_F}"
    rf"|{_TEMP_WORD}{_READING_LINK}(?:39|4[0-2])(?:[.,]\d+)?{_NOT_A_DURATION}"
    rf"|{_TEMP_WORD}{_READING_LINK}(?:102[.,][2-9]|10[3-6])(?:[.,]\d+)?{_NOT_A_DURATION}"
    rf"|(?:she|he|it|baby)'?s\s+(?:39|4[0-2])[.,]\d(?!\d)"
)
# Under 35C / 95F, only after a temperature word and never about the weather ("30 degrees
# outside"); a whole number only as someone's temperature ("her temperature is 34"), since a
# thermometer under the tongue shows a decimal ("34.8") and "the temperature is 30" is a heatwave.
_WEATHER = (
    rf"(?![^.;\n]*(?:outside|today|weather|forecast|heat{S0}wave|in{S}the{S}(?:house|room|sun)))"
)
_WHOSE_TEMP = rf"(?:my|his|her|their|your|body|core|baby'?s|(?:his|her){S}body){S}{_TEMP_WORD}"
TEMPERATURE_UNDER_35 = (
    rf"(?:{_TEMP_WORD}{_READING_LINK}3[0-4][.,]\d+|{_WHOSE_TEMP}{_READING_LINK}3[0-4](?:[.,]\d+)?)"
    rf"(?:{_C})?{_NOT_A_DURATION}{_WEATHER}"
    rf"|{_TEMP_WORD}{_READING_LINK}(?:8[6-9]|9[0-4])(?:[.,]\d+)?(?:{_F}){_NOT_A_DURATION}{_WEATHER}"
)
# In chemotherapy the threshold is 37.5C (NHS, Macmillan), and "a temperature" is a fever.
FEVER_ON_CHEMOTHERAPY = _words(
    FEVER_WORDS,
    RIGORS,
    rf"37[.,][5-9]{_C}|{_TEMP_WORD}{_READING_LINK}(?:37[.,][5-9]|3[89]|4[0-2])(?:[.,]\d+)?(?:{_C})?"
    rf"{_NOT_A_DURATION}",
    rf"{_TEMP_WORD}{G3}(?:rising|going{S}up|climbing|creeping{S}up)",
    rf"(?:got|has|have|had|with|running|developed|spiked|spiking){S}a{S}(?:high{S}|raised{S})?"
    rf"{_TEMP}(?![^.;\n\d]{{0,15}}\d)",
)
CHEMOTHERAPY_WORDS = ("chemo", "cytotoxic")
CHEMOTHERAPY_MENTIONED = _words(
    rf"chemo(?:therapy)?(?!{G3}(?:\d+|a|two|three|four|five|ten|many|several){S}(?:years?|yrs)"
    rf"{S}ago)|cytotoxic\w*",
)


def has_chemotherapy(context: PatientContext) -> bool:
    recorded = " ".join((*context.conditions, *context.medications)).lower()
    return any(word in recorded for word in CHEMOTHERAPY_WORDS)


# A blood pressure reading "188/122": the systolic first, three digits.
def _bp(systolic: str, diastolic: str) -> str:
    return rf"(?<![\d/.,])(?:{systolic})\s*/\s*(?:{diastolic})(?![\d/])"


_SYSTOLIC = r"[12]\d\d|[4-9]\d"
_DIASTOLIC = r"[1-2]?\d\d"
BP_180_120_OR_MORE = _words(
    _bp(r"1[89]\d|2\d\d|3[0-2]\d", _DIASTOLIC), _bp(_SYSTOLIC, r"1[2-9]\d|2\d\d")
)
BP_160_110_OR_MORE = _words(
    _bp(r"1[6-9]\d|2\d\d|3[0-2]\d", _DIASTOLIC), _bp(_SYSTOLIC, r"11\d|1[2-9]\d|2\d\d")
)
# NHS: a very high reading with a severe headache, blurred vision, chest pain, breathlessness
# or confusion needs A&E.
HYPERTENSIVE_EMERGENCY_SYMPTOM = _words(
    HEADACHE,
    rf"(?:throbbing|pounding|banging|splitting|sore){S}head|head{G2}(?:throbbing|pounding"
    rf"|banging|splitting|killing{S}me)",
    rf"blurr\w*|(?:vision|eyesight|sight){G3}(?:fuzzy|funny|weird|strange|blurry|dim|changed"
    rf"|going)|seeing{S}(?:double|spots|stars)|double{S}vision",
    CHEST_PAIN,
    rf"short{S}of{S}breath|breathless\w*|{CONFUSED}|nose{S0}bleeds?",
)
HEAD_INJURY = (
    rf"head{S}(?:injury|injuries|injured|trauma|knock|bump|wound)|concuss\w*",
    (
        rf"(?:hit|hitting|banged|banging|bang|bumped|bumping|bump|knocked|knocking|smacked"
        rf"|smashed|whacked|cracked|struck|landed{S}on|fell{S}on){G3}(?:head|hed)"
    ),
    rf"(?:bang|knock|blow|bump|hit|smack|whack){S}(?:to|on|in){S}(?:{POSS}{S})?(?:head|hed)",
)
# NHS head injury: go to A&E after a head injury for vomiting since, drowsiness, having been
# knocked out, or clear fluid from the nose or ears (NICE CG176).
HEAD_INJURY_WARNING_SIGN = _words(
    VOMITING,
    r"drowsy|drowsier|sleepy|sleepier|dozy|groggy",
    rf"hard{S}to{S}(?:wake|rouse|keep{S}awake)|(?:won'?t|can'?t|cannot){S}stay{S}awake",
    rf"knocked{S}(?:out|unconscious)|(?:was|been|went){S}unconscious|(?:lost|loss{S}of){S}"
    rf"consciousness|blacked{S}out",
    rf"clear{S}(?:fluid|liquid){G3}(?:nose|ears?)",
)
# Wanting to go and not being able to: acute retention, not the dry nappy of dehydration.
URGE_TO_PASS_URINE = _words(
    rf"desperate|bursting|urge|(?:need|needing|needs|want|wanting){S}to{S}(?:go|pee|wee)"
    rf"|tr(?:y|ying|ied){S}(?:to{S})?(?:go|pee|wee|urinate)|despite{S}trying|strain\w*",
    rf"(?:bladder|tummy|belly|abdomen|lower{S}(?:tummy|belly)){G5}(?:full|swollen|tight|burst\w*"
    rf"|sore|agony|hard|distended)",
    rf"(?:full|swollen|distended|painful|tender){G2}(?:bladder|tummy|belly|abdomen)",
    rf"(?:abdominal|tummy|belly|bladder|pelvic){S}(?:{PAIN}|cramps?)",
)
# Absolute constipation: no stool and no wind, the cardinal sign of a blocked bowel. The
# negation is part of the phrase: "has not opened her bowels or passed wind", "can't pass wind".
NO_WIND = (
    rf"(?:not|never|\w+n'?t|unable{S}to|no{S}longer){S}(?:been{S}able{S}to{S})?(?:"
    rf"(?:open(?:ed)?{S}(?:{POSS}{S})?bowels?{S}(?:or|nor|and){S}(?:even{S})?)?"
    rf"(?:(?:pass(?:ed|ing)?|broken|break|let{S}off)(?:{S}any)?{S}(?:wind|gas)|fart(?:ed)?)"
    rf"|(?:poo(?:ed|ped)?|had{S}a{S}poo){S}(?:or|nor){S}(?:passed{S}(?:any{S})?wind|farted))"
)
# Vomiting or a swollen, distended tummy alongside it: NHS bowel obstruction (go to A&E).
GREEN_VOMIT = rf"green{S}(?:vomit|sick|bile)|(?:vomit|sick)(?:{S}is)?(?:{S}now)?{S}green|bilious"
SWOLLEN_ABDOMEN = (
    rf"(?:swollen|distended|swelling|bloated{S}and{S}hard){G3}{ABDOMEN}"
    rf"|{ABDOMEN}{G3}(?:swollen|distended|swelling|hard{S}as{S}a{S}drum)"
)
OBSTRUCTION_SIGN = _words(VOMITING, SWOLLEN_ABDOMEN, GREEN_VOMIT)
# Caustics, as NHS eye-injury advice names them. Not pool chlorine, shampoo or pepper spray,
# which sting and settle with rinsing; not "acid reflux".
CHEMICAL = (
    rf"(?:bleach|bleech|oven{S}cleaner|drain{S}(?:cleaner|unblocker)|unblocker|chemicals?"
    rf"|(?<!stomach )acid(?!{S}(?:reflux|indigestion|stomach|test))|alkali\w*|caustic|ammonia|lye"
    rf"|cement|mortar|quick{S}lime|lime{S}(?:mortar|plaster)|descaler|toilet{S}(?:cleaner|duck)"
    rf"|degreaser|dishwasher{S}(?:tablet|powder|detergent|liquid)s?|(?:laundry|washing|liquid)"
    rf"{S}(?:pods?|capsules?|tabs?|tablets?)|hair{S}relaxer|weed{S}killer)"
)
EYE = r"(?:eyes?|eyeball)"
_INFANT_3_TO_6 = r"(?:3|4|5|three|four|five)"
INFANT_THREE_TO_SIX_MONTHS = _words(
    rf"{_INFANT_3_TO_6}{S0}(?:months?|mnths?|mths?|mo){S0}old|(?:1[3-9]|2[0-5]){S0}(?:weeks?"
    rf"|wks?){S0}old",
    rf"(?:baby|son|daughter|infant|he|she)(?:{S}is|'s){S}(?:only{S}|just{S})?{_INFANT_3_TO_6}"
    rf"{S}months?",
)


def is_three_to_six_months(context: PatientContext) -> bool:
    return context.age_years is not None and 0.25 <= context.age_years < 0.5


TESTICLE = (
    r"(?:testicles?|testicals?|testicular|testes|testis|scrotum|scrotal|balls?|nuts|bollocks)"
)
TESTICLE_PAIN = _words(
    rf"{TESTICLE}{G3}(?:{PAIN}|agony|killing{S}(?:me|him))",
    rf"(?:{PAIN}|agony){G4}{TESTICLE}",
)

# --- The table ---------------------------------------------------------------------------------
RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        code="cardiac_chest_pain",
        label="Chest pain that could be a heart attack",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for sudden chest pain that spreads to the arms, back, neck or jaw, "
            "feels tight, heavy or like pressure, or comes with sweating, breathlessness or "
            "feeling sick (NICE CG95 acute chest pain)."
        ),
        triggers=(
            _when(
                rf"(?:crushing|crushed|squeezing|squeezed|tight|tightness|tightening"
                rf"|(?<!blood\s)pressure|pressing|heaviness|heavy)(?:{S}(?:pain|pains|feeling"
                rf"|sensation|ache))?{S}(?:in|on|across|around|over|of"
                rf"|at){S}(?:{POSS}{S})?(?:(?:middle|centre|center){S}of{S}(?:{POSS}{S})?)?{CHEST}",
                rf"(?:crushing|squeezing|tight|tightening|heavy"
                rf"|pressing)(?:{S}and{S}\w+)?{S}{CHEST}(?:{S}(?:pain|pains|pian|ache"
                rf"|discomfort))?(?!{S}(?:infection|cold|cough|x{S0}ray|hair|muscles?|workout"
                rf"|day))",
                rf"{CHEST}(?:{S}(?:pain|area))?{S}(?:(?:is|feels?|felt|feeling|went|gone|getting"
                rf"|has{S}gone|keeps{S}getting)(?:{S}(?:really|so|very|quite|all"
                rf"|super))*{S})?(?:crushing|crushed|squeezing|squeezed|tight|tightness|heavy"
                rf"|heaviness|pressure)",
                rf"(?:elephant|weight|someone|somebody|something)(?:{S}heavy)?{G2}(?:on|(?:sitting"
                rf"|standing|pressing|pushing|squeezing"
                rf"|crushing){S}(?:down{S})?on){S}(?:{POSS}{S})?{CHEST}",
                rf"(?:having|this{S}is|it'?s|is{S}it|is{S}this){S}(?:a{S})?heart{S}attack",
                # What a bystander sees: a hand pressed to the chest.
                rf"clutch(?:ing|ed|es)?{S}(?:at{S})?(?:{POSS}{S})?{CHEST}",
            ),
            _when(
                rf"{CHEST_PAIN}{GC6}(?:spread\w*|radiat\w*|going|goes|went|moving|moves|travel\w*"
                rf"|shoot\w*|runs|running|down|into){GC3}(?:arms?|jaw|neck|back|shoulders?)",
                rf"(?:arms?|jaw|neck|shoulders?){S}and{S}{CHEST}{S}{PAIN}",
                rf"{CHEST_PAIN}{S}and{S}(?:{POSS}{S})?(?:left{S}|right{S})?(?:arms?|jaw|neck)",
                rf"{CHEST}{S}and{S}(?:left{S})?(?:arm|jaw){S}{PAIN}",
            ),
            _when(
                CHEST_PAIN,
                with_all=(
                    _words(
                        rf"sweat\w*|clammy|breathless\w*|short{S}of{S}breath|out{S}of{S}breath",
                        rf"{CANT}{S}(?:catch{S}(?:my|his|her){S}breath|{BREATHE})|nause\w*",
                        rf"(?:feel|feeling|felt){S}(?:really{S}|very{S})?sick|{VOMITING}",
                    ),
                ),
            ),
        ),
    ),
    RedFlagRule(
        code="stroke_signs",
        label="Signs of a possible stroke",
        level=AMBULANCE,
        rationale=(
            "NHS FAST: face drooping on one side, arm or leg weakness or numbness on one side, "
            "slurred or garbled speech; also sudden confusion or loss of vision. Call 999 "
            "(NICE NG128)."
        ),
        triggers=(
            _when(
                rf"(?:face|mouth|smile){G3}(?:droop\w*|dropp?ed|dropping|sag\w*|slump\w*|lopsided"
                rf"|crooked|wonky|twisted|numb|paralys\w*|gone{S}down|fallen)",
                rf"(?:droop\w*|droopy|sagging|lopsided|crooked|wonky|numb\w*|paralys\w*){G3}(?:face"
                rf"|smile|mouth)",
                rf"{CANT}{S}smile(?:{S}properly)?",
            ),
            _when(
                rf"(?:left|right|one){S0}(?:arm|leg|side|sided)s?{G3}(?:weak\w*|numb\w*|dead|heavy"
                rf"|floppy|paralys\w*|limp|useless|gave{S}way|giving{S}way|won'?t{S}move"
                rf"|{CANT}{S}move)",
                rf"(?:weak\w*|numb\w*|paralys\w*|{CANT}{S}(?:move|lift|raise|feel)){G4}(?:left"
                rf"|right|one){S}(?:side|arm|leg)s?",
                rf"(?:arm|leg|side){G3}(?:weak\w*|numb\w*|dead|heavy"
                rf"|paralys\w*){G2}on{S}one{S}side",
                rf"(?:weak\w*|numb\w*|paralys\w*){S}(?:all{S})?(?:down|on){S}one{S}side",
                rf"sudden\w*{G3}(?:weak\w*|numb\w*){G3}(?:arm|leg|side|face)",
                rf"hemi{S0}(?:pare\w*|pleg\w*)",
            ),
            _when(
                r"slurr?(?:ed|ing|y)|slurd|garbled|gibberish|dysarthri\w*|dysphasi\w*|aphasi\w*",
                rf"(?:words|speech){G3}(?:jumbled|muddled|mixed{S}up|coming{S}out{S}wrong|wrong"
                rf"|weird)",
                rf"(?:talking|talks|speaking|speech|voice|sounds?)(?:{S}(?:is|was|all|really"
                rf"|so))?{S}(?:funny|funnie|funy|weird|strange|odd|drunk|slurred|garbled)",
                rf"{CANT}{S}(?:get{S}(?:{POSS}{S})?words{S}out|speak{S}properly|talk{S}properly"
                rf"|find{S}(?:{POSS}{S})?words)",
                rf"(?:trouble|difficulty){S}(?:speaking|talking"
                rf"|getting{S}(?:{POSS}{S})?words{S}out)",
            ),
            _when(
                rf"sudden\w*{G2}(?:{CONFUSED}|disorientat\w*)"
                rf"|{CONFUSED}{G3}(?:all{S}of{S}a{S}sudden|out{S}of{S}nowhere|suddenly)",
                rf"sudden\w*{G3}(?:(?:lost|loss{S}of)(?!{S}(?:(?:{POSS}|the){S})?{NOT_STROKE_LOSS})"
                rf"|{CANT}{S}see|blind\w*|double{S}vision"
                rf"|blurr?\w*{S}vision)",
                rf"(?:having|is{S}this|it'?s|think{S}(?:it'?s|(?:i'?m|he'?s|she'?s){S}having)"
                rf"|might{S}be|could{S}be){S}a{S}stroke",
            ),
        ),
    ),
    RedFlagRule(
        code="anaphylaxis",
        label="Signs of a severe allergic reaction",
        level=AMBULANCE,
        rationale=(
            "NHS anaphylaxis: swelling of the throat, tongue or lips, trouble swallowing, "
            "wheeze or breathing difficulty after a sting, food or medicine, hives with breathing "
            "trouble, or an adrenaline pen used. Call 999 (NICE CG134)."
        ),
        triggers=(
            _when(
                rf"(?:throat|tongue|lips?){G3}(?:swell\w*|swollen|swolen|closing(?:{S}up)?"
                rf"|puff\w*{S}up|blow\w*{S}up)(?!{S}(?:glands?|tonsils?|lymph|{LIMB}))",
                rf"(?:swell\w*|swollen|swolen|puffy)(?:{S}(?:up|of|in))?{S}(?:{POSS}{S})?(?:throat"
                rf"|tongue|lips?)",
                rf"{CANT}{S}swall?ow(?!{S}(?:food|solids|tablets|pills|capsules|bread|meat))",
                rf"(?:used|use|using|gave|given|give|needed|injected|jabbed){G2}(?:epi{S0}pens?"
                rf"|adrenaline|jext|emerade)",
                rf"(?:having|going{S}into|in){S}(?:an{S})?anaphyla\w*|anaphylactic{S}(?:shock"
                rf"|reaction)",
            ),
            _when(
                rf"(?:mouth|face|eyes?){G3}(?:swell\w*|swollen|swolen|puff\w*{S}up|blow\w*{S}up)",
                with_all=(ALLERGY_TRIGGER,),
            ),
            Trigger(BREATHING_TROUBLE, with_all=(ALLERGY_TRIGGER,)),
            Trigger(BREATHING_TROUBLE, with_all=(HIVES,)),
        ),
    ),
    RedFlagRule(
        code="severe_breathing_difficulty",
        label="Severe difficulty breathing",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for severe difficulty breathing - gasping, not able to get words "
            "out, choking, or blue, grey or pale lips or face."
        ),
        triggers=(
            _when(
                rf"{CANT}{S}{BREATHE}(?!{S}(?:through|thru|out{S}of|with){S}(?:{POSS}{S})?nose)",
                rf"struggl\w*{S}(?:to{S}{BREATHE}|for{S}(?:breath|air))|fighting{S}for{S}(?:breath"
                rf"|air)",
                rf"gasp(?:ing|s)?(?:{S}for{S}(?:air|breath))?|gulping{S}for{S}air",
                rf"{CANT}{S}(?:speak|talk|say|finish){G3}(?:full{S})?sentences?",
                rf"too{S}(?:breathless|out{S}of{S}breath){S}to{S}(?:talk|speak|finish|get{S}words"
                rf"|say)",
                rf"(?:lips?|face|tongue){G2}(?:blue|bluish|blueish|grey|gray|purple|dusky)",
                rf"(?:blue|bluish|blueish|grey|gray){S}(?:lips?|tongue|face)",
                rf"(?:(?:he|she|baby|child|they|lips|face)(?:'s|{S}is|{S}are|{S}has|{S}have)?|i'?m"
                rf"|i{S}am){S}(?:turning|going|gone|went|turned){S}(?:blue|grey|gray)",
                rf"(?:not|isn'?t|is{S}not|stopped|has{S}stopped|aren'?t){S}breathing(?!{S}(?:fast"
                rf"|quickly|rapidly|heavily|hard|noisily|through|properly))",
                rf"(?:is|i'?m|am|he'?s|she'?s|baby'?s|started){S}choking",
            ),
            _when(
                rf"{CANT}{S}(?:get|say|speak){G2}words(?:{S}out)?",
                with_all=(_words(rf"breath\w*|{BREATHE}|wheez\w*|puff\w*|inhaler|asthma"),),
            ),
        ),
    ),
    RedFlagRule(
        code="suicide_risk",
        label="Thoughts of ending your life - you deserve help and support right now",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 if you have seriously harmed yourself or feel you cannot keep "
            "yourself safe; stated intent or a plan to end one's life or to self-harm needs "
            "help now (NICE NG225)."
        ),
        triggers=(
            _when(
                rf"(?:kill|kil|kll|killing|killed){S}(?:my{S0}self|mysef|mself|meself"
                rf"|myslef)(?!{S}laugh\w*)",
                rf"end(?:ing)?{S}(?:it{S}all|my{S}(?:own{S})?life|everything|things{S}for{S}good)",
                rf"want{S}(?:it{S}all|everything|my{S}life){S}to{S}(?:end|be{S}over)",
                rf"tak(?:e|ing){S}my{S}(?:own{S})?life|suicide{S}(?:plan|note|attempt)",
                rf"(?:going|gonna|want|wanna|plan\w*|about|ready|decided|try"
                rf"|trying){S}(?:to{S})?commit{S}suicide|(?:attempt\w*|tried"
                rf"|trying){S}(?:to{S})?suicide",
                rf"hang{S}my{S0}self|slit{S}my{S}wrists?|jump{S}(?:off|in{S}front{S}of){S}(?:a{S}"
                rf"|the{S})?(?:bridge|building|cliff|roof|balcony|train|car|bus|lorry|motorway)",
                rf"(?:going|gonna|planning|plan|about|ready|want|wanna)(?:{S}to)?{S}(?:take"
                rf"|swallow){S}(?:all|every|the{S}whole{S}(?:packet|box"
                rf"|bottle))(?:{S}of)?(?:{S}(?:my|the|these|those))?{S}(?:pills|tablets|meds"
                rf"|medication|medicine|paracetamol|insulin)",
                rf"(?:going|gonna|planning|plan|about|ready|want|wanna)(?:{S}to)?{S}(?:hurt|harm"
                rf"|cut|burn){S}my{S0}self",
                # Someone else's intent, as a parent, partner or friend writes it.
                rf"(?:kill|kil|killing|killed){S}(?:him|her|them){S0}(?:self|selves|slef)"
                rf"(?!{S}laugh\w*)",
                rf"(?:end|ending|take|taking){S}(?:his|her|their){S}(?:own{S})?li(?:fe|ves)",
                rf"hang{S}(?:him|her|them){S0}(?:self|selves)",
            ),
        ),
    ),
    RedFlagRule(
        code="suicidal_thoughts_or_self_harm",
        label="Thoughts of suicide or self-harm - you don't have to cope with this alone",
        level=EMERGENCY,
        rationale=(
            "NHS: suicidal thoughts or self-harm need urgent mental health help the same day "
            "(NHS 111 / crisis line); the model can raise this to 999 (NICE NG225)."
        ),
        triggers=(
            _when(
                r"suicidal|suicide|sucidal|suicidel",
                rf"(?:thoughts?|thinking|think){S}(?:of|about){S}(?:dying|death|ending|harming"
                rf"|hurting)",
                rf"wants?{S}to{S}die|wanna{S}die|wish{S}i{S}(?:was|were){S}dead"
                rf"|better{S}off{S}(?:dead|without{S}me)",
                rf"(?:don'?t|do{S}not){S}want{S}to{S}(?:be{S}here{S}any{S0}more|live|be{S}alive"
                rf"|wake{S}up)",
                rf"no{S}(?:reason|point){S}(?:to|in){S}(?:live|living|going{S}on)",
                rf"self{S0}harm\w*|(?:cutting|burning|hurting|harming){S}(?:my|him|her|them)"
                rf"{S0}(?:self|selves)",
                rf"(?:talk|talks|talking|talked|keeps{S}saying|says){S}(?:about{S})?(?:wanting"
                rf"{S}to{S}die|dying|suicide|killing|ending)",
                rf"cut{S}my{S0}self{S}(?:on{S}purpose|deliberately|again)",
            ),
        ),
    ),
    RedFlagRule(
        code="overdose",
        label="Taken an overdose or too much medicine",
        level=AMBULANCE,
        rationale=(
            "NHS: an overdose of medicine, including paracetamol, needs emergency care even "
            "when the person feels well; call 999 if they are drowsy or it was deliberate."
        ),
        triggers=(
            _when(
                rf"over{S0}dos\w*|od'd|od'ed|od{S}on{S}(?:my{S})?(?:pills|tablets|meds|paracetamol"
                rf"|insulin|drugs)",
                rf"(?:took|taken|swallowed|ate|eaten){S}(?:\w+{S})?(?:too{S}many"
                rf"|all{S}(?:of{S})?(?:my|the|his|her)|a{S}(?:whole|full){S}(?:packet|box|bottle"
                rf"|strip|pack)|loads{S}of|a{S}load{S}of|a{S}handful{S}of"
                rf"|handfuls{S}of){G3}(?:pills|tablets|tabs|paracetamol|ibuprofen|meds|medication"
                rf"|medicine|capsules|insulin|sleeping)",
                rf"(?:took|taken|swallowed){S}(?:(?:about|like|around|over|at{S}least){S})?(?:1\d"
                rf"|[2-9]\d|\d\d\d|twenty|thirty|forty|fifty|a{S}hundred){G2}(?:pills|tablets|tabs"
                rf"|paracetamol|ibuprofen|co{S0}codamol|codeine|aspirin|sertraline|meds|capsules)",
            ),
        ),
    ),
    RedFlagRule(
        code="poisoning",
        label="Swallowed or breathed in something poisonous",
        level=EMERGENCY,
        rationale=(
            "NHS: go to A&E (or call 999 if unwell) after swallowing household chemicals, "
            "button batteries or someone else's medicines, or breathing in carbon monoxide."
        ),
        triggers=(
            _when(
                rf"(?:swall?owed|drank|drunk|ate|eaten|ingested|licked|chewed"
                rf"|drinking){G3}(?:bleach|detergent|washing{S}(?:up{S})?(?:liquid|capsules?|pods?"
                rf"|tablets?)|dishwasher{S}tablets?|laundry{S}(?:pods?|capsules?)"
                rf"|button{S}batter\w*|batter(?:y|ies)|magnets?|antifreeze|weed{S0}killer|poison\w*"
                rf"|white{S}spirit|petrol|paraffin|chemicals?|cleaning{S}(?:products?|fluid|spray)"
                rf"|screen{S}wash|slug{S}pellets|e{S0}liquid|vape{S}(?:juice|liquid))",
                rf"(?:baby|child|son|daughter|toddler|kid|he|she){G3}(?:swall?owed|ate|eaten"
                rf"|got{S}into){G3}(?:pills|tablets|medicine|meds|capsules)",
                rf"(?<!food\s)poison(?:ed|ing)|carbon{S}monoxide",
            ),
        ),
    ),
    RedFlagRule(
        code="uncontrolled_bleeding",
        label="Heavy bleeding that won't stop",
        level=AMBULANCE,
        rationale="NHS: call 999 for heavy bleeding that will not stop with pressure.",
        triggers=(
            _when(
                rf"(?:bleed\w*|{BLOOD}){G3}(?:won'?t|will{S}not|wouldn'?t|would{S}not|didn'?t"
                rf"|doesn'?t|does{S}not|isn'?t|is{S}not|not|hasn'?t|has{S}not|can'?t|cannot"
                rf"|can{S}not|keeps{S}not){S}(?:stop\w*|slow\w*|be{S}stopped)",
                rf"{CANT}{S}(?:stop|control){G2}(?:the{S})?(?:bleed\w*|blood)",
                rf"{CANT}{S}get{S}(?:the{S}|this{S})?(?:bleed\w*|blood){S}to{S}stop",
                rf"{BLOOD}{G4}(?:soak\w*|drench\w*|pour\w*|gush\w*|spurt\w*|pumping|squirt\w*"
                rf"|pissing|streaming)",
                rf"(?:soak\w*|drench\w*|pour\w*|gush\w*|spurt\w*|pumping|squirt\w*){G3}{BLOOD}",
                rf"(?:bleed\w*|{BLOOD}){G4}through{S}(?:the{S}|a{S}|my{S}|his{S}"
                rf"|her{S})?(?:bandages?|towels?|dressings?|cloth|clothes|shirt|t{S0}shirt|gauze"
                rf"|plaster)",
                rf"{BLOOD}{S}everywhere|(?:so{S}much|loads{S}of|lots{S}of"
                rf"|a{S}lot{S}of){S}{BLOOD}(?!{G3}(?:poo|poop|stools?|toilet|bowl|pan|urine|wee|pee"
                rf"|vomit|sick|phlegm|period|pads?|knickers|underwear|nappy|wip\w*))",
            ),
        ),
    ),
    RedFlagRule(
        code="vomiting_or_coughing_blood",
        label="Vomiting or coughing up blood",
        level=EMERGENCY,
        rationale=(
            "NHS: vomiting blood or coughing up more than a few streaks of blood needs A&E; "
            "call 999 if it is a lot."
        ),
        triggers=(Trigger(VOMITING_BLOOD),),
    ),
    RedFlagRule(
        code="bowel_bleeding",
        label="Black, tarry poo or a lot of blood in your poo",
        level=EMERGENCY,
        rationale=(
            "NHS: black, sticky poo (bleeding high in the gut) or a lot of blood from the bottom "
            "needs A&E."
        ),
        triggers=(
            _when(
                rf"(?:black|tarry|tar{S}like|dark{S}black)(?:{S}and{S}(?:tarry|sticky|black"
                rf"|runny))?{G2}(?:poo|poos|poop|stools?|faeces|feces|bowel{S}movements?|motions?"
                rf"|diarrh\w*)",
                rf"(?:poo|poos|poop|stools?|faeces|feces|motions?){G3}(?:black|tarry|like{S}tar)",
                rf"(?:lots|lot|loads|load|large{S}amounts?|so{S}much|clots|cups?"
                rf"|full)(?:{S}of)?{S}(?:fresh{S})?blood{G3}(?:poo|poop|stools?|toilet|bowl|pan"
                rf"|bottom|bum|back{S}passage|rectum)",
                rf"(?:toilet|bowl|pan){S}(?:was{S}|is{S})?(?:full{S}of|filled{S}with"
                rf"|red{S}with){S}blood",
            ),
        ),
    ),
    RedFlagRule(
        code="thunderclap_headache",
        label="A sudden, severe headache",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for a sudden, very severe headache ('the worst ever', reaching full "
            "strength within a minute), which can be a bleed on the brain (NICE CG150)."
        ),
        triggers=(
            _when(
                rf"(?:worst|worse){G3}{HEADACHE}{G4}(?:ever|life|imaginable|possible)",
                rf"sudden\w*{G3}(?:{SEVERE}|bad|splitting|massive|blinding|explosive"
                rf"|violent){G2}{HEADACHE}",
                rf"{HEADACHE}{G4}(?:came{S}on|started|hit|struck|began){G2}(?:suddenly"
                rf"|out{S}of{S}nowhere|all{S}at{S}once|in{S}(?:a{S}|an{S})?(?:second|seconds"
                rf"|instant)|like{S}a{S}(?:bolt|thunderbolt|thunderclap|hammer|brick))",
                rf"thunder{S0}clap",
                rf"never{G2}(?:had|felt|experienced){G2}(?:a{S})?{HEADACHE}{G3}(?:like{S}(?:this"
                rf"|it)|this{S}bad|so{S}bad)",
            ),
            _when(
                rf"(?:worst|worse){G3}(?:pain|ache|agony){G4}(?:ever|of{S}my{S}life|imaginable)",
                with_all=(_words(rf"{HEADACHE}|head"),),
            ),
            _when(
                rf"(?:like|as{S}if){G4}(?:hit|struck|smacked|whacked|kicked|shot){G4}(?:head|skull"
                rf"|bat|hammer|brick|bolt|lightning|sledge\w*)|hit{S}(?:me{S})?like{S}a{S}(?:bolt"
                rf"|thunderbolt|thunderclap)",
                with_all=(_words(rf"{HEADACHE}|head"),),
            ),
        ),
    ),
    RedFlagRule(
        code="meningitis_signs",
        label="Signs of meningitis, such as a rash that doesn't fade under a glass",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for a rash that does not fade when a glass is pressed on it, or a "
            "stiff neck with a high temperature or dislike of bright lights (NICE NG240)."
        ),
        triggers=(
            _when(
                rf"(?:rash|spots|blotches|marks|dots|bruis\w*|pinpricks?){GC4}(?:doesn'?t"
                rf"|does{S}not|didn'?t|did{S}not|won'?t|will{S}not|isn'?t|is{S}not|not|don'?t"
                rf"|do{S}not|aren'?t|are{S}not|hasn'?t){S}(?:fad\w*|go{S}pale|going{S}pale"
                rf"|turn{S}white|blanch\w*)",
                rf"non{S0}blanch\w*",
                rf"(?:glass|tumbler){G5}(?:still{S}(?:see|there|visible)|can{S}still{S}see)",
            ),
            _when(
                rf"(?:rash|spots|blotches|marks|dots|bruis\w*){GC4}(?:doesn'?t|does{S}not|didn'?t"
                rf"|won'?t|isn'?t|is{S}not|not|don'?t|do{S}not|aren'?t|hasn'?t){S}(?:go{S}away"
                rf"|going{S}away|disappear\w*)",
                with_all=(_words(r"glass|tumbler|press\w*"),),
            ),
            Trigger(STIFF_NECK, with_all=(FEVER,)),
            Trigger(STIFF_NECK, with_all=(LIGHT_HURTS,)),
            _when(
                rf"(?:purple|purpl\w*|dark{S}red|blood{S}spots?|pinprick){G3}(?:rash|spots|blotches"
                rf"|marks|dots|bruis\w*)|purpur\w*|petechia\w*",
                with_all=(FEVER,),
            ),
        ),
    ),
    RedFlagRule(
        code="seizure",
        label="A seizure (fit)",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for a first seizure, one lasting over 5 minutes, repeated seizures, "
            "or a seizure after a head injury. Whether this is a known pattern is for the "
            "clinician to judge, so every seizure reaches one (NICE NG217)."
        ),
        triggers=(
            _when(
                rf"(?:seizures?|siezures?|sezures?|seizing|siezing)(?!{S0}free)(?!{S}(?:medication"
                rf"|medicine|meds|tablets|pills|drugs|nurse|clinic|diary))",
                r"convuls\w*|grand\s+mal|tonic\s+clonic",
                rf"(?:having|had|has|have|keeps{S}having|started{S}having){S}(?:a|another|\d+|two"
                rf"|three|several|multiple|some|more)?{S0}fits?",
                rf"(?:is|was|\w+'s|keeps|kept|started|been|are|were|still){S}fitting",
                rf"epileptic{S}(?:fit|attack|seizure)",
            ),
        ),
    ),
    RedFlagRule(
        code="unresponsive_or_collapsed",
        label="Collapsed, unconscious or not responding",
        level=AMBULANCE,
        rationale="NHS: call 999 if someone is unconscious, unresponsive or has collapsed.",
        triggers=(
            _when(
                rf"uncon(?:scious|cious|sious|shus)|un{S0}responsive|knocked{S}(?:out|unconscious)"
                rf"|out{S}cold|collaps\w*",
                rf"(?:not|isn'?t|is{S}not|aren'?t|wasn'?t|stopped|won'?t|doesn'?t"
                rf"|hasn'?t){S}(?:respond\w*|reacting"
                rf"|answering)(?!{S}to{S}(?:{POSS}{S})?(?:antibiotic\w*|treatment|medic\w*|tablets"
                rf"|cream|paracetamol|calpol|ibuprofen|inhaler|texts?|messages?|calls?|emails?"
                rf"|phone))",
                rf"(?:won'?t|hasn'?t|isn'?t|not){S}(?:wake|waking|woken|woke|come{S}round"
                rf"|coming{S}round)",
                rf"(?:{CANT}|(?:nobody|no{S}one|no-one){S}can){S}(?:wake|rouse){S}(?:him|her|them"
                rf"|my|the|mum|dad|baby)",
            ),
        ),
    ),
    RedFlagRule(
        code="floppy_or_unresponsive_child",
        label="A baby or child who is floppy or not responding normally",
        level=AMBULANCE,
        rationale=(
            "NHS: call 999 for a baby or child who is floppy, hard to wake, unresponsive, or "
            "has a weak, high-pitched cry (NICE NG143 red features)."
        ),
        triggers=(
            _when(
                rf"(?:is|was|\w+'s|gone|went|going|seems?|looks?|feels?|very|really|all"
                rf"|so){G1}(?:flopp?y|limp|lifeless)",
                rf"floppy{S}(?:baby|child|toddler|infant|newborn|and)",
                rf"(?:weak|high{S0}pitched|strange|unusual|weird){S}(?:cry|crying|whimper\w*)",
                rf"hard{S}to{S}(?:wake|rouse)|(?:won'?t|can'?t){S}stay{S}awake",
                rf"(?:baby|child|son|daughter|toddler|infant|newborn){G3}(?:not|isn'?t"
                rf"|is{S}not){S}(?:responding|reacting|waking)",
            ),
        ),
    ),
    RedFlagRule(
        code="child_dehydration_signs",
        label="A child with diarrhoea or vomiting who shows signs of serious dehydration",
        level=EMERGENCY,
        rationale=(
            "NHS Healthier Together (diarrhoea and vomiting in children): go to A&E or call 999 "
            "if a child seems dehydrated, with sunken eyes, a sunken soft spot, or no wee or wet "
            "nappy for 12 hours (NICE CG84 counts sunken eyes as a red-flag sign of "
            "dehydration). Only for a child: in adults sunken eyes are a common, milder sign."
        ),
        triggers=(Trigger(DEHYDRATION_DANGER_SIGN, with_all=(LOSING_FLUIDS,)),),
        applies_if_context=is_a_child,
        applies_if_text=CHILD_MENTIONED,
    ),
    RedFlagRule(
        code="sepsis_signs",
        label="Signs of sepsis, a serious reaction to an infection",
        level=AMBULANCE,
        rationale=(
            "NHS sepsis: call 999 for fever or shivering with mottled, blue or grey skin, "
            "confusion or slurred speech, no urine all day, very fast breathing, or a feeling "
            "that something is seriously wrong / 'I feel like I'm going to die' (NICE NG51)."
        ),
        triggers=(Trigger(INFECTION_DANGER_SIGN, with_all=(FEVER_OR_RIGORS,)),),
    ),
    RedFlagRule(
        code="sepsis_vital_signs",
        label="A fever with a very fast pulse, very fast breathing or low blood pressure",
        level=AMBULANCE,
        rationale=(
            "NICE NG51 high-risk criteria for sepsis in an adult, with a fever or shivering: a "
            "heart rate over 130 a minute, a respiratory rate of 25 or more, or a systolic blood "
            "pressure of 90 or less. A child's normal rates are higher (NICE NG143 calls a "
            "baby's pulse of 160 amber, not red), so this rule is off when the profile says the "
            "patient is under 12."
        ),
        triggers=(
            Trigger(
                _words(PULSE_OVER_130, SYSTOLIC_AT_MOST_90, BREATHING_RATE_25_OR_MORE),
                with_all=(FEVER_OR_RIGORS,),
            ),
        ),
        applies_if_context=not_a_known_child,
    ),
    RedFlagRule(
        code="pregnancy_heavy_bleeding",
        label="Heavy bleeding in pregnancy",
        level=EMERGENCY,
        rationale="NHS pregnancy: heavy vaginal bleeding in pregnancy needs A&E or 999 now.",
        triggers=(
            _when(
                rf"(?:heavy|hea?vy){S}(?:vaginal{S})?(?:bleed\w*|blood)|bleed\w*{S}(?:really{S}"
                rf"|very{S})?heavily",
                rf"bleed\w*{S}(?:a{S}lot|loads|lots|so{S}much|really{S}badly)",
                rf"soak\w*{G3}(?:pads?|sanitary|towels?)|passing{S}(?:big{S}|large{S})?clots",
                rf"(?:lots|lot|loads|so{S}much)(?:{S}of)?{S}(?:vaginal{S})?(?:blood|bleeding)",
            ),
        ),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="pregnancy_severe_abdominal_pain",
        label="Severe tummy pain in pregnancy",
        level=EMERGENCY,
        rationale=(
            "NHS pregnancy: severe tummy pain (ectopic pregnancy, abruption) needs A&E or 999."
        ),
        triggers=(
            _when(SEVERE_ABDOMINAL_PAIN, rf"(?:{SEVERE}){G2}(?:cramps|cramping)"),
            # Ectopic pregnancy: one-sided pain with fainting or dizziness (NHS).
            _when(
                rf"{PAIN}{G3}(?:on|in|down){S}(?:one|(?:my|the){S}(?:left|right)){S}side",
                rf"(?:one{S0}sided|left{S0}sided|right{S0}sided){S}(?:tummy{S}|belly{S}|stomach{S}"
                rf"|pelvic{S})?{PAIN}",
                with_all=(
                    _words(rf"faint\w*|dizzy|dizziness|light{S0}headed|pass(?:ed|ing)?{S}out"),
                ),
            ),
        ),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="pregnancy_pre_eclampsia_signs",
        label="Headache with vision changes or swelling in pregnancy",
        level=EMERGENCY,
        rationale=(
            "NHS pre-eclampsia: a severe headache with blurred vision, flashing lights or "
            "sudden swelling of the face, hands or feet needs same-hour assessment (NICE NG133)."
        ),
        triggers=(
            _when(
                HEADACHE,
                with_all=(
                    _words(
                        rf"blurr\w*|flash\w*|sparkl\w*|spots{S}(?:in{S}front|before)"
                        rf"|seeing{S}stars",
                        rf"(?:vision|eyesight|sight){G3}(?:change\w*|funny|weird|strange|blurry)",
                        rf"(?:face|hands|feet|ankles|fingers){G3}(?:swell\w*|swollen|puffy)",
                        rf"(?:swell\w*|swollen|puffy){G3}(?:face|hands|feet|ankles|fingers)",
                    ),
                ),
            ),
        ),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="pregnancy_reduced_movements",
        label="Your baby is moving less than usual",
        level=EMERGENCY,
        rationale=(
            "NHS pregnancy: call the maternity unit now if the baby is moving less, or has "
            "stopped moving; do not wait until the next day."
        ),
        triggers=(
            _when(
                rf"(?:reduced|fewer|less|no|decreased|not{S}many|hardly{S}any){S}(?:baby{S}"
                rf"|fetal{S}|foetal{S})?(?:movements?|kicks|kicking)",
                rf"baby{G2}(?:isn'?t|hasn'?t|not|stopped|hasn'?t{S}been|has{S}not"
                rf"|is{S}not){S}(?:moving|moved|kicking|kicked)",
                rf"baby{G2}(?:moving|kicking){S}(?:less|much{S}less)",
                rf"baby{G2}(?:quie?ter|less{S}active){S}than{S}"
                rf"(?:usual|normal|before|yesterday)",
                rf"{CANT}{S}feel{S}(?:the{S}|my{S})?baby{S}(?:move|moving|kick\w*)",
                rf"(?:haven'?t|hasn'?t|have{S}not|not|didn'?t){S}(?:felt|feel|noticed){S}(?:the{S}"
                rf"|my{S}|any{S})?(?:baby{S})?(?:move|moving|movements?|kick\w*)",
            ),
        ),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="pregnancy_waters_breaking",
        label="Your waters have broken",
        level=EMERGENCY,
        rationale=(
            "NHS pregnancy: call the maternity unit straight away when waters break; before "
            "37 weeks it is an emergency. We cannot reliably tell the week from a message, so "
            "every report is treated as early."
        ),
        triggers=(
            _when(
                rf"wat+ers?{G2}(?:broken|broke|break|breaking|gone|went|burst|leaking)",
                rf"(?:leaking|gush\w*|trickl\w*){G2}(?:fluid|water|liquid)",
            ),
        ),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="diabetic_ketoacidosis_signs",
        label="Signs of a diabetes emergency (high blood sugar with ketones)",
        level=EMERGENCY,
        rationale=(
            "NHS / NICE NG17-NG18: in diabetes, vomiting with high blood sugar or ketones, "
            "fruity-smelling breath, deep fast breathing, or confusion or drowsiness can be "
            "diabetic ketoacidosis; go to A&E."
        ),
        triggers=(
            Trigger(_words(VOMITING), with_all=(HIGH_SUGAR_OR_KETONES,)),
            _when(
                rf"ketones?{G3}(?:high|raised|positive|present|over|above|[3-9](?:[.,]\d)?|\d\d)",
                rf"(?:high|raised|positive|large){S}ketones?|dka|keto{S0}acidosis",
                rf"breath{G3}(?:smells?|smelling){G2}(?:fruity|sweet|of{S}pear{S}drops"
                rf"|like{S}(?:pear{S}drops|nail{S}(?:polish|varnish)|acetone))|fruity{S}breath"
                rf"|pear{S}drops",
                rf"breath\w*{G2}(?:deep{S}and{S}fast|fast{S}and{S}deep|really{S}deep|very{S}deep)",
                rf"{CONFUSED}|(?:very|really|so){S}(?:drowsy|sleepy)|hard{S}to{S}wake",
            ),
        ),
        applies_if_context=has_diabetes,
        applies_if_text=DIABETES_MENTIONED,
    ),
    RedFlagRule(
        code="head_injury_on_anticoagulant",
        label="Head injury while taking blood-thinning medicine",
        level=EMERGENCY,
        rationale=(
            "NICE CG176: anyone on an anticoagulant or antiplatelet (other than aspirin alone) "
            "who has a head injury needs a CT scan within 8 hours; go to A&E."
        ),
        triggers=(_when(*HEAD_INJURY),),
        applies_if_context=takes_anticoagulant,
        applies_if_text=ANTICOAGULANT_MENTIONED,
    ),
    RedFlagRule(
        code="infant_fever",
        label="High temperature in a baby under 3 months old",
        level=EMERGENCY,
        rationale=(
            "NICE NG143: a baby under 3 months with a temperature of 38C or more is at high "
            "risk of serious illness and must be seen urgently."
        ),
        triggers=(_when(FEVER_WORDS, rf"temp(?:erature)?{G3}(?:high|up|raised)|hot{S}baby"),),
        applies_if_context=is_under_three_months,
        applies_if_text=INFANT_UNDER_THREE_MONTHS,
    ),
    RedFlagRule(
        code="testicular_torsion",
        label="Sudden, severe pain in a testicle",
        level=EMERGENCY,
        rationale=(
            "NHS: sudden, severe testicle pain can be testicular torsion, which needs surgery "
            "within hours; go to A&E."
        ),
        triggers=(
            _when(
                rf"(?:sudden\w*|{SEVERE}){G4}(?:pain|ache|aching|agony){G3}(?:testicles?|testicals?"
                rf"|testes|testis|scrotum|scrotal|(?:my|his|left|right|one){S}(?:left{S}"
                rf"|right{S})?(?:balls?|nuts?|bollocks?))",
                rf"(?:testicles?|testicals?|testes|testis|scrotum|balls?){G4}(?:pain|ache|hurts?"
                rf"|hurting|agony|killing{S}me){G4}(?:sudden\w*|{SEVERE}|out{S}of{S}nowhere|agony)",
                rf"(?:testicles?|testicals?|testes|testis|scrotum"
                rf"|balls?){G3}sudden\w*{G3}(?:pain\w*|hurt\w*|swollen|swell\w*|agony|killing)",
                rf"(?:testicles?|testicals?|testes|testis|scrotum|balls?){G5}(?:in{S}agony"
                rf"|agoni[sz]ing|excruciating|unbearable)",
                rf"(?:twisted|torsion){G2}(?:testic\w*|balls?)|testicular{S}torsion|torsion",
                rf"(?:testicles?|testis|testes){G3}high{S0}riding",
                rf"high{S0}riding{S}(?:testicles?|testis|testes)",
            ),
            Trigger(
                TESTICLE_PAIN,
                # "came on slowly rather than suddenly" (epididymo-orchitis) is not sudden.
                with_all=(
                    _words(
                        rf"(?<!rather than )(?<!not )(?:sudden|abrupt)\w*|out{S}of{S}nowhere",
                        rf"doubled{S}(?:up|over)|{SEVERE}",
                    ),
                ),
            ),
        ),
    ),
    RedFlagRule(
        code="acute_abdomen",
        label="Severe tummy pain with a hard, rigid tummy or vomiting blood",
        level=EMERGENCY,
        rationale=(
            "NHS: go to A&E for sudden, severe tummy pain, a tummy that is rigid or hard to "
            "touch, or severe tummy pain while vomiting blood."
        ),
        triggers=(
            _when(
                rf"{ABDOMEN}{G3}(?:(?:swollen|distended|bloated){S}and{S}(?:hard|rigid|tense)|rigid"
                rf"|hard{S}as{S}(?:a{S})?(?:board|rock|brick)|board{S0}like|rock{S}hard|(?:really"
                rf"|very){S}hard(?!{S}to))|rigid{S}{ABDOMEN}",
                rf"sudden\w*{G2}{SEVERE_ABDOMINAL_PAIN}",
            ),
            Trigger(_words(SEVERE_ABDOMINAL_PAIN), with_all=(VOMITING_BLOOD,)),
        ),
    ),
    RedFlagRule(
        code="sudden_vision_loss",
        label="Sudden loss of sight",
        level=EMERGENCY,
        rationale=(
            "NHS: go to A&E for sudden loss of sight, a shadow or curtain across the vision, "
            "or new flashes with floaters (retinal detachment, artery occlusion)."
        ),
        triggers=(
            _when(
                rf"(?:lost|loss{S}of)(?:{S}(?:all|the|my|his|her|some))?{G1}(?:sight|vision"
                rf"|eyesi(?:ght|te))",
                rf"(?:sight|vision|eyesi(?:ght|te)){G3}(?:gone(?:{S}(?:black|dark|blank))?"
                rf"|went{S}(?:black|dark|blank)|disappear\w*|blacked{S}out)(?!{S}(?:blurry|blurred"
                rf"|fuzzy|funny|weird|a{S}bit))",
                rf"{CANT}{S}see{S}(?:(?:out{S}of|with|from|through){S}(?:{POSS}{S})?(?:left{S}"
                rf"|right{S})?eye|anything|at{S}all)",
                rf"(?:curtain|shadow|veil){G3}(?:over|across|coming{S}(?:down|across)){G2}(?:eyes?"
                rf"|vision|sight)",
                rf"blind{S}in{S}one{S}eye|(?:went|gone|going|suddenly){S}blind",
                rf"flash\w*{G4}floaters?|floaters?{G4}flash\w*",
            ),
        ),
    ),
    RedFlagRule(
        code="severe_burn",
        label="A serious burn",
        level=EMERGENCY,
        rationale=(
            "NHS: go to A&E for large or deep burns, chemical or electrical burns, burns to the "
            "face, hands, feet or genitals, white or charred skin, and electric shocks."
        ),
        triggers=(
            _when(
                rf"(?:sever(?:e|ly|ely)?|serious|bad|badly|deep|large|big|huge|third{S0}degree"
                rf"|3rd{S}degree|full{S}thickness|chemical|electric\w*|acid){G3}(?:burns?|burnt"
                rf"|burned|scald\w*)",
                rf"(?:burns?|burnt|burned|scald\w*){G2}(?:whole|entire|all{S}(?:of{S})?(?:my|his"
                rf"|her))",
                rf"(?:burns?|burnt|burned|scald\w*){G3}(?:badly|severely|all{S}over|white|charred"
                rf"|blacken\w*|leathery|(?:bigger|larger){S}than|size{S}of)",
                rf"electrocut\w*|(?:got|had|received|gave{S}(?:me|him|her)){S}(?:an?{S})?(?:big{S}"
                rf"|bad{S}|nasty{S})?electric{S}shock",
            ),
            _when(
                rf"(?:burns?|burnt|burned|scald\w*){S}(?:on{S}|to{S})?(?:my|his|her|their"
                rf"|the){S}(?:face|hands?|feet|foot|genitals|groin)",
                with_all=(_words(r"blister\w*"),),
            ),
        ),
    ),
    RedFlagRule(
        code="low_oxygen_saturation",
        label="A low oxygen level on a pulse oximeter",
        level=EMERGENCY,
        rationale=(
            "NHS pulse oximeter advice: a reading of 92% or below means go to A&E or call 999 "
            "(93-94% means call a GP or 111). A reading the message calls the patient's usual "
            "(people with COPD often run at 88-92%) is not a new finding."
        ),
        triggers=(_when(SPO2_AT_MOST_92),),
    ),
    RedFlagRule(
        code="cauda_equina_signs",
        label="Back pain with numbness around the bottom or loss of bladder or bowel control",
        level=EMERGENCY,
        rationale=(
            "NHS back pain and sciatica: go to A&E for back pain with numbness around the bottom "
            "or genitals, new difficulty peeing, or loss of bladder or bowel control - signs of "
            "cauda equina syndrome, which needs surgery within hours (NICE CKS)."
        ),
        triggers=(
            _when(
                rf"(?:wet|wetting|wee'?d|peed|soiled|pooed|pooped){S}(?:myself|himself|herself"
                rf"|themselves)|incontinen\w*|(?:lost|losing|loss{S}of|no){S}control{S}(?:of|over)"
                rf"{S}(?:{POSS}{S})?(?:bladder|bowels?|wee|pee)",
                rf"{CANT}{S}(?:pee|wee|urinate|pass{S}(?:urine|water)"
                rf"|empty{S}(?:{POSS}{S})?bladder)",
                rf"(?:difficulty|trouble|struggling){S}(?:passing{S}(?:urine|water)|peeing|weeing"
                rf"|urinating)",
                rf"(?:reduced|altered|decreased|lost|loss{S}of){S}(?:sensation|feeling){G3}(?:saddle"
                rf"|bottom|buttocks?|genitals|groin|perineum|back{S}passage)",
                rf"numb\w*{G3}(?:bum|bottom|buttocks?|genitals|groin|privates|saddle|crotch|back"
                rf"{S}passage|anus|perineum|between{S}(?:my|his|her|the){S}legs)",
                rf"saddle{S}(?:numbness|an(?:a)?esthesia)",
                with_all=(BACK_PAIN,),
            ),
        ),
    ),
    RedFlagRule(
        code="bite_on_face_hand_or_genitals",
        label="An animal or human bite on the face, hand, foot or genitals",
        level=EMERGENCY,
        rationale=(
            "NHS animal and human bites: go to A&E or an urgent treatment centre now if a bite "
            "has broken the skin on the face, hands, feet or genitals, where infection and "
            "damage to tendons, nerves and cosmetic areas are most likely."
        ),
        triggers=(
            _when(
                rf"{BITTEN}{S}(?:(?:me|him|her|them|us){S})?(?:on|in|to){S}(?:{POSS}{S})?"
                rf"{BITE_SITE}",
                rf"{BITTEN}{S}{POSS}{S}{BITE_SITE}",
                rf"{BITE_SITE}{S}(?:(?:was|got|has{S}been|have{S}been|were){S})?{BITTEN}",
                rf"(?:dog|cat|animal|human|fox|horse|rat|ferret){S}bites?{S}(?:on|to){S}(?:{POSS}"
                rf"{S})?{BITE_SITE}",
                with_all=(ANIMAL_OR_PERSON,),
            ),
        ),
    ),
    RedFlagRule(
        code="fever_on_chemotherapy",
        label="A temperature or shivering during chemotherapy",
        level=EMERGENCY,
        rationale=(
            "NHS chemotherapy and NICE NG151 (neutropenic sepsis): during chemotherapy a "
            "temperature of 37.5C or more, or feeling hot, shivery or unwell, can be a "
            "life-threatening infection; call the 24-hour chemotherapy helpline or go to A&E "
            "now. Chemotherapy years ago does not count."
        ),
        triggers=(Trigger(FEVER_ON_CHEMOTHERAPY),),
        applies_if_context=has_chemotherapy,
        applies_if_text=CHEMOTHERAPY_MENTIONED,
    ),
    RedFlagRule(
        code="severe_hypertension_with_symptoms",
        label="A very high blood pressure reading with headache, vision or chest symptoms",
        level=EMERGENCY,
        rationale=(
            "NHS high blood pressure: a reading of 180/120 or higher with a severe headache, "
            "blurred vision, chest pain, breathlessness or confusion needs A&E now (NICE NG136 "
            "accelerated hypertension). Without symptoms the same reading is urgent, not an "
            "emergency."
        ),
        triggers=(Trigger(BP_180_120_OR_MORE, with_all=(HYPERTENSIVE_EMERGENCY_SYMPTOM,)),),
    ),
    RedFlagRule(
        code="pregnancy_severe_hypertension",
        label="A blood pressure of 160/110 or higher in pregnancy",
        level=EMERGENCY,
        rationale=(
            "NICE NG133: in pregnancy a blood pressure of 160/110 or more is severe "
            "hypertension (pre-eclampsia risk) and needs assessment in hospital now."
        ),
        triggers=(Trigger(BP_160_110_OR_MORE),),
        applies_if_context=is_pregnant,
        applies_if_text=PREGNANCY_MENTIONED,
    ),
    RedFlagRule(
        code="infant_fever_three_to_six_months",
        label="A temperature of 39C or more in a baby of 3 to 6 months",
        level=EMERGENCY,
        rationale=(
            "NICE NG143 (fever in under 5s): a baby aged 3 to 6 months with a temperature of "
            "39C or more is at high risk of serious illness (red) and must be seen now."
        ),
        triggers=(_when(TEMPERATURE_39_OR_MORE),),
        applies_if_context=is_three_to_six_months,
        applies_if_text=INFANT_THREE_TO_SIX_MONTHS,
    ),
    RedFlagRule(
        code="hypothermia",
        label="A body temperature below 35C",
        level=EMERGENCY,
        rationale=(
            "NHS hypothermia: a body temperature below 35C is a medical emergency; go to A&E "
            "or call 999 (NICE NG51 counts it as a sign of sepsis too)."
        ),
        triggers=(_when(TEMPERATURE_UNDER_35),),
    ),
    RedFlagRule(
        code="head_injury_warning_signs",
        label="A head injury followed by vomiting, drowsiness or being knocked out",
        level=EMERGENCY,
        rationale=(
            "NHS head injury and NICE CG176: go to A&E after a head injury if the person has "
            "been sick, is drowsy or hard to keep awake, was knocked out, or has clear fluid "
            "coming from the nose or ears."
        ),
        triggers=(Trigger(_words(*HEAD_INJURY), with_all=(HEAD_INJURY_WARNING_SIGN,)),),
    ),
    RedFlagRule(
        code="urinary_retention",
        label="Not able to pee at all",
        level=EMERGENCY,
        rationale=(
            "NHS urinary retention: go to A&E if you suddenly cannot pee at all, often with a "
            "painful, swollen lower tummy; the bladder needs draining now."
        ),
        triggers=(
            _when(rf"{CANT}{S}(?:pee|wee|urinate|pass{S}(?:any{S})?(?:urine|water)){S}at{S}all"),
            _when(
                rf"(?:pee|wee|go|urinate)(?:{S}(?:to{S}the{S})?(?:toilet|loo))?,?{S}but{S}nothing"
                rf"{S}(?:comes?|came|is{S}coming|will{S}come){S}out",
                rf"(?:not|\w+n'?t){S}(?:been{S}able{S}to{S})?(?:pee|wee|urinate|peed|weed"
                rf"|urinated|pass(?:ed)?{S}(?:any{S})?(?:urine|water)){_FOR_HOURS}",
                rf"no{S}(?:urine|wee|pee){_FOR_HOURS}|(?:inability|unable){S}to{S}(?:pass{S}urine"
                rf"|pee|wee|urinate)",
                rf"bladder{G3}{CANT}{S}empty|{CANT}{S}empty{S}(?:{POSS}{S})?bladder",
                with_all=(URGE_TO_PASS_URINE,),
            ),
        ),
    ),
    RedFlagRule(
        code="chemical_eye_injury",
        label="A chemical in the eye",
        level=EMERGENCY,
        rationale=(
            "NHS eye injuries: after a chemical such as bleach, oven or drain cleaner or cement "
            "gets in the eye, rinse it with water for 20 minutes and go to A&E now; alkalis "
            "can blind within hours."
        ),
        triggers=(
            _when(
                rf"{CHEMICAL}{_gap(8)}{EYE}",
                rf"{EYE}{_gap(6)}{CHEMICAL}",
            ),
        ),
    ),
    RedFlagRule(
        code="bowel_obstruction_signs",
        label="A blocked bowel: no stool or wind, or green vomit, with a swollen tummy or vomiting",
        level=EMERGENCY,
        rationale=(
            "NHS bowel obstruction: tummy pain, a swollen tummy, being sick (often green bile) and "
            "not being able to poo or pass wind mean the bowel may be blocked; go to A&E now."
        ),
        triggers=(
            _when(NO_WIND, with_all=(OBSTRUCTION_SIGN,)),
            _when(GREEN_VOMIT, with_all=(_words(SWOLLEN_ABDOMEN),)),
        ),
    ),
)
