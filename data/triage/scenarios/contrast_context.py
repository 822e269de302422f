"""Contrast families where the patient's context changes the level.

The scenarios in a family share their phrasings; a slot carries the context (a blood thinner,
diabetes, a drug that can stop the bone marrow, kidney disease, being a man), and the same
reassuring negations appear on both sides so they never decide the level alone.
"""

HEAD_BUMP = [
    "{hi}{iam}I banged my head on {obj} {when}{x}. {meds} {q}",
    "{hi}hit my head {when} on {obj}, got a bit of a lump{x}. {meds} {q}",
    "{hi}{iam}I've bumped my head {when}{x}. {meds} {q}",
    "{hi}{meds} I knocked my head on {obj} {when}{x}. {q}",
    "{hi}smacked my head {when}, it's sore{x}. {meds} {q}",
    "{hi}{iam}walked into {obj} {when} and hit my forehead{x}. {meds} {q}",
]

HEAD_OBJECTS = [
    "a kitchen cupboard door",
    "the car boot",
    "a low beam",
    "a shelf",
    "the door frame",
]

HEAD_X = [
    "",
    ", didn't knock myself out",
    ", I haven't been sick",
    ", I didn't pass out",
    ", I feel OK, just a small headache",
    ", I can remember everything",
    ", no blood",
]

FOOT = [
    "{hi}{iam}{ctx}I've got a small cut on the bottom of my foot from {obj} {when}{x}. {q}",
    "{hi}{ctx}I stood on {obj} {when} and cut my foot{x}. {q}",
    "{hi}{iam}there's a little sore on my big toe, I noticed it {when}{x}. {ctx}{q}",
    "{hi}blister on my heel from new shoes {when}{x}. {ctx}{q}",
    "{hi}{ctx}I nicked my foot on {obj} {when}{x}. {q}",
    "{hi}got a small wound on my foot {when}{x}. {ctx}{q}",
]

FOOT_OBJECTS = [
    "a bit of glass",
    "a shell on the beach",
    "a drawing pin",
    "a sharp stone",
    "a sharp bit of shell",
]

THROAT = [
    "{hi}{iam}I've got a sore throat {dur}{x}. {ctx}{q}",
    "{hi}{ctx}my throat is really scratchy and sore {dur}{x}. {q}",
    "{hi}it hurts to swallow a bit {dur}{x}. {ctx}{q}",
    "{hi}{iam}my throat's been killing me {dur}{x}. {ctx}{q}",
    "{hi}sore throat and feeling a bit rough {dur}{x}. {ctx}{q}",
    "{hi}{ctx}I woke up with a sore throat {ago}{x}. {q}",
]

VOMIT = [
    "{hi}{iam}{ctx}I've been throwing up {dur}{x}. {q}",
    "{hi}{ctx}I've been sick {n} {dur}{x}. {q}",
    "{hi}{iam}vomiting on and off {dur}{x}. {ctx}{q}",
    "{hi}stomach bug I think, being sick {dur}{x}. {ctx}{q}",
    "{hi}{ctx}I can't stop being sick, it's been going {dur}{x}. {q}",
    "{hi}{iam}throwing up {dur} and I feel awful{x}. {ctx}{q}",
    "{hi}I've had sickness {dur}{x}. {ctx}{q}",
]

UTI = [
    "{hi}{me}it burns when I pee{x}. {q}",
    "{hi}{me}peeing burns and I'm going every 5 minutes {dur}{x}. {q}",
    "{hi}{me}I think I've got a water infection, it stings when I wee {dur}{x}. {q}",
    "{hi}{me}I keep needing the toilet and it stings {dur}{x}. {q}",
    "{hi}{me}my wee is cloudy and smells strong, and it hurts to go{x}. {q}",
    "{hi}{me}think I have a UTI {dur}{x}. {q}",
    "{hi}{me}burning pee, need to go all the time{x}. {q}",
]

UTI_DUR = ["since yesterday", "for a day", "since this morning", "for 2 days"]

