"""Contrast families where only a home reading changes the level: blood pressure and glucose.

As in contrast_vitals.py, the scenarios in a family share phrasings and reassurances; the
reading decides. Thresholds: NICE NG136 (140-179/90-119 routine; 180/120 or higher urgent without
symptoms, emergency with headache or visual symptoms) and NHS/Diabetes UK advice (glucose 15-20
mmol/L for days without ketones or vomiting urgent; ketones 3 mmol/L or more A&E). Glucose is
given in mmol/L and mg/dL (x18).
"""

HOME_BP = [
    "{hi}{iam}I checked my blood pressure at home and it's {bp}{x}. {q}",
    "{hi}BP at the pharmacy was {bp} today{x}. {q}",
    "{hi}{iam}my blood pressure machine keeps giving me about {bp}{x}. {q}",
    "{hi}just done my BP, it says {bp}, I did it twice{x}. {q}",
    "{hi}{iam}I had my blood pressure taken at the gym and it was {bp}{x}. {q}",
    "{hi}home BP reading {bp} this morning and about the same this evening{x}. {q}",
]

HOME_BP_X = [
    "",
    ", no headache",
    ", I feel completely fine",
    ", no chest pain or blurred vision",
    ", I'm not on any tablets for it",
    ", I only checked because my friend has high BP",
]

HEADACHE_BP = [
    "{hi}{iam}I've had a headache {when}, I checked my blood pressure and it's {bp}{x}. {q}",
    "{hi}headache {when}, BP machine says {bp}{x}. {q}",
    "{hi}{iam}I've got a throbbing head {when} so I did my blood pressure, {bp}{x}. {q}",
    "{hi}my head's been aching {when}. Blood pressure is {bp}{x}. {q}",
    "{hi}{iam}nagging headache {when}, my partner made me check my BP and it's {bp}{x}. {q}",
]

HEADACHE_BP_X = [
    "",
    ", no weakness or numbness",
    ", I feel OK otherwise",
    ", no chest pain",
    ", speech is fine",
]

T2_GLUCOSE = [
    "{hi}{iam}I'm type 2 diabetic and my sugar readings have been {bg} {dur}{x}. {q}",
    "{hi}my blood sugars have been running at {bg} {dur}, I'm on metformin{x}. {q}",
    "{hi}{iam}type 2 diabetes, finger prick readings of {bg} {dur}{x}. {q}",
    "{hi}diabetic here, my glucose meter keeps saying {bg} {dur}{x}. {q}",
    "{hi}{iam}I have type 2 and I've been checking my sugars, they're around {bg} {dur}{x}. {q}",
    "{hi}{iam}my diabetes nurse asked me to test my sugar, it's been {bg} {dur}{x}. {q}",
]

T2_GLUCOSE_SLOTS = {
    "dur": ["for the last few days", "all week", "for 4 or 5 days", "since last week"],
    "x": [
        "",
        ", I feel fine",
        ", I'm not being sick",
        ", not especially thirsty",
        ", eating normally",
    ],
}

T1_KETONES = [
    "{hi}{iam}I'm type 1, I've got a bit of a cold and my sugar is {bg} with ketones {k}{x}. {q}",
    "{hi}type 1 diabetic, blood glucose {bg} and blood ketones {k}{x}. {q}",
    "{hi}{iam}my sugars are high today, {bg}, and the ketone meter says {k}{x}. {q}",
    "{hi}I'm on insulin for type 1. Reading {bg}, ketones {k}{x}. {q}",
    "{hi}{iam}feeling a bit off, type 1, glucose {bg} and ketones {k}, I've done a correction dose{x}. {q}",
]

T1_KETONES_X = [
    "",
    ", I've had my insulin",
    ", I'm drinking water",
    ", I feel a bit tired",
    ", I've got a sore throat",
]

