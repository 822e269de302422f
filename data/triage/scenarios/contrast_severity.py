"""Contrast families where severity or a red flag changes the level.

The scenarios in a family share their phrasings; a slot carries what differs ("I can't put any
weight on it", a risk statement, "the blue inhaler isn't helping at all"), and negated red flags
appear on both sides so "no X" alone never decides the level.
"""

BACK = [
    "{hi}{iam}I've done my back in {doing}{sev}{x}. {q}",
    "{hi}my lower back went while I was {doing}{sev}{x}. {q}",
    "{hi}pulled something in my back {doing}{sev}{x}. {q}",
    "{hi}{iam}back pain after {doing}{sev}{x}. {q}",
    "{hi}I twisted awkwardly {doing} and now my lower back hurts{sev}{x}. {q}",
    "{hi}{iam}my lower back has been bad since {doing} yesterday{sev}{x}. {q}",
]

BACK_DOING = [
    "lifting a heavy box",
    "doing the gardening",
    "moving a sofa",
    "picking up my toddler",
    "carrying the shopping in",
]

BACK_X = [
    "",
    ", no numbness anywhere",
    ", peeing normally and no tingling down below",
    ", no leg weakness",
    ", no fever",
    ", the pain doesn't go down my legs",
]

MOOD = [
    "{hi}{iam}I've been feeling really low {dur}{sym}. {risk}",
    "{hi}I don't know who else to tell, everything feels pointless {dur}{sym}. {risk}",
    "{hi}{iam}my mood has been awful {dur}{sym}. {risk}",
    "{hi}struggling with depression again {dur}{sym}. {risk}",
    "{hi}I feel so down {dur}, I've stopped seeing friends{sym}. {risk}",
    "{hi}{iam}I'm not coping at all {dur}{sym}. {risk}",
    "{hi}everything's been really dark for me {dur}{sym}. {risk}",
]

MOOD_DUR = [
    "for a few weeks",
    "for about 2 months",
    "since my divorce",
    "since losing my job",
    "for a while now",
    "lately",
]

MOOD_SYM = [
    "",
    ", not sleeping and not eating much",
    ", I can't enjoy anything",
    ", crying all the time",
    ", I can't concentrate at work",
]

ASTHMA = [
    "{hi}{iam}my asthma is playing up {dur}, {sev}{x}. {q}",
    "{hi}{iam}I'm asthmatic and I'm really wheezy {dur}, {sev}{x}. {q}",
    "{hi}asthma's bad {dur}, {sev}{x}. {q}",
    "{hi}{iam}I've been using my blue inhaler loads {dur} and {sev}{x}. {q}",
    "{hi}chest is tight and wheezy {dur}, I have asthma, {sev}{x}. {q}",
    "{hi}{iam}my breathing is bad with my asthma {dur}, {sev}{x}. {q}",
]

ASTHMA_DUR = [
    "since yesterday",
    "for the last couple of days",
    "tonight",
    "since this afternoon",
    "since I got this cold",
]

MEMORY = [
    "{hi}{rel_intro} has been {state}{x}. {q}",
    "{hi}I'm worried about {rel_intro}. {He} has been {state}{x}. {q}",
    "{hi}can I get some advice about {rel_intro}? {Hes} been {state}{x}. {q}",
    "{hi}it's about {rel_intro} - {hes} been {state}{x}. {q}",
    "{hi}message about {rel_intro}: {hes} been {state}{x}. {q}",
    "{hi}not sure who to ask, but {rel_intro} has been {state}{x}. {q}",
]

ANKLE = [
    "{hi}{iam}I twisted my ankle {how}{state}{x}. {q}",
    "{hi}went over on my ankle {how}{state}{x}. {q}",
    "{hi}{iam}rolled my ankle {how}{state}{x}. {q}",
    "{hi}hurt my ankle {how}{state}{x}. {q}",
    "{hi}my ankle gave way {how}{state}{x}. {q}",
    "{hi}{iam}I landed awkwardly on my ankle {how}{state}{x}. {q}",
]

ANKLE_HOW = [
    "playing football this afternoon",
    "on the stairs earlier",
    "stepping off a kerb this morning",
    "running for the bus",
    "at netball last night",
]

ANKLE_X = ["", ", no numbness in my toes", ", I've got ice on it", ", it's my left one"]

CHILD_DV = [
    "{hi}{child} has been sick and has diarrhoea {dur}{state}{x}. {q}",
    "{hi}{child} has a tummy bug, vomiting {dur}{state}{x}. {q}",
    "{hi}{child} keeps throwing up {dur}{state}{x}. {q}",
    "{hi}{child} has had the runs and been sick {dur}{state}{x}. {q}",
    "{hi}worried about {child}, sick {n} {dur}{state}{x}. {q}",
    "{hi}{child} has got a sickness bug {dur}{state}{x}. {q}",
]

