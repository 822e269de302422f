"""emergency, for children, babies and pregnancy: go to A&E or the maternity unit now."""

L = "emergency"

SCENARIOS = [
    {
        "id": "em_fracture_child",
        "level": L,
        "who": "child",
        "age": (2, 15),
        "bg": False,
        "why": "Child with deformity or inability to use a limb after injury: A&E.",
        "texts": [
            "{hi}{child} fell off the trampoline and {his} arm looks bent{x}. {q}",
            "{hi}{child} fell off the climbing frame and won't move {his} arm, it's really swollen{x}. {q}",
            "{hi}{child} hurt {his} wrist at school and it's a funny shape{x}. {q}",
            "{hi}{child} came off {his} scooter and is screaming, {his} forearm has a bend in it{x}. {q}",
            "{hi}{child} landed on {his} leg badly and can't stand on it at all{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {he} didn't hit {his} head",
                ", I've given {him} Calpol",
                ", {his} fingers are pink and warm",
            ]
        },
    },
    {
        "id": "em_head_injury_child_vomiting",
        "level": L,
        "who": "child",
        "age": (1, 15),
        "bg": False,
        "why": "Child head injury with vomiting, loss of consciousness or drowsiness: A&E (NICE NG232).",
        "texts": [
            "{hi}{child} fell and hit {his} head and has been sick {n} since{x}. {q}",
            "{hi}{child} bumped {his} head on the playground, was knocked out for a few seconds{x}. {q}",
            "{hi}{child} hit {his} head falling off the sofa, there's a big lump and {hes} been sick{x}. {q}",
            "{hi}{child} banged {his} head and now seems more sleepy than usual and has been sick{x}. {q}",
            "{hi}{child} fell down the stairs and hit {his} head, {hes} vomited {n}{x}. {q}",
        ],
        "slots": {
            "n": ["twice", "three times", "a few times"],
            "x": ["", ", {hes} talking normally", ", no bleeding", ", {he} cried straight away"],
        },
    },
    {
        "id": "em_appendicitis_child",
        "level": L,
        "who": "child",
        "age": (5, 15),
        "bg": False,
        "why": "Child with worsening right lower abdominal pain, fever or walking bent over: A&E.",
        "texts": [
            "{hi}{child} has tummy pain that started in the middle and is now low down on the right{x}. {q}",
            "{hi}{child} is walking bent over with pain on {his} right side{x}. {q}",
            "{hi}{child} has bad pain bottom right of {his} tummy and doesn't want to eat{x}. {q}",
            "{hi}{child} says it hurts to jump or cough, pain in the lower right of {his} tummy{x}. {q}",
            "{hi}{child} has had tummy pain since yesterday and it's getting worse on the right side{x}. {q}",
        ],
        "slots": {
            "x": ["", ", {hes} got a temperature", ", {hes} been sick once", ", no diarrhoea"]
        },
    },
    {
        "id": "em_pregnancy_bleeding",
        "level": L,
        "who": "pregnant",
        "gest": (6, 30),
        "bg": False,
        "why": "Vaginal bleeding in pregnancy: urgent assessment now (early pregnancy unit/maternity unit/A&E).",
        "texts": [
            "{hi}{preg} and I've started bleeding{x}. {q}",
            "{hi}{preg} and there's fresh blood when I wipe, with cramps{x}. {q}",
            "{hi}{preg}, I've got bleeding and period-like pains{x}. {q}",
            "{hi}{preg} and I'm spotting red blood and have tummy cramps{x}. {q}",
            "{hi}{preg}, I just noticed blood in my knickers{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", not heavy",
                ", no pain",
                ", it's a bit more than spotting",
                ", I feel OK otherwise",
            ]
        },
    },
    {
        "id": "em_dka_child",
        "level": L,
        "who": "child",
        "age": (4, 16),
        "cond": ["type 1 diabetes"],
        "med": ["insulin"],
        "bg": False,
        "why": "Child with type 1 diabetes, vomiting and raised ketones: DKA risk, A&E/paediatric unit.",
        "texts": [
            "{hi}{child} has type 1 diabetes and is being sick with ketones of {k}{x}. {q}",
            "{hi}{child} is diabetic, {his} sugars are really high and {hes} got tummy pain and vomiting{x}. {q}",
            "{hi}{child} has type 1 and is breathing deeply, really thirsty and keeps being sick{x}. {q}",
            "{hi}{child} has type 1, ketones are {k} and {he} can't keep fluids down{x}. {q}",
            "{hi}{child} has diabetes and {his} blood sugar is {bg} with high ketones{x}. {q}",
        ],
        "slots": {
            "k": ["3.2", "2.8", "over 3"],
            "bg": ["27", "HI", "29"],
            "x": ["", ", we've given extra insulin", ", {hes} tired"],
        },
    },
    {
        "id": "em_infant_fever_under_3_months",
        "level": L,
        "who": "infant",
        "weeks": (1, 12),
        "bg": False,
        "why": "Fever of 38C or more in a baby under 3 months is a red feature (NICE NG143): A&E now.",
        "texts": [
            "{hi}{baby} has a temperature of {temp}{x}. {q}",
            "{hi}{baby} feels hot and the thermometer says {temp}{x}. {q}",
            "{hi}{baby} has a fever, {temp} under the arm{x}. {q}",
            "{hi}worried about {baby}, {hes} running a temperature of {temp}{x}. {q}",
            "{hi}{baby} is hot to touch, temp is {temp}{x}. {q}",
        ],
        "slots": {
            "temp": ["38.1", "38.4", "38.6", "38", "38.9", "39"],
            "x": [
                "",
                ", {hes} still feeding okay",
                ", no rash",
                ", {hes} a bit sleepier than normal",
                ", {he} has a bit of a cold",
            ],
        },
    },
    {
        "id": "em_testicular_pain_teen",
        "level": L,
        "who": "child",
        "age": (10, 17),
        "sex": "male",
        "bg": False,
        "why": "Sudden severe testicular pain in a boy: torsion until proven otherwise, A&E now.",
        "texts": [
            "{hi}{child} woke up with really bad pain in one testicle and {hes} being sick{x}. {q}",
            "{hi}{child} has sudden agony in his privates and one side is swollen{x}. {q}",
            "{hi}{child} says his balls really hurt, it came on suddenly{x}. {q}",
            "{hi}{child} has severe pain in his groin and testicle that started an hour ago{x}. {q}",
            "{hi}{child} is doubled over with pain in his testicle{x}. {q}",
        ],
        "slots": {"x": ["", ", he didn't injure it", ", no fever", ", it's high up and red"]},
    },
    {
        "id": "em_child_ingestion",
        "level": L,
        "who": "child",
        "age": (1, 5),
        "bg": False,
        "why": "Child who swallowed a button battery, medicines or caustics: A&E now even if well.",
        "texts": [
            "{hi}{child} swallowed a button battery{x}. {q}",
            "{hi}{child} has eaten some of my tablets, I don't know how many{x}. {q}",
            "{hi}{child} bit into a washing machine capsule{x}. {q}",
            "{hi}{child} drank some bleach from under the sink{x}. {q}",
            "{hi}I found {child} with an open bottle of my blood pressure pills{x}. {q}",
            "{hi}{child} swallowed a magnet from a toy{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {he} seems fine at the moment",
                ", {hes} coughing a bit",
                ", it was about 10 minutes ago",
            ]
        },
    },
    {
        "id": "em_burn_child",
        "level": L,
        "who": "child",
        "age": (1, 12),
        "bg": False,
        "why": "Any significant burn in a child (blistering, larger than palm, face/hands): A&E.",
        "texts": [
            "{hi}{child} pulled a cup of tea over {him}self and there's a big blistering burn on {his} chest{x}. {q}",
            "{hi}{child} put {his} hand on the oven door and the palm is blistering{x}. {q}",
            "{hi}{child} got scalded in the bath, the skin on {his} legs is red and peeling{x}. {q}",
            "{hi}{child} touched the hair straighteners and has a burn with big blisters on {his} hand{x}. {q}",
            "{hi}{child} spilled hot water on {his} arm, the burn is bigger than {his} hand{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've run it under cool water",
                ", {hes} screaming",
                ", I covered it with cling film",
            ]
        },
    },
    {
        "id": "em_reduced_fetal_movements",
        "level": L,
        "who": "pregnant",
        "gest": (26, 41),
        "bg": False,
        "why": "Reduced or absent fetal movements: maternity unit now, don't wait (RCOG/NHS).",
        "texts": [
            "{hi}{preg} and the baby hasn't moved much today{x}. {q}",
            "{hi}{preg}, I haven't felt the baby kick since this morning{x}. {q}",
            "{hi}{preg} and the movements have slowed right down{x}. {q}",
            "{hi}{preg}, baby is a lot quieter than usual today{x}. {q}",
            "{hi}{preg} and I can't remember the last time I felt the baby move{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've had a cold drink and lay on my side",
                ", no pain or bleeding",
                ", I feel fine myself",
            ]
        },
    },
    {
        "id": "em_preeclampsia_symptoms",
        "level": L,
        "who": "pregnant",
        "gest": (22, 40),
        "bg": False,
        "why": "Severe headache, visual disturbance, epigastric pain or sudden swelling in pregnancy: maternity unit now.",
        "texts": [
            "{hi}{preg} and I've got a really bad headache that paracetamol won't shift, and flashing lights in my eyes{x}. {q}",
            "{hi}{preg}, pain under my ribs on the right and my face and hands have suddenly puffed up{x}. {q}",
            "{hi}{preg} and my vision is blurry with a pounding headache{x}. {q}",
            "{hi}{preg}, sudden swelling in my face and a severe headache{x}. {q}",
            "{hi}{preg} and I'm seeing spots and have a bad headache and feel sick{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no bleeding",
                ", the baby is moving fine",
                ", my blood pressure was a bit high last week",
            ]
        },
    },
]
