"""emergency_ambulance, for children, babies, older relatives and pregnancy: call the emergency number now."""

L = "emergency_ambulance"

SCENARIOS = [
    {
        "id": "amb_stroke_relative",
        "level": L,
        "who": "relative",
        "age": (50, 95),
        "why": "FAST positive (face, arm, speech): call 999.",
        "texts": [
            "{hu}{rel_intro} has suddenly gone droopy on one side of {his} face and {his} speech is slurred{x}. {qu}",
            "{hu}{rel_intro} can't lift {his} right arm and {his} words are coming out wrong{x}. {qu}",
            "{hu}something's wrong with {rel_intro}, {his} face has dropped and {he} can't talk properly{x}. {qu}",
            "{hu}{rel_intro} just went weak down {his} left side and can't smile properly{x}. {qu}",
            "{hu}{rel_intro} is slurring {his} words and keeps dropping things from {his} hand{x}. {qu}",
            "{hu}I think {rel_intro} is having a stroke, {his} mouth has gone lopsided{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {he} hasn't been drinking",
                ", no headache",
                ", {he} seems confused",
                ", it started about 10 minutes ago",
                ", it came on half an hour ago",
            ]
        },
    },
    {
        "id": "amb_anaphylaxis_child",
        "level": L,
        "who": "child",
        "age": (2, 14),
        "bg": False,
        "why": "Child with facial/tongue swelling, wheeze or breathing difficulty after allergen: 999.",
        "texts": [
            "{hu}{child} ate a biscuit with nuts in and {his} lips are swelling and {hes} wheezing{x}. {qu}",
            "{hu}{child} got stung by a bee and now {his} face is puffing up and {he} says {his} throat feels funny{x}. {qu}",
            "{hu}{child} has come out in hives all over and {hes} struggling to breathe{x}. {qu}",
            "{hu}{child} has a peanut allergy and had something at a party, now {hes} coughing with a swollen tongue{x}. {qu}",
            "{hu}{child} has gone croaky and {his} eyes and lips are swelling after eating{x}. {qu}",
            "{hu}allergic reaction, {child} is wheezy, swollen and going pale{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", we've used the EpiPen",
                ", {hes} very floppy",
                ", {he} was fine an hour ago",
            ]
        },
    },
    {
        "id": "amb_unconscious",
        "level": L,
        "who": "relative",
        "age": (18, 95),
        "why": "Unconscious or unresponsive person: call 999.",
        "texts": [
            "{hu}{rel_intro} has collapsed and won't wake up{x}. {qu}",
            "{hu}{rel_intro} is unconscious on the floor and not responding to me{x}. {qu}",
            "{hu}I can't wake {rel_intro}, {hes} breathing but won't respond{x}. {qu}",
            "{hu}{rel_intro} just passed out and isn't coming round{x}. {qu}",
            "{hu}found {rel_intro} on the bathroom floor and {hes} not answering me{x}. {qu}",
            "{hu}{rel_intro} fainted and has been out for a few minutes{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} very pale",
                ", {he} hit {his} head",
                ", no idea how long {hes} been like this",
                {"t": ", {hes} diabetic", "cond": ["type 2 diabetes"], "med": ["metformin"]},
            ]
        },
    },
    {
        "id": "amb_seizure_child",
        "level": L,
        "who": "child",
        "age": (1, 15),
        "bg": False,
        "why": "A first seizure, or one lasting over 5 minutes, or not waking after: call 999.",
        "texts": [
            "{hu}{child} is having a fit and it won't stop, it's been {dur}{x}. {qu}",
            "{hu}{child} is shaking all over and not responding{x}. {qu}",
            "{hu}{child} just had a seizure, never had one before{x}. {qu}",
            "{hu}{child} is jerking and {his} eyes have rolled back{x}. {qu}",
            "{hu}{child} has gone stiff and is twitching and {his} lips are going blue{x}. {qu}",
            "{hu}{child} had a fit and still isn't waking up properly{x}. {qu}",
        ],
        "slots": {
            "dur": ["over 5 minutes", "nearly 10 minutes", "ages"],
            "x": [
                "",
                ", {he} has a temperature",
                ", {hes} never had this before",
                ", {hes} not epileptic",
            ],
        },
    },
    {
        "id": "amb_seizure_adult",
        "level": L,
        "who": "relative",
        "age": (18, 85),
        "why": "First-ever seizure or seizure over 5 minutes in an adult: call 999.",
        "texts": [
            "{hu}{rel_intro} is having a seizure and has never had one before{x}. {qu}",
            "{hu}{rel_intro} collapsed and is shaking and jerking all over{x}. {qu}",
            "{hu}{rel_intro} has been fitting for over 5 minutes{x}. {qu}",
            "{hu}{rel_intro} had a fit, bit {his} tongue and is still really out of it{x}. {qu}",
            "{hu}{rel_intro} went rigid and started twitching and isn't responding{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} not epileptic",
                ", {he} wet {him}self",
                ", {he} hit {his} head when {he} fell",
            ]
        },
    },
    {
        "id": "amb_meningitis_child",
        "level": L,
        "who": "child",
        "age": (0.5, 15),
        "bg": False,
        "why": "Fever with non-blanching rash, stiff neck, photophobia or hard to wake: meningitis/sepsis, 999.",
        "texts": [
            "{hu}{child} has a high temperature and a rash that doesn't go away when I press a glass on it{x}. {qu}",
            "{hu}{child} has purple spots that don't fade under a glass and is really drowsy{x}. {qu}",
            "{hu}{child} has a fever and a stiff neck and can't stand the light{x}. {qu}",
            "{hu}{child} is really floppy and hot with a blotchy rash that won't fade{x}. {qu}",
            "{hu}{child} is very sleepy and hard to wake, with a fever and cold hands and feet{x}. {qu}",
            "{hu}I did the glass test on the spots on {child} and they don't fade, and {hes} got a temperature{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} been vomiting",
                ", {he} was fine this morning",
                ", {he} keeps crying and won't be touched",
            ]
        },
    },
    {
        "id": "amb_sepsis_older_relative",
        "level": L,
        "who": "relative",
        "age": (65, 95),
        "why": "Older adult with infection signs and new drowsiness, mottling or fast breathing: 999.",
        "texts": [
            "{hu}{rel_intro} has a fever and is suddenly breathing very fast and hard to wake{x}. {qu}",
            "{hu}{rel_intro} has had a water infection and now {his} skin is mottled and {hes} barely responding{x}. {qu}",
            "{hu}{rel_intro} is burning hot, shaking, and hasn't passed urine since yesterday{x}. {qu}",
            "{hu}{rel_intro} has a chest infection and now {his} lips look blue and {hes} very drowsy{x}. {qu}",
            "{hu}{rel_intro} is cold and clammy with a high temperature and won't talk to me properly{x}. {qu}",
        ],
        "slots": {
            "x": ["", ", {he} was on antibiotics", ", {hes} never been like this", ", no rash"]
        },
    },
    {
        "id": "amb_infant_collapse",
        "level": L,
        "who": "infant",
        "weeks": (0, 50),
        "bg": False,
        "why": "Baby blue, floppy, pausing breathing, grunting or unresponsive: call 999.",
        "texts": [
            "{hu}{baby} went blue round the lips and floppy for a few seconds{x}. {qu}",
            "{hu}{baby} stopped breathing for a bit and went limp{x}. {qu}",
            "{hu}{baby} is grunting with every breath and is really pale and floppy{x}. {qu}",
            "{hu}{baby} is making a grunting noise, sucking in under the ribs and won't feed{x}. {qu}",
            "{hu}{baby} won't wake up properly and is really floppy{x}. {qu}",
            "{hu}{baby} is breathing really fast with pauses and {his} lips look blue{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} got a temperature",
                ", no temperature",
                ", {he} has had a cold",
                ", {he} was fine an hour ago",
            ]
        },
    },
    {
        "id": "amb_child_breathing_severe",
        "level": L,
        "who": "child",
        "age": (1, 12),
        "bg": False,
        "why": "Child with severe respiratory distress, stridor at rest, drooling or grey lips: 999.",
        "texts": [
            "{hu}{child} is struggling to breathe and the skin is sucking in under {his} ribs{x}. {qu}",
            "{hu}{child} can't talk because {hes} so breathless{x}. {qu}",
            "{hu}{child} has horrible noisy breathing even when calm and is going pale{x}. {qu}",
            "{hu}{child} has asthma and the inhaler isn't working, {hes} working really hard to breathe{x}. {qu}",
            "{hu}{child} is panting and grunting and {his} lips look grey{x}. {qu}",
            "{hu}{child} is drooling, can't swallow and is sitting forward struggling to breathe{x}. {qu}",
        ],
        "slots": {"x": ["", ", {hes} got a temperature", ", {hes} very sleepy", ", no rash"]},
    },
    {
        "id": "amb_choking_child",
        "level": L,
        "who": "child",
        "age": (1, 10),
        "bg": False,
        "why": "Choking with ineffective cough, silent or turning blue: call 999.",
        "texts": [
            "{hu}{child} is choking on a grape and can't cough{x}. {qu}",
            "{hu}{child} swallowed something and can't breathe or make a sound{x}. {qu}",
            "{hu}{child} is choking and back blows aren't working{x}. {qu}",
            "{hu}{child} has something stuck in {his} throat and is going blue{x}. {qu}",
            "{hu}{child} choked on some food and now is gasping and can't speak{x}. {qu}",
        ],
        "slots": {"x": ["", ", I've tried back blows", ", {hes} panicking"]},
    },
    {
        "id": "amb_hypo_unresponsive",
        "level": L,
        "who": "relative",
        "age": (18, 85),
        "bg": False,
        "cond": ["type 1 diabetes"],
        "med": ["insulin"],
        "why": "Severe hypoglycaemia (can't swallow, unresponsive, fitting): call 999.",
        "texts": [
            "{hu}{rel_intro} is diabetic and is really confused and sweaty, {he} can't swallow the sugary drink{x}. {qu}",
            "{hu}{rel_intro} takes insulin, {his} sugar is 1.9 and {hes} barely responding{x}. {qu}",
            "{hu}{rel_intro} had a hypo and now won't wake up properly{x}. {qu}",
            "{hu}{rel_intro} is diabetic and shaking, slurring and not making sense, the meter just says LO{x}. {qu}",
            "{hu}{rel_intro} has type 1 diabetes and is having a fit{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", I've tried giving {him} juice",
                ", we don't have glucagon",
                ", {he} missed dinner",
            ]
        },
    },
    {
        "id": "amb_head_injury_severe",
        "level": L,
        "who": "relative",
        "age": (18, 90),
        "why": "Head injury with unconsciousness, seizure, persistent drowsiness or CSF leak: call 999.",
        "texts": [
            "{hu}{rel_intro} fell and hit {his} head, was knocked out and now is very drowsy and keeps being sick{x}. {qu}",
            "{hu}{rel_intro} banged {his} head and had a fit afterwards{x}. {qu}",
            "{hu}{rel_intro} fell down the stairs, was knocked out and now is confused and not making sense{x}. {qu}",
            "{hu}{rel_intro} hit {his} head hard and now there's clear fluid coming from {his} nose{x}. {qu}",
            "{hu}{rel_intro} got hit on the head, {his} pupils look different sizes and {hes} really sleepy{x}. {qu}",
            "{hu}{rel_intro} knocked {his} head and is now slurring and can't stay awake{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", there's a big cut too",
                ", no blood",
                ", {he} doesn't remember what happened",
            ]
        },
    },
    {
        "id": "amb_ectopic_collapse",
        "level": L,
        "who": "pregnant",
        "gest": (5, 11),
        "bg": False,
        "why": "Early pregnancy with severe one-sided pain, shoulder-tip pain, fainting: ruptured ectopic, 999.",
        "texts": [
            "{hu}{preg} and I've got really bad pain low down on one side and I fainted{x}. {qu}",
            "{hu}{preg}, severe stabbing pain in my lower tummy and pain in my shoulder tip, I feel faint{x}. {qu}",
            "{hu}{preg} and I'm bleeding with awful one-sided pain, I feel like I'm going to pass out{x}. {qu}",
            "{hu}{preg}, I collapsed with tummy pain and I'm really dizzy and pale{x}. {qu}",
            "{hu}{preg} and I've got sudden agony in my right side and feel clammy and faint{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", no bleeding though",
                ", there's a bit of brown spotting",
                ", I haven't had a scan yet",
            ]
        },
    },
    {
        "id": "amb_pregnancy_heavy_bleeding",
        "level": L,
        "who": "pregnant",
        "gest": (20, 40),
        "bg": False,
        "why": "Heavy bleeding or abruption signs in later pregnancy: call 999.",
        "texts": [
            "{hu}{preg} and I'm bleeding heavily, soaking pads{x}. {qu}",
            "{hu}{preg}, there was a sudden gush of blood and a lot of pain{x}. {qu}",
            "{hu}{preg} and I'm losing a lot of blood with clots{x}. {qu}",
            "{hu}{preg}, my tummy is rock hard and really painful and I'm bleeding{x}. {qu}",
            "{hu}{preg} and there's blood running down my legs{x}. {qu}",
        ],
        "slots": {"x": ["", ", the baby isn't moving much", ", I feel faint", ", no contractions"]},
    },
    {
        "id": "amb_fall_hip_fracture_older",
        "level": L,
        "who": "relative",
        "age": (65, 98),
        "why": "Older person fallen, can't get up, leg shortened/rotated: suspected hip fracture, 999.",
        "texts": [
            "{hu}{rel_intro} has fallen and can't get up, {his} leg looks shorter and turned out{x}. {qu}",
            "{hu}{rel_intro} fell in the kitchen and screams when {he} tries to move {his} hip{x}. {qu}",
            "{hu}{rel_intro} has had a fall and can't put any weight on {his} leg at all, {hes} still on the floor{x}. {qu}",
            "{hu}{rel_intro} slipped and is lying on the floor with bad hip pain and can't move{x}. {qu}",
            "{hu}{rel_intro} has fallen and I can't lift {him}, {he} says {his} hip is agony{x}. {qu}",
        ],
        "slots": {
            "x": [
                "",
                ", {he} didn't hit {his} head",
                ", {hes} been there about an hour",
                ", {hes} cold",
            ]
        },
    },
]
