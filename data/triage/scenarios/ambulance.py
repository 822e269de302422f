"""emergency_ambulance, adults writing about themselves: call the emergency number now."""

L = "emergency_ambulance"
SCENARIOS = [
    {
        "id": "amb_cardiac_chest_pain",
        "level": L,
        "who": "adult",
        "age": (40, 85),
        "why": "Central crushing chest pain spreading to arm/jaw, sweating, lasting over 15 min: heart attack signs.",
        "texts": [
            "{hu}{iam}I've got crushing pain in my chest going down my left arm{x}. {qu}",
            "{hu}my chest feels really tight and heavy, like someone's sitting on it, {dur}{x}. {qu}",
            "{hu}bad chest pain {dur}, it's spreading to my jaw and I'm sweating buckets{x}. {qu}",
            "{hu}{iam}there's a horrible pressure in the middle of my chest {dur} and I feel sick{x}. {qu}",
            "{hu}chest pain won't go away {dur}, my arm feels heavy{x} {qu}",
            "{hu}{iam}I was mowing the lawn and got a squeezing pain in my chest, it hasn't gone with resting{x}. {qu}",
            "{hu}chest pain, left arm numb, sweating{x}",
            "{hu}{iam}I've been feeling off all evening and about half an hour ago a heavy pain started in the middle of my chest. It's going up into my jaw and I've come over all sweaty and sick. I took a couple of paracetamol but nothing has changed{x}. {qu}",
        ],
        "slots": {
            "dur": [
                "for 20 minutes",
                "for the last half hour",
                "for about 15 minutes",
                "for over 20 minutes",
            ],
            "x": [
                "",
                ", and I feel really short of breath",
                ", I've gone grey and sweaty",
                ", it's not easing with rest",
                {
                    "t": ", I have angina and my spray hasn't helped",
                    "cond": ["angina"],
                    "med": ["GTN spray"],
                },
                ", it's not like indigestion, it's different",
            ],
        },
    },
    {
        "id": "amb_atypical_heart_attack",
        "level": L,
        "who": "adult",
        "age": (50, 85),
        "why": "Atypical MI (jaw/arm ache, sweating, breathlessness without chest pain), e.g. in diabetes: 999.",
        "texts": [
            "{hu}{iam}no chest pain as such, but my jaw and left arm ache and I'm sweating and feel like I'll pass out{x}. {qu}",
            "{hu}it's not really pain, more a heavy pressure in my chest, and I'm breathless and clammy{x}. {qu}",
            "{hu}{ctx}I don't have chest pain but I've suddenly gone really breathless, grey and sweaty{x}. {qu}",
            "{hu}{iam}I feel really unwell, sick, cold sweat, ache between my shoulder blades, no chest pain though{x}. {qu}",
            "{hu}{ctx}funny feeling in my chest and my left arm has gone heavy and numb, not painful exactly{x}. {qu}",
            "{hu}not chest pain but a weird tightness in my throat and jaw that came on walking up the hill and won't go{x}. {qu}",
        ],
        "slots": {
            "ctx": ["", {"t": "I'm diabetic. ", "cond": ["type 2 diabetes"], "med": ["metformin"]}],
            "x": [
                "",
                ", it started 20 minutes ago",
                ", it's been half an hour",
                {
                    "t": ", I've had a heart attack before",
                    "cond": ["previous heart attack"],
                    "med": ["aspirin", "atorvastatin"],
                },
            ],
        },
    },
    {
        "id": "amb_stroke_self",
        "level": L,
        "who": "adult",
        "age": (45, 85),
        "why": "Sudden one-sided weakness/numbness or speech disturbance: stroke, call 999 even if painless.",
        "texts": [
            "{hu}{iam}my left arm and leg have suddenly gone numb and weak and my speech sounds funny{x}. {qu}",
            "{hu}suddenly I can't feel my right arm properly and one side of my face is numb{x}. {qu}",
            "{hu}my words are coming out jumbled and my right hand won't grip{x}. {qu}",
            "{hu}{iam}I woke up and one side of my face is drooping and my arm feels heavy and useless{x}. {qu}",
            "{hu}face numb one side, arm weak, words wrong{x}",
            "{hu}{iam}I've suddenly lost half my vision and my arm has gone weak{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", no headache though",
                ", I'm not in any pain",
                ", it started 15 minutes ago",
                ", I'm not dizzy, I just can't use my arm",
            ]
        },
    },
    {
        "id": "amb_anaphylaxis_adult",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Swelling of lips/tongue/throat, wheeze or faintness after a trigger: anaphylaxis, 999.",
        "texts": [
            "{hu}{iam}I've eaten something with {allergen} in it and my lips and tongue are swelling up{x}. {qu}",
            "{hu}got stung by a wasp and now my throat feels tight and I'm wheezing{x}. {qu}",
            "{hu}my face is swelling and it's getting hard to breathe after {trigger}{x}. {qu}",
            "{hu}{iam}I think I'm having an allergic reaction, my throat is closing up and I feel faint{x}. {qu}",
            "{hu}my tongue is swelling and I can't swallow properly since {trigger}{x}. {qu}",
            "{hu}{iam}covered in hives, lips swollen and my voice has gone hoarse after {trigger}{x}. {qu}",
        ],
        "slots": {
            "allergen": ["peanuts", "nuts", "sesame", "prawns"],
            "trigger": [
                "eating a satay curry",
                "taking a new antibiotic",
                "a bee sting",
                "eating prawns",
            ],
            "x": [
                "",
                ", I've used my EpiPen",
                ", I don't have an EpiPen",
                ", I feel dizzy",
                ", no chest pain",
            ],
        },
    },
    {
        "id": "amb_severe_breathlessness",
        "level": L,
        "who": "adult",
        "age": (30, 85),
        "why": "Severe breathlessness at rest, unable to speak in sentences, blue lips: 999.",
        "texts": [
            "{hu}{iam}I can't breathe properly, I can only say a few words at a time{x}. {qu}",
            "{hu}so short of breath I can't speak and my lips are going blue{x}. {qu}",
            "{hu}{iam}suddenly really struggling to breathe even sitting still{x}. {qu}",
            "{hu}I'm gasping for air and it's getting worse{x}. {qu}",
            "{hu}can't catch my breath at all, it feels like I'm drowning{x}. {qu}",
            "{hu}{iam}breathing really fast and shallow, I can't get enough air and feel dizzy{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", my chest hurts when I breathe in",
                ", I'm not asthmatic",
                ", it came on in the last hour",
                ", I feel confused",
                ", no chest pain",
            ]
        },
    },
    {
        "id": "amb_pulmonary_embolism",
        "level": L,
        "who": "adult",
        "age": (20, 75),
        "why": "Sudden breathlessness with pleuritic pain or haemoptysis after flight/surgery/calf swelling: PE, 999.",
        "texts": [
            "{hu}{iam}I got back from a long flight and now I've got sharp chest pain when I breathe and I'm really breathless{x}. {qu}",
            "{hu}sudden stabbing pain in my side when I breathe in and I can't get my breath, my calf has been swollen for days{x}. {qu}",
            "{hu}{iam}I had an operation {when} and now suddenly I'm breathless and coughing up a bit of blood{x}. {qu}",
            "{hu}coughing up blood and struggling to breathe, my chest hurts when I breathe in{x}. {qu}",
            "{hu}really sharp chest pain on breathing and my heart is racing, my leg has been swollen and sore{x}. {qu}",
        ],
        "slots": {
            "when": ["last week", "10 days ago", "a fortnight ago"],
            "x": ["", ", I feel faint", ", no fever", ", it came on suddenly"],
        },
    },
    {
        "id": "amb_overdose",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Deliberate overdose: call 999 even if the person feels well (paracetamol harm is delayed).",
        "texts": [
            "{hu}{iam}I've taken {n} paracetamol {when}{x}. {qu}",
            "{hu}I took a load of my tablets on purpose {when} and now I'm scared{x}. {qu}",
            "{hu}{iam}I swallowed a whole packet of {drug} {when}{x}. {qu}",
            "{hu}I've overdosed on my antidepressants{x}. {qu}",
            "{hu}took too many pills tonight and I feel really drowsy{x}. {qu}",
            "{hu}{iam}I did something stupid and took all my sleeping tablets{x}. {qu}",
        ],
        "slots": {
            "n": ["30", "about 20", "24", "a whole box of"],
            "when": ["an hour ago", "this evening", "2 hours ago"],
            "drug": ["paracetamol", "ibuprofen", "co-codamol", "sertraline"],
            "x": ["", ", I feel okay at the moment", ", I'm not in pain yet", ", I feel sick"],
        },
    },
    {
        "id": "amb_severe_bleeding",
        "level": L,
        "who": "adult",
        "age": (18, 80),
        "why": "Bleeding that won't stop with firm pressure or is spurting: call 999.",
        "texts": [
            "{hu}{iam}I've cut my arm badly and blood is spurting out{x}. {qu}",
            "{hu}the bleeding won't stop, I've been pressing on it {dur} and it's soaking through towels{x}. {qu}",
            "{hu}I sliced my leg open with a chainsaw and there's loads of blood{x}. {qu}",
            "{hu}{iam}deep cut on my wrist from broken glass and it's pumping blood{x}. {qu}",
            "{hu}there's blood everywhere, I cut my hand and it won't stop even with pressure{x}. {qu}",
        ],
        "slots": {
            "dur": ["for 10 minutes", "for ages", "for 15 minutes"],
            "x": ["", ", I feel dizzy", ", I've tied a towel round it", ", I'm on my own"],
        },
    },
    {
        "id": "amb_sepsis_adult",
        "level": L,
        "who": "adult",
        "age": (18, 85),
        "why": "Infection with confusion, mottled skin, no urine, fast breathing: sepsis, 999.",
        "texts": [
            "{hu}{iam}I've had a water infection and now I'm shivering uncontrollably, muddled and my skin looks blotchy{x}. {qu}",
            "{hu}I feel like I'm dying, fever, shaking, I haven't peed all day and my heart is racing{x}. {qu}",
            "{hu}{iam}really unwell, my skin has gone mottled and cold and I'm breathing really fast{x}. {qu}",
            "{hu}I've had a chest infection and now I can barely stand, I'm shivering and my wife says I'm not making sense{x}. {qu}",
            "{hu}{iam}high temperature, slurred speech and I haven't weed since this morning{x}. {qu}",
            "{hu}something is very wrong, I feel the worst I've ever felt, teeth chattering and my lips look bluish{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", no rash",
                ", no chest pain",
                {"t": ", I'm on chemo", "cond": ["cancer"], "med": ["chemotherapy"]},
            ]
        },
    },
    {
        "id": "amb_thunderclap_headache",
        "level": L,
        "who": "adult",
        "age": (18, 75),
        "why": "Sudden severe 'worst ever' headache peaking within a minute: subarachnoid haemorrhage, 999.",
        "texts": [
            "{hu}{iam}I've just had the worst headache of my life come on all of a sudden, like being hit with a bat{x}. {qu}",
            "{hu}sudden explosive headache at the back of my head, it went from nothing to 10 out of 10 in seconds{x}. {qu}",
            "{hu}{iam}an agonising headache came on suddenly {when} and I've been sick{x}. {qu}",
            "{hu}my head suddenly exploded with pain at the gym and now my neck is stiff{x}. {qu}",
            "{hu}{iam}I've never had a headache like this, sudden and severe and the light hurts my eyes{x}. {qu}",
            "{hu}worst head pain ever, it came on in a second and I feel confused{x}. {qu}",
        ],
        "slots": {
            "when": ["20 minutes ago", "an hour ago", "just now"],
            "x": ["", ", I don't usually get headaches", ", no fever", ", I didn't hit my head"],
        },
    },
    {
        "id": "amb_major_trauma",
        "level": L,
        "who": "adult",
        "age": (16, 80),
        "why": "High-energy injury with possible spinal injury, chest injury, penetrating wound: 999.",
        "texts": [
            "{hu}{iam}I've come off my motorbike and I can't feel my legs{x}. {qu}",
            "{hu}I fell off a ladder from quite high, my neck hurts and my arms are tingling{x}. {qu}",
            "{hu}I've been in a car crash, my chest hurts and it's hard to breathe{x}. {qu}",
            "{hu}{iam}I fell off the roof, my back is agony and I can't move my legs properly{x}. {qu}",
            "{hu}I've been stabbed in the stomach{x}. {qu}",
            "{hu}{iam}I was hit by a car on my bike, my thigh is bent and I'm bleeding a lot{x}. {qu}",
        ],
        "slots": {
            "x": ["", ", I'm on my own", ", I'm really cold and shaky", ", there's a lot of blood"]
        },
    },
    {
        "id": "amb_gi_bleed",
        "level": L,
        "who": "adult",
        "age": (30, 90),
        "why": "Vomiting blood or passing black/large amounts of blood with dizziness: call 999.",
        "texts": [
            "{hu}{iam}I'm vomiting lots of blood{x}. {qu}",
            "{hu}I've been sick and it looks like coffee grounds, and I feel faint{x}. {qu}",
            "{hu}{iam}I'm passing loads of black tarry poo and I nearly passed out{x}. {qu}",
            "{hu}throwing up bright red blood, a lot of it{x}. {qu}",
            "{hu}{iam}I keep passing a lot of blood from my bottom and I'm dizzy and pale{x}. {qu}",
            "{hu}there was about a cupful of blood in my sick and I feel cold and clammy{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", I take ibuprofen a lot",
                ", no stomach pain",
                {"t": ", I'm on warfarin", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
            ]
        },
    },
    {
        "id": "amb_arrhythmia_with_red_flags",
        "level": L,
        "who": "adult",
        "age": (25, 85),
        "why": "Palpitations with chest pain, fainting or breathlessness: call 999.",
        "texts": [
            "{hu}{iam}my heart is racing really fast and I've got chest pain and feel like I'm going to faint{x}. {qu}",
            "{hu}my heart is going at 180 and won't slow down, I feel dizzy and breathless{x}. {qu}",
            "{hu}{iam}palpitations with chest tightness and I nearly blacked out{x}. {qu}",
            "{hu}I just fainted while exercising and my heart is pounding irregularly{x}. {qu}",
            "{hu}{iam}my heart is thumping super fast and I've gone grey and sweaty{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", it started 20 minutes ago",
                ", I've never had this before",
                ", I'm not anxious, this feels different",
            ]
        },
    },
]
