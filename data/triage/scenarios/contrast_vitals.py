"""Contrast families where only a vital sign changes the level: SpO2, temperature, heart rate.

The scenarios in a family share their phrasings and their reassurances ("I'm talking normally",
"still feeding well") word for word; only the reading differs, so the model has to read the
number. Thresholds: NHS home-oximetry advice and NEWS2 (SpO2 92% or below is an emergency, 93-94%
urgent), NICE NG51 (HR over 130 with infection is high risk), NICE NG143 (38C under 3 months, 39C
at 3-6 months).
"""

SPO2 = [
    "{hi}{iam}I've had covid {dur}, coughing and achy, and my oximeter reads {s}{x}. {q}",
    "{hi}chesty cold {dur}, I checked my oxygen on a finger monitor and it says {s}{x}. {q}",
    "{hi}{iam}bad cough and feeling rough {dur}. Sats on my pulse oximeter are {s}{x}. {q}",
    "{hi}I've got a cold that's gone to my chest {dur}, oxygen level {s} on the clip thing{x}. {q}",
    "{hi}{iam}tested positive for covid {ago}, my home sats monitor says {s}{x}. {q}",
    "{hi}flu-like {dur}, bit of a cough, my O2 reading is {s}{x}. {q}",
    "{hi}{iam}I've been ill with a virus {dur}. Sore throat at first, now mostly a cough and I feel washed out. My partner has an oximeter and my reading is {s}{x}. {q}",
]

SPO2_SLOTS = {
    "dur": ["for 3 days", "since the weekend", "for 4 days", "since Tuesday"],
    "ago": ["3 days ago", "on Monday", "4 days ago"],
    "x": [
        "",
        ", I'm talking normally",
        ", no chest pain",
        ", I'm drinking plenty",
        ", I feel OK sitting still",
        ", my lips look a normal colour",
    ],
}

FEVER_HR = [
    "{hi}{iam}I've got flu-like symptoms, temperature {t} and my watch says my resting heart rate is {hr}{x}. {q}",
    "{hi}aching all over and shivery, temp {t}, pulse {hr} lying down{x}. {q}",
    "{hi}{iam}feel rubbish with a fever, {t}, heart rate {hr} on my fitness tracker while sitting{x}. {q}",
    "{hi}temperature of {t} since last night and my pulse is {hr} at rest{x}. {q}",
    "{hi}{iam}bad fever {when}, it's {t}, and my heart rate is {hr} sitting on the sofa{x}. {q}",
]

FEVER_HR_X = ["", ", sore throat and cough", ", no rash", ", I'm drinking OK", ", no chest pain"]

INFANT_TEMP = [
    "{hi}{baby} feels hot, the thermometer says {t}{x}. {q}",
    "{hi}{baby} has had a temperature of {t} {when}{x}. {q}",
    "{hi}{baby} is a bit warm and grizzly, temp {t} under the arm{x}. {q}",
    "{hi}{baby} has been running a fever {when}, {t} at the last check{x}. {q}",
    "{hi}worried about {baby}, {hes} got a temperature of {t}{x}. {q}",
    "{hi}{baby} felt warm so I checked and {hes} {t}{x}. {q}",
]

INFANT_TEMP_SLOTS = {
    "when": ["since this afternoon", "since this morning", "since last night"],
    "x": [
        "",
        ", {hes} still feeding well",
        ", plenty of wet nappies",
        ", no rash",
        ", {he} has a bit of a snuffly nose",
        ", {hes} alert and smiley",
    ],
}

STAFF_CHEST = [
    "{via}{pt}, {dur} productive cough, T {t}, SpO2 {s}% RA, no CP, mild SOB on exertion{x}. {sq}",
    "{via}{pt}, cough + green sputum {dur}, temp {t}, sats {s}% on home oximeter{x}. {sq}",
    "{via}{pt}, ?chest infection {dur}, T {t}, SpO2 {s}%, talking in full sentences{x}. {sq}",
    "{via}{pt}, URTI sx {dur} now chesty cough, T {t}, O2 sats {s}{x}. {sq}",
    "{via}{pt}, cough {dur}, temp {t}, SpO2 {s}% RA, eating + drinking{x}. {sq}",
    "{via}{pt}, chesty {dur}, obs per pt: T {t}, sats {s}%, HR {hr}{x}. {sq}",
]

STAFF_CHEST_SLOTS = {
    "dur": ["2/7", "3/7", "2 days", "4/7"],
    "x": ["", ", no haemoptysis", ", not confused", ", no PMH", ", non-smoker"],
}

