"""Messages that report a home measurement, where the reading is part of what sets the level.

Thresholds follow NEWS2, NICE NG51 (sepsis), NICE NG143 (fever in under-5s), NICE NG136
(hypertension), NICE NG133 (hypertension in pregnancy) and NHS diabetes advice. Readings appear
in both mmol/L and mg/dL (x18) and in both C and F. The contrast files (contrast_vitals.py,
contrast_readings.py) hold the families where only the reading differs.
"""

SCENARIOS = [
    {
        "id": "amb_low_oxygen_breathless",
        "level": "emergency_ambulance",
        "who": "adult",
        "age": (18, 85),
        "why": "Severe breathlessness at rest with home SpO2 91% or below: 999 (NHS oximetry advice, NEWS2 scores 3).",
        "texts": [
            "{hu}{iam}I can hardly breathe, my oximeter says {s} and I can't finish a sentence{x}. {qu}",
            "{hu}really struggling for breath sitting still, oxygen reading {s}{x}. {qu}",
            "{hu}{iam}my sats have dropped to {s} and I'm gasping, it's getting worse{x}. {qu}",
            "{hu}I can't catch my breath at all and the finger monitor is showing {s}{x}. {qu}",
            "{hu}{iam}breathing is awful, lips feel tingly and my oxygen is {s} on the clip{x}. {qu}",
        ],
        "slots": {
            "s": ["86%", "88%", "85%", "87 percent", "89%"],
            "x": [
                "",
                ", no chest pain",
                ", I've had covid this week",
                ", I've had a chest infection for a few days",
                ", I'm on my own",
            ],
        },
    },
    {
        "id": "em_pregnancy_severe_hypertension",
        "level": "emergency",
        "who": "pregnant",
        "gest": (22, 40),
        "bg": False,
        "why": "BP 160/110 or higher in pregnancy, or raised BP with headache: severe hypertension/pre-eclampsia, maternity unit now (NICE NG133).",
        "texts": [
            "{hi}{preg} and my blood pressure on the home monitor is {bp}, I've got a headache{x}. {q}",
            "{hi}{preg}, midwife asked me to check my BP at home and it's {bp}{x}. {q}",
            "{hi}{preg}, BP {bp} twice in a row and I feel a bit off{x}. {q}",
            "{hi}{preg} and I've had a headache since this morning, blood pressure is {bp}{x}. {q}",
            "{hi}{preg}, my home BP reading is {bp} and my feet have puffed up{x}. {q}",
        ],
        "slots": {
            "bp": ["162/110", "165/112", "160/114", "170/115", "168/111"],
            "x": ["", ", the baby is moving fine", ", no bleeding", ", no tummy pain"],
        },
    },
    {
        "id": "em_hyperglycaemia_t2_vomiting",
        "level": "emergency",
        "who": "adult",
        "age": (40, 85),
        "bg": False,
        "cond": ["type 2 diabetes"],
        "med": ["metformin"],
        "why": "Glucose over 20 mmol/L (360 mg/dL) or HI with vomiting or drowsiness in type 2 diabetes: possible HHS or DKA, A&E now.",
        "texts": [
            "{hi}{iam}I'm type 2 diabetic, my sugar is {bg} and I can't stop being sick{x}. {q}",
            "{hi}type 2 diabetes, blood sugar {bg}, vomiting and so thirsty{x}. {q}",
            "{hi}{iam}my glucose meter says {bg}, I've been throwing up since this morning and I'm on metformin{x}. {q}",
            "{hi}diabetic on tablets, reading {bg} today, being sick and feeling really weak{x}. {q}",
            "{hi}{iam}type 2, sugar {bg}, can't keep fluids down and keep weeing{x}. {q}",
        ],
        "slots": {
            "bg": ["28", "32 mmol/L", "HI", "504 mg/dL", "26.5", "450 mg/dL"],
            "x": ["", ", I've had a chest infection", ", no tummy pain", ", I feel dizzy standing"],
        },
    },
    {
        "id": "em_hypo_sulfonylurea_carer",
        "level": "emergency",
        "who": "carer",
        "age": (60, 95),
        "bg": False,
        "cond": ["type 2 diabetes"],
        "med": ["gliclazide"],
        "why": "Hypoglycaemia under 4 mmol/L with confusion on a sulfonylurea (gliclazide): can recur for hours, A&E now after treating it.",
        "texts": [
            "{hi}{subj} is on gliclazide, {his} sugar was {bg} and {he} was muddled, we gave {him} sugar and {he} picked up but it's dropping again{x}. {q}",
            "{hi}{someone} takes gliclazide and has been confused and sweaty, sugar {bg}, {hes} had some juice{x}. {q}",
            "{hi}{subj} has type 2 diabetes on gliclazide, {he} went confused and clammy, meter said {bg}{x}. {q}",
            "{hi}{someone} had a hypo with a reading of {bg} and was talking nonsense, {hes} on gliclazide and {hes} had two hypos this morning{x}. {q}",
            "{hi}{subj} is diabetic on gliclazide and not with it, blood sugar {bg}{x}. {q}",
        ],
        "slots": {
            "bg": ["2.8", "3.1", "2.6 mmol/L", "50 mg/dL", "3.2", "54 mg/dL"],
            "x": [
                "",
                ", {hes} eating now",
                ", {he} hasn't been eating much lately",
                ", {he} can swallow fine",
            ],
        },
    },
    {
        "id": "urg_fever_adult_persisting",
        "level": "urgent",
        "who": "adult",
        "age": (18, 70),
        "why": "Fever of 38C or more for 4 days or more, not improving, no red flags: see a GP within 24 h (NHS).",
        "texts": [
            "{hi}{iam}I've had a temperature of {t} on and off for {dur} and it's not getting better{x}. {q}",
            "{hi}still running a fever after {dur}, it was {t} this morning{x}. {q}",
            "{hi}{iam}temp keeps going up to {t}, it's been {dur} now{x}. {q}",
            "{hi}I've had fevers every day for {dur}, highest {t}, paracetamol brings it down for a bit{x}. {q}",
            "{hi}{iam}high temperature for {dur}, {t} last night, feel rough and achy{x}. {q}",
        ],
        "slots": {
            "t": ["38.6", "38.9", "39.1°C", "101.8F", "102°F", "38.7C"],
            "dur": ["5 days", "4 days", "nearly a week"],
            "x": [
                "",
                ", no rash",
                ", I'm drinking plenty",
                ", I haven't been abroad",
                ", my heart rate is about 95",
            ],
        },
    },
    {
        "id": "rou_copd_stable_sats",
        "level": "routine",
        "who": "adult",
        "age": (50, 85),
        "bg": False,
        "cond": ["COPD"],
        "med": ["tiotropium inhaler", "salbutamol inhaler"],
        "why": "Stable COPD with SpO2 at its usual level and no change in breath or sputum: routine annual or inhaler review.",
        "texts": [
            "{hi}{iam}I have COPD, my sats are {s} which is normal for me, I'd like my inhalers reviewed{x}. {q}",
            "{hi}COPD here, no change in my breathing, oximeter says {s}, just due my annual check{x}. {q}",
            "{hi}{iam}I've got COPD and my oxygen is {s} like usual, I'd like to book my review{x}. {q}",
            "{hi}my COPD is stable, sats {s} at rest, but I want to ask about pulmonary rehab{x}. {q}",
            "{hi}{iam}COPD, same as ever, {s} on my oximeter, I think my inhaler technique could be better{x}. {q}",
        ],
        "slots": {
            "s": ["95%", "96%", "95", "96 percent"],
            "x": ["", ", phlegm is the usual colour", ", no fever", ", not more breathless"],
        },
    },
    {
        "id": "sc_child_fever_fahrenheit",
        "level": "self_care",
        "who": "child",
        "age": (1, 5),
        "bg": False,
        "why": "Child over 1 with a fever under 2 days, drinking, alert and playing (NICE NG143 green): home care.",
        "texts": [
            "{hi}{child} has a temperature of {t} since {when} but is still playing{x}. {q}",
            "{hi}{child} feels warm, thermometer says {t}, drinking fine{x}. {q}",
            "{hi}{child} is running a temp of {t}, had some Calpol and perked up{x}. {q}",
            "{hi}{child} has a fever, {t} {when}, but is chatty and eating a bit{x}. {q}",
            "{hi}{child} has a cold and a temperature of {t}, still weeing normally{x}. {q}",
        ],
        "slots": {
            "t": ["101.3°F", "100.8F", "101F", "102°F", "100.6 F", "38.4 (101.1F)"],
            "when": ["this morning", "last night", "yesterday"],
            "x": ["", ", no rash", ", {hes} drinking well", ", {he} seems {him}self otherwise"],
        },
    },
]