CHILD_DV_DUR = [
    "since last night",
    "since yesterday",
    "since this morning",
    "since yesterday afternoon",
]

SCENARIOS = [
    {
        "id": "sc_back_strain_mild",
        "level": "self_care",
        "family": "back_pain",
        "who": "adult",
        "age": (18, 60),
        "why": "Mild mechanical back strain, mobile, no red flags: keep active, painkillers.",
        "texts": BACK,
        "slots": {
            "doing": BACK_DOING,
            "x": BACK_X,
            "sev": [
                ", it's sore but I can move about",
                ", it aches but I'm still walking around fine",
                ", it's stiff and achy",
                ", it's not too bad, just achy",
            ],
        },
    },
    {
        "id": "urg_back_pain_severe_new",
        "level": "urgent",
        "family": "back_pain",
        "who": "adult",
        "age": (18, 60),
        "why": "New severe back pain uncontrolled by painkillers, no red flags: see a clinician within 24h.",
        "texts": BACK,
        "slots": {
            "doing": BACK_DOING,
            "x": BACK_X,
            "sev": [
                ", the pain is severe and I can barely move",
                ", I'm in agony and can hardly walk",
                ", painkillers aren't touching it, it's the worst back pain I've had",
                ", it's so bad I can't get off the sofa",
            ],
        },
    },
    {
        "id": "rou_low_mood_no_risk",
        "level": "routine",
        "family": "mood",
        "who": "adult",
        "age": (16, 75),
        "why": "Low mood without suicidal thoughts: GP appointment or talking therapies.",
        "texts": MOOD,
        "slots": {
            "dur": MOOD_DUR,
            "sym": MOOD_SYM,
            "risk": [
                "I'm not having any thoughts of harming myself, I just want some help.",
                "No thoughts of suicide or anything like that, but I'd like to talk to someone.",
                "I'm safe, I just think I might need some support.",
                "I wouldn't do anything to myself, I just want to feel normal again.",
                "Can I book in to talk about it?",
            ],
        },
    },
    {
        "id": "urg_suicidal_thoughts_no_plan",
        "level": "urgent",
        "family": "mood",
        "who": "adult",
        "age": (16, 75),
        "why": "Suicidal thoughts without plan or intent: same-day GP/crisis team (NICE NG225).",
        "texts": MOOD,
        "slots": {
            "dur": MOOD_DUR,
            "sym": MOOD_SYM,
            "risk": [
                "Sometimes I think everyone would be better off without me, but I haven't made any plans.",
                "I've been having thoughts about ending it but I don't think I'd act on them.",
                "I keep thinking about suicide, though I haven't got a plan.",
                "Part of me wishes I wouldn't wake up. I'm safe right now.",
                "I've had thoughts of killing myself this week but no plan.",
            ],
        },
    },
    {
        "id": "amb_suicidal_intent_plan",
        "level": "emergency_ambulance",
        "family": "mood",
        "who": "adult",
        "age": (16, 75),
        "why": "Suicidal intent with a plan, means or an act under way: call 999.",
        "texts": MOOD,
        "slots": {
            "dur": MOOD_DUR,
            "sym": MOOD_SYM,
            "risk": [
                "I've got a load of pills saved up and I'm going to take them tonight.",
                "I've written letters to my family and I'm going to end it today.",
                "I'm standing on the bridge right now and I'm going to jump.",
                "I've decided how I'm going to kill myself and I've got everything I need.",
                "I've just taken all my tablets. I don't want to be here any more.",
            ],
        },
    },
    {
        "id": "urg_asthma_worsening",
        "level": "urgent",
        "family": "asthma",
        "who": "adult",
        "age": (16, 65),
        "cond": ["asthma"],
        "med": ["salbutamol inhaler", "beclometasone inhaler"],
        "why": "Worsening asthma, needing reliever more, still talking in sentences: same-day review.",
        "texts": ASTHMA,
        "slots": {
            "dur": ASTHMA_DUR,
            "x": ["", ", no chest pain", ", no fever"],
            "sev": [
                "the blue inhaler helps for a few hours then it's back",
                "I'm needing the blue one every 4 hours",
                "I can still talk fine but I'm waking up at night coughing",
                "I'm OK talking but getting breathless on the stairs",
                "my peak flow is down to about 70% of my best",
            ],
        },
    },
    {
        "id": "amb_asthma_severe",
        "level": "emergency_ambulance",
        "family": "asthma",
        "who": "adult",
        "age": (16, 65),
        "cond": ["asthma"],
        "med": ["salbutamol inhaler", "beclometasone inhaler"],
        "why": "Asthma with reliever not working, can't complete sentences or cyanosis: call 999 (BTS).",
        "texts": ASTHMA,
        "slots": {
            "dur": ASTHMA_DUR,
            "x": ["", ", no chest pain", ", no fever"],
            "sev": [
                "the blue inhaler isn't helping at all and I can barely get words out",
                "I've had 10 puffs and I still can't breathe",
                "I can't finish a sentence and my lips look blue",
                "I'm struggling to breathe even sitting still and the inhaler does nothing",
                "I'm too breathless to talk, my partner is typing this",
            ],
        },
    },
    {
        "id": "rou_memory_gradual",
        "level": "routine",
        "family": "memory",
        "who": "relative",
        "age": (65, 95),
        "why": "Gradual memory decline over months: GP memory assessment.",
        "texts": MEMORY,
        "slots": {
            "state": [
                "getting more forgetful over the last few months",
                "forgetting names and repeating questions for about a year now",
                "getting muddled with bills and appointments, it's crept up over 6 months",
                "slowly losing track of things, worse than last year",
            ],
            "x": [
                "",
                ", otherwise {hes} well",
                ", no falls or anything",
                ", {hes} still managing at home",
                ", {he} knows it's happening and it's upsetting {him}",
            ],
        },
    },
    {
        "id": "amb_sudden_confusion_older",
        "level": "emergency_ambulance",
        "family": "memory",
        "who": "relative",
        "age": (65, 95),
        "why": "Sudden new confusion (delirium, stroke, sepsis): call 999 (NHS).",
        "texts": MEMORY,
        "slots": {
            "state": [
                "suddenly really confused since this morning and not making sense",
                "confused all of a sudden today and doesn't know where {he} is",
                "talking gibberish since lunchtime, completely out of character",
                "suddenly very muddled and drowsy since this afternoon",
            ],
            "x": [
                "",
                ", and {hes} a bit hot",
                ", no obvious injury",
                ", {he} was fine yesterday",
                ", {he} doesn't recognise me",
                ", and {his} speech is slurred",
            ],
        },
    },
    {
        "id": "sc_ankle_sprain",
        "level": "self_care",
        "family": "ankle",
        "who": "adult",
        "age": (16, 60),
        "why": "Ankle sprain, weight-bearing, no deformity: rest, ice, compression, elevation.",
        "texts": ANKLE,
        "slots": {
            "how": ANKLE_HOW,
            "x": ANKLE_X,
            "state": [
                ", it's a bit swollen but I can walk on it",
                ", it's sore and puffy but I can put weight on it",
                ", it's bruised but I'm walking okay, just limping a bit",
                ", it aches but I can still get about",
            ],
        },
    },
    {
        "id": "em_ankle_suspected_fracture",
        "level": "emergency",
        "family": "ankle",
        "who": "adult",
        "age": (16, 75),
        "why": "Can't bear weight, crack heard or deformity: suspected fracture, A&E/UTC for X-ray.",
        "texts": ANKLE,
        "slots": {
            "how": ANKLE_HOW,
            "x": ANKLE_X,
            "state": [
                ", I heard a crack and I can't put any weight on it at all",
                ", it's at a weird angle and really swollen",
                ", I can't stand on it at all and the bone on the side is really tender",
                ", it looks deformed and I can't walk",
                ", there was a snap and now I can't take a single step",
            ],
        },
    },
    {
        "id": "sc_child_tummy_bug",
        "level": "self_care",
        "family": "child_dv",
        "who": "child",
        "age": (1, 4),
        "bg": False,
        "why": "D&V in a child who is drinking and weeing normally: fluids at home (NHS).",
        "texts": CHILD_DV,
        "slots": {
            "dur": CHILD_DV_DUR,
            "n": ["a few times", "4 times", "twice"],
            "x": ["", ", no blood", ", no rash", ", {he} had a cold last week"],
            "state": [
                ", {hes} keeping small drinks down and still weeing",
                ", {hes} still drinking and weeing normally",
                ", {hes} tired but playing in between",
                ", {hes} still drinking milk and had plenty of wees today",
            ],
        },
    },
    {
        "id": "em_child_dehydration",
        "level": "emergency",
        "family": "child_dv",
        "who": "child",
        "age": (1, 4),
        "bg": False,
        "why": "Child with D&V and signs of dehydration (no wees, sunken eyes, not drinking): A&E.",
        "texts": CHILD_DV,
        "slots": {
            "dur": CHILD_DV_DUR,
            "n": ["loads of times", "about 8 times", "non stop"],
            "x": ["", ", no blood", ", no rash", ", {he} had a cold last week"],
            "state": [
                ", {he} hasn't had a wee or wet nappy for 12 hours and {his} eyes look sunken",
                ", {he} won't drink anything and hasn't had a wee since yesterday",
                ", {his} mouth is really dry and there have been no wees all day",
                ", {he} can't keep even sips down and hasn't weed for over 12 hours",
            ],
        },
    },
]