SCENARIOS = [
    {
        "id": "sc_oximeter_normal_virus",
        "level": "self_care",
        "family": "oximeter_virus",
        "who": "adult",
        "age": (18, 64),
        "why": "Viral cough or covid with SpO2 95% or more, talking and drinking: self-care (NHS).",
        "texts": SPO2,
        "slots": {**SPO2_SLOTS, "s": ["97%", "98%", "96%", "99%", "97", "98 percent"]},
    },
    {
        "id": "urg_oximeter_borderline_virus",
        "level": "urgent",
        "family": "oximeter_virus",
        "who": "adult",
        "age": (18, 70),
        "why": "SpO2 93-94% with a respiratory infection: NHS oximetry advice is to contact a GP or 111 urgently (NEWS2 2 points).",
        "texts": SPO2,
        "slots": {**SPO2_SLOTS, "s": ["93%", "94%", "93", "94 percent", "93 to 94%"]},
    },
    {
        "id": "em_oximeter_low_virus",
        "level": "emergency",
        "family": "oximeter_virus",
        "who": "adult",
        "age": (18, 70),
        "why": "SpO2 92% or below with a respiratory infection: NHS oximetry advice is A&E or 999 even if the person feels OK (NEWS2 3 points).",
        "texts": SPO2,
        "slots": {**SPO2_SLOTS, "s": ["89%", "90%", "91%", "88%", "90", "89 percent"]},
    },
    {
        "id": "sc_fever_normal_heart_rate",
        "level": "self_care",
        "family": "fever_heart_rate",
        "who": "adult",
        "age": (18, 64),
        "why": "Flu-like illness with a moderate fever and resting HR under 100, drinking: self-care (NHS).",
        "texts": FEVER_HR,
        "slots": {
            "t": ["38.1", "38.0", "38.3°C", "100.8F", "101°F"],
            "hr": ["88", "92", "96", "84", "90bpm"],
            "when": ["since yesterday", "today"],
            "x": FEVER_HR_X,
        },
    },
    {
        "id": "amb_fever_heart_rate_over_130",
        "level": "emergency_ambulance",
        "family": "fever_heart_rate",
        "who": "adult",
        "age": (18, 64),
        "why": "Fever with a resting HR over 130 is a NICE NG51 high-risk sepsis criterion: emergency transfer, usually by 999 ambulance.",
        "texts": FEVER_HR,
        "slots": {
            "t": ["39.6", "39.9°C", "39.4", "103.3F", "103.6°F"],
            "hr": ["134", "138", "142", "136 bpm", "145"],
            "when": ["since yesterday", "today"],
            "x": FEVER_HR_X,
        },
    },
    {
        "id": "em_infant_temp_under_3_months",
        "level": "emergency",
        "family": "infant_temperature",
        "who": "infant",
        "weeks": (1, 12),
        "bg": False,
        "why": "38C or more under 3 months is red whatever else (NICE NG143): A&E now.",
        "texts": INFANT_TEMP,
        "slots": {
            **INFANT_TEMP_SLOTS,
            "t": ["38.1°C", "38.4", "38.0", "100.6°F", "101.1F", "38.7C"],
        },
    },
    {
        "id": "em_infant_temp_39_at_3_to_6_months",
        "level": "emergency",
        "family": "infant_temperature",
        "who": "infant",
        "weeks": (13, 25),
        "bg": False,
        "why": "39C or more at 3-6 months is amber (NICE NG143); face-to-face assessment the same day. Borderline with urgent: the safer level chosen.",
        "texts": INFANT_TEMP,
        "slots": {**INFANT_TEMP_SLOTS, "t": ["39.1", "39.4°C", "39.0", "102.4°F", "103F", "39.6C"]},
    },
    {
        "id": "sc_infant_temp_over_6_months",
        "level": "self_care",
        "family": "infant_temperature",
        "who": "infant",
        "weeks": (30, 48),
        "bg": False,
        "why": "Baby over 6 months with a fever under 39C, feeding and alert (NICE NG143 green): paracetamol or ibuprofen at home, safety-net.",
        "texts": INFANT_TEMP,
        "slots": {**INFANT_TEMP_SLOTS, "t": ["38.2", "38.0°C", "37.9", "100.8°F", "101F", "38.3C"]},
    },
    {
        "id": "sc_chest_cold_staff",
        "level": "self_care",
        "family": "staff_chest",
        "who": "staff",
        "age": (18, 64),
        "why": "Acute cough, afebrile or low-grade, SpO2 96% or more: viral bronchitis, self-care (NICE NG120).",
        "texts": STAFF_CHEST,
        "slots": {
            **STAFF_CHEST_SLOTS,
            "t": ["37.4", "37.6", "37.8", "37.2", "99.5F"],
            "s": ["97", "98", "99", "96"],
            "hr": ["78", "84", "88"],
        },
    },
    {
        "id": "urg_chest_infection_staff",
        "level": "urgent",
        "family": "staff_chest",
        "who": "staff",
        "age": (18, 75),
        "why": "Productive cough with fever and SpO2 94-95%: possible pneumonia in a stable adult, same-day GP (NICE NG138, CRB65 0).",
        "texts": STAFF_CHEST,
        "slots": {
            **STAFF_CHEST_SLOTS,
            "t": ["38.4", "38.6", "38.2", "38.9", "101.3F"],
            "s": ["94", "95"],
            "hr": ["98", "104", "96"],
        },
    },
    {
        "id": "em_chest_infection_hypoxic_staff",
        "level": "emergency",
        "family": "staff_chest",
        "who": "staff",
        "age": (18, 75),
        "why": "Chest infection with SpO2 91% or below on room air: hypoxic, A&E now (NEWS2 3 points; NHS oximetry).",
        "texts": STAFF_CHEST,
        "slots": {
            **STAFF_CHEST_SLOTS,
            "t": ["38.6", "38.9", "38.4", "102F"],
            "s": ["89", "90", "91", "88"],
            "hr": ["112", "118", "108"],
        },
    },
]
