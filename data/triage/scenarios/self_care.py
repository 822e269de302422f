"""self_care: look after yourself at home or ask a pharmacist."""

L = "self_care"

SCENARIOS = [
    {
        "id": "sc_common_cold",
        "level": L,
        "who": "adult",
        "age": (16, 75),
        "why": "Common cold symptoms in a well adult: rest, fluids, pharmacist.",
        "texts": [
            "{hi}{iam}I've got a stinking cold, runny nose and sneezing{x}. {q}",
            "{hi}bunged up nose and a bit of a sore throat since {when}{x}. {q}",
            "{hi}{iam}I think I've caught a cold, feel a bit rubbish{x}. {q}",
            "{hi}streaming nose, sneezing and a mild headache{x}. {q}",
            "{hi}{iam}cold symptoms for a couple of days, blocked nose and a tickly cough{x}. {q}",
            "{hi}I've got the sniffles and feel a bit run down{x}. {q}",
            "{hi}cold{x}. {q}",
            "{hi}{iam}I've had a cold since the weekend. Blocked nose, sneezing, and my throat was scratchy for the first day but that's gone now. I'm working from home and drinking lots of tea. Just wondering if there's anything I should be taking{x}. {q}",
        ],
        "slots": {
            "when": ["yesterday", "the weekend", "Tuesday"],
            "x": [
                "",
                ", no fever",
                ", I'm not short of breath",
                ", still eating and drinking",
                ", no chest pain",
            ],
        },
    },
    {
        "id": "sc_common_cold_older",
        "level": L,
        "who": "adult",
        "age": (65, 90),
        "why": "A simple cold in an older adult who is well and not breathless: self-care (age alone isn't a red flag).",
        "texts": [
            "{hi}{iam_age}this head cold has knocked me for six, my nose won't stop running{x}. {q}",
            "{hi}{iam_age}I've caught my grandson's cold, bunged up nose{x}. {q}",
            "{hi}{iam_age}I've got a bit of a cold, feeling sniffly{x}. {q}",
            "{hi}{iam_age}sneezing and a blocked nose since yesterday{x}. {q}",
            "{hi}{iam_age}just a cold I think, scratchy throat and runny nose{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no temperature",
                ", my breathing is fine",
                ", eating and drinking normally",
                ", no chest pain or cough",
            ]
        },
    },
    {
        "id": "sc_child_cold",
        "level": L,
        "who": "child",
        "age": (1, 10),
        "bg": False,
        "why": "Child with cold symptoms, no fever or a mild one, eating and playing: home care.",
        "texts": [
            "{hi}{child} has a runny nose and a bit of a cough{x}. {q}",
            "{hi}{child} has had a snotty nose for a couple of days{x}. {q}",
            "{hi}{child} has caught a cold from nursery, sneezing and coughing{x}. {q}",
            "{hi}{child} is a bit bunged up with a cold{x}. {q}",
            "{hi}{child} has a cold, sniffly and a bit grumpy{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no temperature",
                ", {hes} eating and playing normally",
                ", {hes} breathing fine",
                ", drinking well",
            ]
        },
    },
    {
        "id": "sc_hay_fever_mild",
        "level": L,
        "who": "adult",
        "age": (12, 70),
        "why": "Seasonal hay fever symptoms not yet treated: antihistamine from a pharmacist.",
        "texts": [
            "{hi}{iam}my eyes are itchy and I keep sneezing, I think it's hay fever{x}. {q}",
            "{hi}hay fever is starting up again, runny nose and itchy eyes{x}. {q}",
            "{hi}{iam}sneezing fits and watery eyes since the pollen came out{x}. {q}",
            "{hi}my nose is running and my eyes are itchy whenever I go outside{x}. {q}",
            "{hi}{iam}I need something for hay fever{x}. What can I take?",
        ],
        "slots": {
            "x": ["", ", no wheezing", ", I'm not asthmatic", ", I haven't tried anything yet"]
        },
    },
    {
        "id": "sc_minor_cut",
        "level": L,
        "who": "adult",
        "age": (16, 75),
        "why": "Small cut that has stopped bleeding with pressure, edges together: clean and cover.",
        "texts": [
            "{hi}{iam}I cut my finger chopping onions, it's small and stopped bleeding{x}. {q}",
            "{hi}nicked my thumb on a tin lid, shallow cut{x}. {q}",
            "{hi}{iam}small cut on my hand from a bit of paper, it's fine but sore{x}. {q}",
            "{hi}got a little cut on my knee from a fall, just a scrape really{x}. {q}",
            "{hi}{iam}I cut myself shaving and it bled a lot at first but it's stopped now{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", the edges are together",
                ", I've put a plaster on",
                ", I'm up to date with tetanus",
                ", no dirt in it",
            ]
        },
    },
    {
        "id": "sc_bruise",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Bruise from a minor knock, moving normally: ice and rest.",
        "texts": [
            "{hi}{iam}I've got a big bruise on my thigh from walking into a table{x}. {q}",
            "{hi}bashed my shin on the bed frame and it's bruised and a bit swollen{x}. {q}",
            "{hi}{iam}I bruised my arm at the weekend, it's gone purple and yellow{x}. {q}",
            "{hi}bumped my knee and it's sore and bruised but I can walk fine{x}. {q}",
            "{hi}{iam}got a knock playing football, just a bruise I think{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", it's getting better",
                ", I'm not on blood thinners",
                ", I can move it fine",
            ]
        },
    },
    {
        "id": "sc_sunburn_mild",
        "level": L,
        "who": "adult",
        "age": (16, 65),
        "why": "Mild sunburn (red, sore, no large blisters, no heatstroke): cool, moisturise, fluids.",
        "texts": [
            "{hi}{iam}I got burnt in the sun yesterday, my shoulders are red and sore{x}. {q}",
            "{hi}sunburn on my back and arms, it's stinging{x}. {q}",
            "{hi}{iam}fell asleep in the garden and my legs are a bit burnt{x}. {q}",
            "{hi}my face and neck are pink and tender from the sun{x}. {q}",
            "{hi}{iam}mild sunburn from the beach{x}. What can I put on it?",
        ],
        "slots": {
            "x": [
                "",
                ", no blisters",
                ", I feel fine otherwise",
                ", I'm drinking plenty",
                ", no headache or dizziness",
            ]
        },
    },
    {
        "id": "sc_insect_bite",
        "level": L,
        "who": "adult",
        "age": (12, 80),
        "why": "Local reaction to a bite or sting without spreading redness or allergy signs: self-care.",
        "texts": [
            "{hi}{iam}I got bitten by something in the garden and it's itchy and a bit swollen{x}. {q}",
            "{hi}mosquito bites on my legs that are really itchy{x}. {q}",
            "{hi}{iam}stung by a wasp on my hand, it's sore and a bit puffy{x}. {q}",
            "{hi}I've got a red itchy bump from a bite{x}. {q}",
            "{hi}{iam}a horsefly got me on the arm, there's a lump{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", it isn't spreading",
                ", no trouble breathing",
                ", no swelling of my face or lips",
                ", I feel fine otherwise",
            ]
        },
    },
    {
        "id": "sc_teething",
        "level": L,
        "who": "child",
        "age": (0.4, 2),
        "bg": False,
        "why": "Teething (dribbling, chewing, red cheeks) in a well baby: home care.",
        "texts": [
            "{hi}{child} is dribbling loads and chewing everything, I think it's teething{x}. {q}",
            "{hi}{child} has red cheeks and is grumpy, a tooth is coming through{x}. {q}",
            "{hi}{child} is teething and not sleeping well{x}. {q}",
            "{hi}{child} keeps gnawing on {his} hands and {his} gums look swollen{x}. {q}",
            "{hi}{child} is teething{x}. What can I give {him}?",
        ],
        "slots": {"x": ["", ", no temperature", ", feeding okay", ", {hes} otherwise happy"]},
    },
    {
        "id": "sc_nappy_rash",
        "level": L,
        "who": "infant",
        "weeks": (4, 52),
        "bg": False,
        "why": "Simple nappy rash in a well baby: barrier cream, nappy-free time.",
        "texts": [
            "{hi}{baby} has a red rash in the nappy area{x}. {q}",
            "{hi}{baby} has nappy rash, it looks sore{x}. {q}",
            "{hi}{baby} has red skin around {his} bottom{x}. {q}",
            "{hi}{baby} has a bit of nappy rash that's come on this week{x}. {q}",
            "{hi}{baby} has got nappy rash{x}. What's the best cream?",
        ],
        "slots": {"x": ["", ", no fever", ", {hes} feeding well", ", no spots elsewhere"]},
    },
    {
        "id": "sc_mouth_ulcer",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Mouth ulcer under 3 weeks: pharmacist gel/mouthwash.",
        "texts": [
            "{hi}{iam}I've got a painful ulcer inside my cheek{x}. {q}",
            "{hi}mouth ulcer on my tongue, it's been a few days{x}. {q}",
            "{hi}{iam}a couple of mouth ulcers that sting when I eat{x}. {q}",
            "{hi}ulcer on my gum, sore but small{x}. {q}",
            "{hi}{iam}I bit my cheek and now there's an ulcer{x}. {q}",
        ],
        "slots": {"x": ["", ", it's been 4 days", ", I feel fine otherwise", ", no fever"]},
    },
    {
        "id": "sc_cold_sore",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Cold sore in a well adult: antiviral cream from a pharmacist.",
        "texts": [
            "{hi}{iam}I've got a cold sore coming on my lip{x}. {q}",
            "{hi}tingling on my lip and now a blister, I think it's a cold sore{x}. {q}",
            "{hi}{iam}cold sore again{x}. What's the best thing for it?",
            "{hi}I get cold sores and there's one starting{x}. {q}",
            "{hi}{iam}a crusty sore on the corner of my mouth{x}. {q}",
        ],
        "slots": {"x": ["", ", nowhere near my eye", ", I feel well", ", it's just the one"]},
    },
    {
        "id": "sc_constipation_adult_short",
        "level": L,
        "who": "adult",
        "age": (18, 70),
        "why": "Short-lived constipation in an adult without red flags: fluids, fibre, pharmacist.",
        "texts": [
            "{hi}{iam}I haven't had a poo for 3 days and feel bloated{x}. {q}",
            "{hi}bit constipated since I went on holiday{x}. {q}",
            "{hi}{iam}I'm bunged up, struggling to go for a few days{x}. {q}",
            "{hi}constipated after starting co-codamol for my tooth{x}. {q}",
            "{hi}{iam}hard poos and straining this week{x}. {q}",
        ],
        "slots": {
            "x": ["", ", no blood", ", I'm still passing wind", ", no vomiting", ", not much pain"]
        },
    },
    {
        "id": "sc_conjunctivitis_adult",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Sticky red eye without pain, light sensitivity or vision change, no lenses: pharmacist.",
        "texts": [
            "{hi}{iam}my eye is red and sticky, it was glued shut this morning{x}. {q}",
            "{hi}gunky eye with yellow stuff in the corner{x}. {q}",
            "{hi}{iam}I think I've got conjunctivitis, both eyes are pink and crusty{x}. {q}",
            "{hi}itchy watery red eye since yesterday{x}. {q}",
            "{hi}{iam}sticky eyes, my kids had it last week{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no pain",
                ", my vision is fine",
                ", I don't wear contact lenses",
                ", light doesn't bother me",
            ]
        },
    },
    {
        "id": "sc_head_lice",
        "level": L,
        "who": "child",
        "age": (3, 12),
        "bg": False,
        "why": "Head lice: wet combing or pharmacy treatment.",
        "texts": [
            "{hi}{child} has nits again{x}. {q}",
            "{hi}{child} keeps scratching {his} head and I found lice{x}. {q}",
            "{hi}{child} came home from school with head lice{x}. {q}",
            "{hi}{child} has got nits{x}. What's the best treatment?",
            "{hi}{child} has little eggs in {his} hair{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", the whole class has them",
                ", {hes} fine otherwise",
                ", no sores on {his} scalp",
            ]
        },
    },
    {
        "id": "sc_threadworms",
        "level": L,
        "who": "child",
        "age": (2, 12),
        "bg": False,
        "why": "Threadworms (itchy bottom at night, worms seen): pharmacy treatment for the household.",
        "texts": [
            "{hi}{child} has an itchy bottom at night and I saw little white worms{x}. {q}",
            "{hi}I think {child} has threadworms{x}. {q}",
            "{hi}{child} keeps scratching {his} bum at bedtime{x}. {q}",
            "{hi}I saw tiny thread-like worms when {child} went to the toilet{x}. {q}",
            "{hi}{child} has worms again{x}. What should we all take?",
        ],
        "slots": {"x": ["", ", {hes} otherwise well", ", no tummy pain", ", eating fine"]},
    },
    {
        "id": "sc_muscle_ache_exercise",
        "level": L,
        "who": "adult",
        "age": (16, 60),
        "why": "Muscle soreness after exercise: rest and simple painkillers.",
        "texts": [
            "{hi}{iam}my legs are killing me after my first run in ages{x}. {q}",
            "{hi}sore arms and shoulders after a new gym class{x}. {q}",
            "{hi}{iam}my thighs ache after a long hike yesterday{x}. {q}",
            "{hi}stiff and achy muscles from playing five-a-side{x}. {q}",
            "{hi}{iam}I overdid it at the gym and my muscles are sore{x}. {q}",
        ],
        "slots": {"x": ["", ", my wee is a normal colour", ", no swelling", ", it's easing a bit"]},
    },
    {
        "id": "sc_athletes_foot",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Athlete's foot: antifungal cream from a pharmacist.",
        "texts": [
            "{hi}{iam}the skin between my toes is itchy and peeling{x}. {q}",
            "{hi}I think I've got athlete's foot{x}. {q}",
            "{hi}{iam}cracked itchy skin between my toes since using the gym showers{x}. {q}",
            "{hi}itchy flaky feet, white skin between the toes{x}. {q}",
            "{hi}{iam}my feet are itching like mad and the skin is splitting between my little toes{x}. {q}",
        ],
        "slots": {"x": ["", ", I'm not diabetic", ", no redness spreading", ", it's not painful"]},
    },
    {
        "id": "sc_small_burn",
        "level": L,
        "who": "adult",
        "age": (16, 75),
        "why": "Small superficial burn (smaller than a coin, no large blister): cool under water, cover.",
        "texts": [
            "{hi}{iam}I splashed boiling water on my hand, a small red patch{x}. {q}",
            "{hi}burnt my finger on the oven tray, it's red and stings{x}. {q}",
            "{hi}{iam}touched the iron by mistake, tiny burn on my wrist{x}. {q}",
            "{hi}small burn from a hot pan, about the size of a 5p{x}. {q}",
            "{hi}{iam}I caught my arm on the kettle, it's just pink and sore{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I held it under cold water for 20 minutes",
                ", no blisters",
                ", the skin isn't broken",
            ]
        },
    },
    {
        "id": "sc_period_pain",
        "level": L,
        "who": "adult",
        "sex": "female",
        "age": (14, 45),
        "why": "Usual period pain: painkillers, heat.",
        "texts": [
            "{hi}{iam}bad period cramps today{x}. What can I take?",
            "{hi}my period has started and the pain is the usual but annoying{x}. {q}",
            "{hi}{iam}crampy period pains in my lower tummy{x}. {q}",
            "{hi}period pain, same as every month{x}. {q}",
            "{hi}{iam}my period is here and I've got an achy back and cramps{x}. {q}",
        ],
        "slots": {
            "x": ["", ", ibuprofen usually helps", ", no unusual bleeding", ", I'm not pregnant"]
        },
    },
    {
        "id": "sc_nosebleed_stopped",
        "level": L,
        "who": "adult",
        "age": (16, 70),
        "why": "Short nosebleed that stopped with pressure, not on anticoagulants: self-care.",
        "texts": [
            "{hi}{iam}I had a nosebleed that stopped after 10 minutes of pinching{x}. {q}",
            "{hi}my nose bled this morning but it's stopped now{x}. {q}",
            "{hi}{iam}had a quick nosebleed after blowing my nose{x}. {q}",
            "{hi}nose started bleeding in the heat, stopped when I leaned forward{x}. {q}",
            "{hi}{iam}nosebleed earlier, all fine now{x}. {q}",
        ],
        "slots": {
            "x": ["", ", I'm not on blood thinners", ", I feel fine", ", it was only a little"]
        },
    },
    {
        "id": "sc_pregnancy_heartburn",
        "level": L,
        "who": "pregnant",
        "gest": (14, 38),
        "bg": False,
        "why": "Heartburn in pregnancy without pain under ribs or headache: pharmacist-approved antacid.",
        "texts": [
            "{hi}{preg} and I've got terrible heartburn after meals{x}. {q}",
            "{hi}{preg}, indigestion every evening{x}. {q}",
            "{hi}{preg} and keep getting acid coming up{x}. {q}",
            "{hi}{preg} and I've got heartburn{x}. What can I take?",
            "{hi}{preg} and the burning in my chest after food is driving me mad{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no headache",
                ", no pain under my ribs",
                ", baby is moving well",
                ", no swelling",
            ]
        },
    },
    {
        "id": "sc_pregnancy_morning_sickness",
        "level": L,
        "who": "pregnant",
        "gest": (5, 14),
        "bg": False,
        "why": "Morning sickness while still keeping food and fluids down: self-care.",
        "texts": [
            "{hi}{preg} and I feel sick most mornings{x}. {q}",
            "{hi}{preg}, morning sickness is getting to me{x}. {q}",
            "{hi}{preg} and I'm nauseous all day, been sick a couple of times{x}. {q}",
            "{hi}{preg} and feeling sick a lot{x}. Is there anything that helps?",
            "{hi}{preg} and I'm queasy whenever I smell food{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I'm still keeping drinks down",
                ", I'm weeing normally",
                ", no pain or bleeding",
            ]
        },
    },
]