ANTICOAG = [
    {"t": "I'm on warfarin.", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
    {"t": "I take apixaban for my heart.", "cond": ["atrial fibrillation"], "med": ["apixaban"]},
    {"t": "I'm on rivaroxaban for a clot I had.", "cond": ["previous DVT"], "med": ["rivaroxaban"]},
    {"t": "I'm on blood thinners, apixaban.", "cond": ["atrial fibrillation"], "med": ["apixaban"]},
    {"t": "I take warfarin for AF.", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
    {"t": "I'm on edoxaban.", "cond": ["atrial fibrillation"], "med": ["edoxaban"]},
]

DIABETES = [
    {"t": "I'm type 2 diabetic. ", "cond": ["type 2 diabetes"], "med": ["metformin"]},
    {"t": "I have diabetes. ", "cond": ["type 2 diabetes"], "med": ["metformin"]},
    {"t": "I'm diabetic on insulin. ", "cond": ["type 1 diabetes"], "med": ["insulin"]},
    {"t": "I'm a diabetic. ", "cond": ["type 2 diabetes"], "med": ["metformin", "gliclazide"]},
]

AGRANULOCYTOSIS_RISK = [
    {
        "t": "I'm on carbimazole for my thyroid. ",
        "cond": ["hyperthyroidism"],
        "med": ["carbimazole"],
    },
    {
        "t": "I take methotrexate for my arthritis. ",
        "cond": ["rheumatoid arthritis"],
        "med": ["methotrexate"],
    },
    {
        "t": "I started carbimazole a couple of months ago. ",
        "cond": ["hyperthyroidism"],
        "med": ["carbimazole"],
    },
    {"t": "I'm on methotrexate. ", "cond": ["psoriasis"], "med": ["methotrexate"]},
]

KIDNEY = [
    {
        "t": "I have chronic kidney disease and take ramipril. ",
        "cond": ["chronic kidney disease"],
        "med": ["ramipril"],
    },
    {"t": "I've got kidney disease, stage 3. ", "cond": ["chronic kidney disease"], "med": []},
    {
        "t": "I have CKD and I'm on furosemide. ",
        "cond": ["chronic kidney disease"],
        "med": ["furosemide"],
    },
    {
        "t": "I've got bad kidneys and take lisinopril. ",
        "cond": ["chronic kidney disease"],
        "med": ["lisinopril"],
    },
]

SCENARIOS = [
    {
        "id": "sc_head_bump_minor",
        "level": "self_care",
        "family": "head_bump",
        "who": "adult",
        "age": (18, 64),
        "why": "Minor head bump, no loss of consciousness, no vomiting, not anticoagulated: home care.",
        "texts": HEAD_BUMP,
        "slots": {
            "obj": HEAD_OBJECTS,
            "x": HEAD_X,
            "when": [
                "about an hour ago",
                "this morning",
                "earlier today",
                "an hour ago",
                "just now",
            ],
            "meds": [
                "I'm not on any blood thinners.",
                "I don't take any medication.",
                "I'm not on any regular tablets.",
                "",
            ],
        },
    },
    {
        "id": "em_head_injury_anticoagulant",
        "level": "emergency",
        "family": "head_bump",
        "who": "adult",
        "age": (50, 90),
        "why": "Any head injury on an anticoagulant needs a CT within 8 hours (NICE NG232): A&E.",
        "texts": HEAD_BUMP,
        "slots": {
            "obj": HEAD_OBJECTS,
            "x": HEAD_X,
            "meds": ANTICOAG,
            "when": [
                "about an hour ago",
                "this morning",
                "earlier today",
                "an hour ago",
                "just now",
            ],
        },
    },
    {
        "id": "sc_foot_cut_minor",
        "level": "self_care",
        "family": "foot_wound",
        "who": "adult",
        "age": (18, 60),
        "why": "Small clean foot cut or blister in someone without diabetes: clean, cover, watch.",
        "texts": FOOT,
        "slots": {
            "obj": FOOT_OBJECTS,
            "ctx": ["", "", "I'm not diabetic. ", "I'm fit and healthy. "],
            "when": ["yesterday", "this morning", "a couple of days ago"],
            "x": [
                ", it's stopped bleeding and looks clean",
                ", it's only small",
                ", I've washed it and put a plaster on",
                ", no redness",
                "",
            ],
        },
    },
    {
        "id": "urg_diabetic_foot_wound",
        "level": "urgent",
        "family": "foot_wound",
        "who": "adult",
        "age": (35, 85),
        "why": "Foot wound in diabetes that is red, swollen or not healing: same-day review (NICE NG19).",
        "texts": FOOT,
        "slots": {
            "obj": FOOT_OBJECTS,
            "ctx": DIABETES,
            "when": ["a few days ago", "last week", "about 5 days ago"],
            "x": [
                ", now it's red and warm around it",
                ", it's not healing and looks a bit red",
                ", there's some redness spreading round it",
                ", it's gone swollen and sore",
                ", it's not healing and there's a bit of yellow stuff",
            ],
        },
    },
    {
        "id": "sc_sore_throat_mild",
        "level": "self_care",
        "family": "sore_throat",
        "who": "adult",
        "age": (16, 65),
        "why": "Sore throat a few days, swallowing fine, no risk medicines: self-care/pharmacist.",
        "texts": THROAT,
        "slots": {
            "dur": ["for 2 days", "since yesterday", "for a couple of days", "for 3 days"],
            "ago": ["this morning", "yesterday"],
            "ctx": ["", "", "I don't take any regular medication. ", "I'm otherwise healthy. "],
            "x": [
                "",
                ", no fever",
                ", I can swallow fine",
                ", bit of a cold too",
                ", no trouble breathing",
                ", paracetamol is helping",
            ],
        },
    },
    {
        "id": "urg_sore_throat_on_carbimazole_methotrexate",
        "level": "urgent",
        "family": "sore_throat",
        "who": "adult",
        "age": (20, 75),
        "bg": False,
        "why": "Sore throat on carbimazole/methotrexate may be neutropenia: urgent blood count today.",
        "texts": THROAT,
        "slots": {
            "dur": ["for 2 days", "since yesterday", "for a couple of days", "for 3 days"],
            "ago": ["this morning", "yesterday"],
            "ctx": AGRANULOCYTOSIS_RISK,
            "x": [
                "",
                ", and a temperature",
                ", I feel a bit shivery",
                ", and a couple of mouth ulcers",
                ", I can still swallow okay",
            ],
        },
    },
    {
        "id": "sc_vomiting_adult_short",
        "level": "self_care",
        "family": "vomiting",
        "who": "adult",
        "age": (18, 60),
        "why": "Adult vomiting under a day or two, keeping sips down, no red flags: self-care.",
        "texts": VOMIT,
        "slots": {
            "ctx": ["", ""],
            "n": ["3 or 4 times", "a few times", "twice"],
            "dur": [
                "since last night",
                "since this morning",
                "since about 2am",
                "since yesterday evening",
            ],
            "x": [
                ", I'm keeping small sips of water down",
                ", still peeing normally",
                ", no blood in it",
                ", bit of diarrhoea too",
                ", I think it's a bug going round",
                ", not in much pain",
                ", I can keep water down",
            ],
        },
    },
    {
        "id": "urg_vomiting_adult_persistent",
        "level": "urgent",
        "family": "vomiting",
        "who": "adult",
        "age": (18, 70),
        "why": "Unable to keep fluids down for over 24 hours: urgent GP/111 (NHS D&V).",
        "texts": VOMIT,
        "slots": {
            "ctx": ["", ""],
            "n": ["loads of times", "more times than I can count", "over 10 times"],
            "dur": [
                "since the day before yesterday",
                "for nearly 2 days",
                "for over 24 hours",
                "for 2 days now",
            ],
            "x": [
                ", I can't keep anything down, even water",
                ", I'm still peeing okay",
                ", I can only keep tiny sips down",
                ", no blood, I just can't keep anything down",
                ", water comes straight back up",
            ],
        },
    },
    {
        "id": "urg_vomiting_kidney_disease",
        "level": "urgent",
        "family": "vomiting",
        "who": "adult",
        "age": (40, 85),
        "bg": False,
        "why": "D&V in CKD or on ACE inhibitors/diuretics risks acute kidney injury: sick day rules, same day.",
        "texts": VOMIT,
        "slots": {
            "ctx": KIDNEY,
            "n": ["a few times", "about 6 times", "4 times"],
            "dur": ["since yesterday", "since last night", "since yesterday morning"],
            "x": [
                "",
                ", and diarrhoea too",
                ", keeping a bit of water down",
                ", not peeing as much as usual",
            ],
        },
    },
    {
        "id": "sc_uti_woman_uncomplicated",
        "level": "self_care",
        "family": "uti",
        "who": "adult",
        "sex": "female",
        "age": (16, 64),
        "why": "Uncomplicated cystitis in a non-pregnant woman 16-64: pharmacist (NHS Pharmacy First).",
        "texts": UTI,
        "slots": {
            "dur": UTI_DUR,
            "me": [
                "",
                "",
                "I'm {age}F and ",
                "{age} year old woman here, ",
                "I'm a woman ({age}) and ",
            ],
            "x": [
                "",
                ", no fever",
                ", no back pain",
                ", I'm not pregnant",
                ", I've had them before and this feels the same",
                ", no blood in it",
                ", no temperature or pain in my side",
            ],
        },
    },
    {
        "id": "urg_uti_man",
        "level": "urgent",
        "family": "uti",
        "who": "adult",
        "sex": "male",
        "age": (18, 80),
        "why": "UTI symptoms in a man need same-day assessment (NICE CKS: treat as complicated).",
        "texts": UTI,
        "slots": {
            "dur": UTI_DUR,
            "me": [
                "I'm a {age} year old man and ",
                "{age}M, ",
                "I'm a bloke, {age}, and ",
                "{age} year old guy here, ",
            ],
            "x": ["", ", no fever", ", no back pain", ", first time I've had this"],
        },
    },
    {
        "id": "urg_uti_fever_flank",
        "level": "urgent",
        "family": "uti",
        "who": "adult",
        "age": (18, 70),
        "why": "Urinary symptoms with fever and loin pain suggest pyelonephritis: see a GP today.",
        "texts": UTI,
        "slots": {
            "dur": UTI_DUR,
            "me": ["", "", "I'm {age} and "],
            "x": [
                ", and now I've got a temperature and pain in my side",
                ", and I've got a fever and my back hurts on one side",
                ", I'm shivery with a temp of 38.6 and pain in my right side",
                ", and a pain in my back under my ribs with a fever",
            ],
        },
    },
]
