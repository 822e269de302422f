"""emergency_ambulance and emergency, written by a carer, friend, neighbour or relative.

These writers describe someone else in the third person ("my husband is 67 and has had crushing
chest pain"), so the record's age, sex and pregnancy are those of the person described, never the
writer's. The `carer` kind names them with {someone} or {subj} (see templating.carer_words).
"""

AMB = "emergency_ambulance"
EM = "emergency"

ANTICOAGULANT = [
    {"t": "warfarin", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
    {"t": "apixaban", "cond": ["atrial fibrillation"], "med": ["apixaban"]},
    {"t": "rivaroxaban for an old clot", "cond": ["previous DVT"], "med": ["rivaroxaban"]},
    {"t": "blood thinners (edoxaban)", "cond": ["atrial fibrillation"], "med": ["edoxaban"]},
    {"t": "warfarin for AF", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
]

SCENARIOS = [
    {
        "id": "amb_chest_pain_carer",
        "level": AMB,
        "who": "carer",
        "age": (45, 90),
        "why": "Central crushing chest pain over 15 minutes with sweating, pallor or spread to arm/jaw: possible heart attack, 999 (NHS).",
        "texts": [
            "{hu}{subj} has had crushing chest pain for {dur} and {hes} gone grey and sweaty{x}. {qu}",
            "{hu}{someone} says {his} chest feels like it's being squeezed and the pain is going down {his} left arm{x}. {qu}",
            "{hu}I'm with {someone}, {he} has a heavy pain in the middle of {his} chest and is clammy and short of breath{x}. {qu}",
            "{hu}{subj} is clutching {his} chest, says it's like a tight band spreading up to {his} jaw, it's been {dur}{x}. {qu}",
            "{hu}{subj} went pale and sweaty with chest pain while we were out walking and it hasn't eased after {dur}{x}. {qu}",
            "{hu}{someone} has chest pain and feels sick and sweaty, {he} says it's like an elephant sitting on {him}{x}. {qu}",
        ],
        "slots": {
            "dur": ["20 minutes", "about half an hour", "15 minutes", "40 minutes"],
            "x": [
                "",
                {
                    "t": ", {he} had a heart attack a few years ago",
                    "cond": ["previous heart attack"],
                },
                ", {he} says it's probably indigestion",
                ", {he} doesn't want a fuss",
                ", it came on while {he} was sitting down",
            ],
        },
    },
    {
        "id": "amb_sepsis_confused_older_carer",
        "level": AMB,
        "who": "carer",
        "age": (70, 98),
        "why": "New confusion with fever in an older adult: sepsis high-risk criterion (NICE NG51, new altered mental state), 999.",
        "texts": [
            "{hu}{subj} has gone very confused since {when} and is burning up{x}. {qu}",
            "{hu}{someone} doesn't know where {he} is today and feels red hot, {hes} had a water infection{x}. {qu}",
            "{hu}{subj} is suddenly muddled and drowsy, with a high temperature and shaking{x}. {qu}",
            "{hu}{someone} hasn't made any sense since {when}, {hes} hot and clammy and breathing fast{x}. {qu}",
            "{hu}{subj} has a fever and is talking nonsense, this isn't like {him} at all{x}. {qu}",
            "{hu}{someone} can barely stay awake and is very hot, {he} was chatting normally until {when}{x}. {qu}",
        ],
        "slots": {
            "when": ["yesterday", "last night", "this morning"],
            "x": [
                "",
                ", {he} doesn't have dementia",
                ", no rash",
                ", {hes} hardly passed urine today",
                ", {his} temperature is 38.9",
                ", temp 39.2C (102.6F)",
            ],
        },
    },
    {
        "id": "amb_gi_bleed_carer",
        "level": AMB,
        "who": "carer",
        "age": (40, 90),
        "why": "Vomiting blood or coffee-ground vomit, or black tarry stools with faintness: upper GI bleed, 999.",
        "texts": [
            "{hu}{subj} has been sick and it's full of blood{x}. {qu}",
            "{hu}{someone} is vomiting dark stuff that looks like coffee grounds and nearly fainted{x}. {qu}",
            "{hu}{subj} has passed black tarry poo twice and is pale and dizzy when {he} stands{x}. {qu}",
            "{hu}{someone} just brought up a lot of bright red blood{x}. {qu}",
            "{hu}{subj} is throwing up blood and looks grey{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                {"t": ", {hes} on warfarin", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
                ", {he} drinks quite a lot",
                {
                    "t": ", {he} takes ibuprofen for {his} back",
                    "cond": ["back pain"],
                    "med": ["ibuprofen"],
                },
                ", no tummy pain",
            ]
        },
    },
    {
        "id": "amb_eclampsia_fit_carer",
        "level": AMB,
        "who": "carer",
        "gest": (24, 40),
        "why": "A seizure in pregnancy after 20 weeks is eclampsia until proved otherwise: 999.",
        "texts": [
            "{hu}{subj} is {gw} weeks pregnant and just had a fit{x}. {qu}",
            "{hu}{someone} is {gw} weeks pregnant, {he} went stiff and started jerking and now {hes} really drowsy{x}. {qu}",
            "{hu}{subj} is {gw} weeks pregnant and has collapsed and is shaking all over{x}. {qu}",
            "{hu}{someone} is {gw} weeks pregnant and had a seizure a few minutes ago, {hes} not making sense{x}. {qu}",
            "{hu}{subj} is {gw} weeks gone, had a terrible headache all day and just had a fit{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} never had one before",
                ", {hes} not epileptic",
                ", {his} blood pressure was up at the last check",
            ]
        },
    },
    {
        "id": "amb_overdose_carer",
        "level": AMB,
        "who": "carer",
        "age": (16, 60),
        "why": "Deliberate overdose needs treatment now even when the person seems well (paracetamol harm is delayed): 999.",
        "texts": [
            "{hu}{subj} has just told me {he} took {pills} about an hour ago{x}. {qu}",
            "{hu}I've found empty packets next to {someone}, {he} says {he} took {pills}{x}. {qu}",
            "{hu}{subj} took {pills} on purpose after an argument{x}. {qu}",
            "{hu}{someone} has taken an overdose of {pills} and is getting really sleepy{x}. {qu}",
            "{hu}{subj} messaged me saying goodbye and now says {hes} swallowed {pills}{x}. {qu}",
        ],
        "slots": {
            "pills": [
                "a whole packet of paracetamol",
                "about 30 paracetamol",
                "two boxes of co-codamol",
                "a load of paracetamol and ibuprofen",
            ],
            "x": [
                "",
                ", {he} seems fine at the moment",
                ", {he} says {he} doesn't want help",
                ", {hes} been drinking as well",
            ],
        },
    },
    {
        "id": "amb_breathless_blue_carer",
        "level": AMB,
        "who": "carer",
        "age": (40, 95),
        "why": "Too breathless to speak, blue lips or oxygen saturation 91% or below: 999 (NHS, NEWS2).",
        "texts": [
            "{hu}{subj} is so breathless {he} can't finish a sentence and {his} lips look blue{x}. {qu}",
            "{hu}{someone} is gasping for air sitting still and is getting drowsy{x}. {qu}",
            "{hu}{subj} can't get {his} breath, {hes} sitting bolt upright fighting for air{x}. {qu}",
            "{hu}{someone} is really struggling to breathe, {his} lips are grey and {hes} sweating{x}. {qu}",
            "{hu}{subj} has had a chest infection and now can only say a word at a time{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", the finger oxygen thing says 86%",
                ", {his} oxygen reading is 88%",
                ", sats 84% on our monitor",
                ", no chest pain",
                ", it's got worse in the last hour",
            ]
        },
    },
    {
        "id": "em_fracture_deformity_carer",
        "level": EM,
        "who": "carer",
        "age": (16, 80),
        "why": "Limb deformity after an injury suggests a displaced fracture: A&E (999 only if unstable or other injuries).",
        "texts": [
            "{hi}{subj} fell off {his} bike and {his} wrist is bent at a funny angle{x}. {q}",
            "{hi}{someone} slipped on the ice, {his} arm looks deformed and {he} can't move it{x}. {q}",
            "{hi}{subj} came off a skateboard and {his} forearm has an obvious bend in it and it's swelling{x}. {q}",
            "{hi}{someone} tripped and landed on {his} hand, the wrist now looks like a dinner fork{x}. {q}",
            "{hi}{subj} fell on {his} shoulder, there's a lump sticking up on {his} collarbone and {he} can't lift {his} arm{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", the skin isn't broken",
                ", {he} can wiggle {his} fingers",
                ", {hes} in a lot of pain but otherwise OK",
                ", {he} didn't hit {his} head",
            ]
        },
    },
    {
        "id": "em_head_injury_anticoagulant_carer",
        "level": EM,
        "who": "carer",
        "age": (65, 95),
        "bg": False,
        "why": "Any head injury on an anticoagulant needs a CT within 8 hours (NICE NG232): A&E even if well.",
        "texts": [
            "{hi}{subj} had a fall {when} and banged {his} head. {Hes} on {med}{x}. {q}",
            "{hi}{someone} tripped over the rug and hit {his} head on the table {when}, {he} takes {med}{x}. {q}",
            "{hi}{subj} knocked {his} head getting out of the car {when}. {He} takes {med}{x}. {q}",
            "{hi}{someone} slipped in the bathroom {when} and has a lump on {his} head. {Hes} on {med}{x}. {q}",
            "{hi}{subj} is on {med} and hit {his} head on a cupboard {when}{x}. {q}",
        ],
        "slots": {
            "med": ANTICOAGULANT,
            "when": ["this morning", "an hour ago", "earlier today", "about 2 hours ago"],
            "x": [
                "",
                ", {he} seems OK in {him}self",
                ", {he} didn't knock {him}self out",
                ", {he} hasn't been sick",
                ", it's just a small bump",
            ],
        },
    },
    {
        "id": "em_hypothermia_older_carer",
        "level": EM,
        "who": "carer",
        "age": (70, 98),
        "why": "Temperature below 35C is hypothermia (NHS: 999 or A&E) and scores 3 on NEWS2; sepsis also possible. Alert, so A&E rather than 999.",
        "texts": [
            "{hi}{subj} has been really cold all day and the thermometer says {t}{x}. {q}",
            "{hi}{subj} has had no heating overnight, {hes} shivering and {his} temperature is only {t}{x}. {q}",
            "{hi}{someone} feels icy to touch, I took {his} temperature and it's {t}{x}. {q}",
            "{hi}{subj} has been sitting in a cold flat, {his} temperature is {t} and {his} hands are freezing{x}. {q}",
            "{hi}{subj} was found sitting out in the garden in the cold, temp is {t} under the arm{x}. {q}",
        ],
        "slots": {
            "t": ["34.6C", "34.8°C", "34.5", "94.3°F", "94.6F", "34.9"],
            "x": [
                "",
                ", {hes} talking to me",
                ", no fever",
                ", the house is freezing",
                ", {hes} had a cold this week",
            ],
        },
    },
    {
        "id": "em_reduced_fetal_movements_carer",
        "level": EM,
        "who": "carer",
        "gest": (26, 40),
        "why": "Reduced or absent fetal movements after 24 weeks: maternity assessment unit now (NHS, RCOG).",
        "texts": [
            "{hi}{subj} is {gw} weeks pregnant and the baby has hardly moved today{x}. {q}",
            "{hi}{someone} is {gw} weeks pregnant and hasn't felt the baby kick since last night{x}. {q}",
            "{hi}{subj} is {gw} weeks and says the baby's movements have slowed right down{x}. {q}",
            "{hi}{someone} is {gw} weeks pregnant and worried, the baby is much quieter than usual{x}. {q}",
            "{hi}{subj} is {gw} weeks along and can't feel the baby moving like normal{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} tried lying on {his} side and a cold drink",
                ", no bleeding",
                ", no pain",
                ", {he} doesn't want to make a fuss",
            ]
        },
    },
    {
        "id": "em_appendicitis_carer",
        "level": EM,
        "who": "carer",
        "age": (16, 45),
        "why": "Pain moving to the right lower abdomen, worse on walking, with vomiting or fever: suspected appendicitis, A&E.",
        "texts": [
            "{hi}{subj} has had pain in the lower right of {his} tummy since last night, worse when {he} walks, and has been sick twice{x}. {q}",
            "{hi}{someone} had a tummy ache round {his} belly button that's moved to the right side and is getting worse{x}. {q}",
            "{hi}{subj} is doubled over with pain low on the right, it hurts more when {he} coughs{x}. {q}",
            "{hi}{someone} has a sharp pain in the bottom right of {his} stomach, no appetite and a temperature of 37.9{x}. {q}",
            "{hi}{subj} can't stand up straight because of pain on the right side of {his} tummy, it's been building all day{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no diarrhoea",
                ", {hes} peeing normally",
                ", painkillers aren't helping",
                ", {he} hasn't eaten anything today",
            ]
        },
    },
]