SCENARIOS = [
    {
        "id": "rou_home_bp_raised",
        "level": "routine",
        "family": "home_bp",
        "who": "adult",
        "age": (30, 80),
        "why": "Reading 140-179/90-119 without symptoms: routine GP for home or ambulatory monitoring (NICE NG136).",
        "texts": HOME_BP,
        "slots": {
            "bp": ["150/95", "156/98", "162/100", "148/92", "170/104", "165/96"],
            "x": HOME_BP_X,
        },
    },
    {
        "id": "urg_home_bp_severe_no_symptoms",
        "level": "urgent",
        "family": "home_bp",
        "who": "adult",
        "age": (30, 80),
        "why": "180/120 or higher without symptoms: assess for target organ damage and consider treatment the same or next day (NICE NG136).",
        "texts": HOME_BP,
        "slots": {
            "bp": ["186/122", "190/124", "182/121", "195/125", "200/122", "184/120"],
            "x": HOME_BP_X,
        },
    },
    {
        "id": "sc_headache_normal_bp",
        "level": "self_care",
        "family": "headache_bp",
        "who": "adult",
        "age": (30, 75),
        "why": "Headache with a normal BP and no red flags: tension-type, self-care (NICE CKS).",
        "texts": HEADACHE_BP,
        "slots": {
            "bp": ["124/78", "128/82", "118/76", "132/84", "121/80"],
            "when": ["since this morning", "all day", "since lunchtime", "since I woke up"],
            "x": [
                *HEADACHE_BP_X,
                ", paracetamol has taken the edge off",
                ", I've been staring at screens all day",
            ],
        },
    },
    {
        "id": "em_headache_bp_180_120",
        "level": "emergency",
        "family": "headache_bp",
        "who": "adult",
        "age": (30, 75),
        "why": "180/120 or higher with a headache: possible hypertensive emergency, A&E now (NHS; NICE NG136 same-day).",
        "texts": HEADACHE_BP,
        "slots": {
            "bp": ["196/124", "210/126", "188/122", "205/130", "192/121"],
            "when": ["since this morning", "all day", "since lunchtime", "since I woke up"],
            "x": [*HEADACHE_BP_X, ", my vision's gone a bit blurry", ", it's getting worse"],
        },
    },
    {
        "id": "sc_t2_glucose_in_range",
        "level": "self_care",
        "family": "t2_glucose",
        "who": "adult",
        "age": (35, 80),
        "bg": False,
        "cond": ["type 2 diabetes"],
        "med": ["metformin"],
        "why": "Type 2 readings within target (4-7 fasting, under 8.5 after meals), well: reassurance, carry on.",
        "texts": T2_GLUCOSE,
        "slots": {
            **T2_GLUCOSE_SLOTS,
            "bg": ["6.5", "7.2", "5.8 to 7", "6 mmol", "117 mg/dL", "126 mg/dL"],
        },
    },
    {
        "id": "rou_t2_glucose_high",
        "level": "routine",
        "family": "t2_glucose",
        "who": "adult",
        "age": (35, 80),
        "bg": False,
        "cond": ["type 2 diabetes"],
        "med": ["metformin"],
        "why": "Type 2 readings 10-13 mmol/L (180-234 mg/dL), well, no ketones or vomiting: routine review (as rou_diabetes_high_readings).",
        "texts": T2_GLUCOSE,
        "slots": {
            **T2_GLUCOSE_SLOTS,
            "bg": ["11", "12.5", "10 to 13", "11.8 mmol/L", "207 mg/dL", "225 mg/dL"],
        },
    },
    {
        "id": "urg_t2_glucose_15_to_20",
        "level": "urgent",
        "family": "t2_glucose",
        "who": "adult",
        "age": (35, 80),
        "bg": False,
        "cond": ["type 2 diabetes"],
        "med": ["metformin"],
        "why": "Glucose persistently 15-20 mmol/L (270-360 mg/dL) without vomiting or drowsiness: GP or diabetes team within 24 h.",
        "texts": T2_GLUCOSE,
        "slots": {
            **T2_GLUCOSE_SLOTS,
            "bg": ["16", "17.5", "15 to 18", "18.9 mmol/L", "306 mg/dL", "330 mg/dL"],
        },
    },
    {
        "id": "urg_t1_high_glucose_low_ketones",
        "level": "urgent",
        "family": "t1_ketones",
        "who": "adult",
        "age": (16, 55),
        "bg": False,
        "cond": ["type 1 diabetes"],
        "med": ["insulin"],
        "why": "Type 1 with glucose 15-20 and ketones under 0.6, not vomiting: sick-day rules and contact the diabetes team today.",
        "texts": T1_KETONES,
        "slots": {
            "bg": ["16.2", "15.8", "17", "18.4", "290 mg/dL", "310 mg/dL"],
            "k": ["0.2", "0.4", "0.3", "0.5"],
            "x": T1_KETONES_X,
        },
    },
    {
        "id": "em_t1_high_ketones",
        "level": "emergency",
        "family": "t1_ketones",
        "who": "adult",
        "age": (16, 55),
        "bg": False,
        "cond": ["type 1 diabetes"],
        "med": ["insulin"],
        "why": "Type 1 with blood ketones 3 mmol/L or more (glucose over 20 or HI): probable DKA, A&E now (NHS).",
        "texts": T1_KETONES,
        "slots": {
            "bg": ["24.6", "HI", "27", "29.3", "450 mg/dL", "HI on the meter"],
            "k": ["3.4", "3.8", "4.5", "3.1"],
            "x": T1_KETONES_X,
        },
    },
]
