"""emergency, adults writing about themselves: go to A&E or eye casualty now."""

L = "emergency"
SCENARIOS = [
    {
        "id": "em_fracture_deformity_adult",
        "level": L,
        "who": "adult",
        "age": (16, 85),
        "why": "Limb deformity after a fall: suspected fracture, A&E for X-ray and reduction.",
        "texts": [
            "{hi}{iam}I fell on my outstretched hand and my wrist looks bent{x}. {q}",
            "{hi}came off my bike and my forearm is at a funny angle{x}. {q}",
            "{hi}{iam}I think I've broken my wrist, it's gone a weird shape and it's swollen{x}. {q}",
            "{hi}slipped on ice and there's a lump sticking out on my arm that wasn't there before{x}. {q}",
            "{hi}{iam}my finger is pointing the wrong way after I caught it in a ball game{x}. {q}",
            "{hi}fell over and my lower arm is clearly bent, it hurts like hell{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no numbness",
                ", the skin isn't broken",
                ", my fingers are tingling",
                ", I've taken paracetamol",
            ]
        },
    },
    {
        "id": "em_severe_abdominal_pain",
        "level": L,
        "who": "adult",
        "age": (18, 85),
        "why": "Sudden severe or constant abdominal pain, rigid belly, obstruction signs: A&E.",
        "texts": [
            "{hi}{iam}I've got sudden severe pain in my stomach and I can't stand up straight{x}. {q}",
            "{hi}worst tummy pain ever, it came on a few hours ago, it's constant and my belly is hard{x}. {q}",
            "{hi}{iam}agony in my upper stomach going through to my back{x}. {q}",
            "{hi}my belly is swollen and really painful, I haven't pooed or passed wind for 2 days and I'm being sick{x}. {q}",
            "{hi}severe stomach pain, I can't get comfy and it even hurts to breathe{x}. {q}",
            "{hi}{iam}my tummy pain is unbearable, I'm doubled over{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", no diarrhoea",
                ", paracetamol did nothing",
                ", I've been sick",
                ", no fever",
            ]
        },
    },
    {
        "id": "em_appendicitis_adult",
        "level": L,
        "who": "adult",
        "age": (16, 50),
        "why": "Periumbilical pain moving to right iliac fossa, worse on movement: suspected appendicitis, A&E.",
        "texts": [
            "{hi}{iam}pain started round my belly button and has moved down to the bottom right{x}. {q}",
            "{hi}pain low on my right side, worse when I walk or cough{x}. {q}",
            "{hi}{iam}my lower right tummy pain has got worse since yesterday and I've gone off my food{x}. {q}",
            "{hi}sharp pain on the right side of my lower stomach, it hurts to go over bumps in the car{x}. {q}",
            "{hi}{iam}I've had pain in the middle of my tummy that's now settled bottom right and it's getting worse{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", and a bit of a temperature",
                ", I feel sick",
                ", no diarrhoea",
                ", pressing and letting go really hurts",
            ]
        },
    },
    {
        "id": "em_dka_adult",
        "level": L,
        "who": "adult",
        "age": (16, 60),
        "cond": ["type 1 diabetes"],
        "med": ["insulin"],
        "bg": False,
        "why": "Type 1 diabetes with vomiting, high ketones/sugars, thirst: DKA, A&E.",
        "texts": [
            "{hi}{iam}I'm type 1, I've been vomiting, I'm really thirsty and my ketones are {k}{x}. {q}",
            "{hi}my breath smells like pear drops, I've got tummy pain and my sugar meter just says HI{x}. {q}",
            "{hi}{iam}type 1 diabetic, blood sugar {bg}, ketones high and I'm breathing heavily{x}. {q}",
            "{hi}I'm diabetic on insulin and I can't stop being sick, I'm peeing loads and feel really rough{x}. {q}",
            "{hi}{iam}my sugars are over {bg} and the ketone strip is dark purple, I feel awful{x}. {q}",
        ],
        "slots": {
            "k": ["3.5", "4.2", "over 3"],
            "bg": ["28", "25", "30"],
            "x": [
                "",
                ", I've been ill with a cold",
                ", I've had my insulin",
                ", I ran out of insulin yesterday",
            ],
        },
    },
    {
        "id": "em_sudden_vision_loss",
        "level": L,
        "who": "adult",
        "age": (35, 85),
        "why": "Sudden loss of vision, curtain/shadow, new flashes and floaters: eye casualty/A&E now.",
        "texts": [
            "{hi}{iam}I've suddenly lost the vision in my {side} eye, like a curtain came down{x}. {q}",
            "{hi}I woke up and I can't see out of one eye{x}. {q}",
            "{hi}{iam}there's a black shadow across part of the vision in my {side} eye{x}. {q}",
            "{hi}loads of new floaters and flashing lights in my {side} eye and now a dark shadow{x}. {q}",
            "{hi}{iam}the sight in one eye went blurry and dark all at once{x}. {q}",
        ],
        "slots": {
            "side": ["left", "right"],
            "x": [
                "",
                ", no pain",
                ", no headache",
                ", it started an hour ago",
                ", my other eye is fine",
            ],
        },
    },
    {
        "id": "em_testicular_pain_adult",
        "level": L,
        "who": "adult",
        "age": (18, 30),
        "sex": "male",
        "why": "Sudden severe testicular pain: possible torsion, A&E now.",
        "texts": [
            "{hi}{iam}sudden severe pain in my {side} testicle, it's swollen and I feel sick{x}. {q}",
            "{hi}really bad pain in my balls came on out of nowhere{x}. {q}",
            "{hi}{iam}one of my testicles is killing me and it's sitting higher than the other{x}. {q}",
            "{hi}agony in my nuts, started suddenly an hour ago{x}. {q}",
            "{hi}{iam}woke up with severe testicle pain, I've been sick{x}. {q}",
        ],
        "slots": {
            "side": ["left", "right"],
            "x": ["", ", no injury", ", no fever", ", it's going into my stomach"],
        },
    },
    {
        "id": "em_deep_wound",
        "level": L,
        "who": "adult",
        "age": (16, 80),
        "why": "Gaping, deep or contaminated wound needing closure: A&E/minor injuries today.",
        "texts": [
            "{hi}{iam}I cut my hand on a knife and it's gaping open{x}. {q}",
            "{hi}deep cut on my shin, I can see fat in it{x}. {q}",
            "{hi}{iam}cut my finger badly with a mandoline, it won't close{x}. {q}",
            "{hi}I've got a gash on my head from a fall, about 3cm and it's open{x}. {q}",
            "{hi}{iam}I slashed my palm on broken glass, it's deep and the edges won't stay together{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", the bleeding has mostly stopped with pressure",
                ", I feel okay otherwise",
                ", it's not spurting",
                ", I've put a clean towel on it",
            ]
        },
    },
    {
        "id": "em_fever_on_chemotherapy",
        "level": L,
        "who": "adult",
        "age": (25, 85),
        "cond": ["cancer"],
        "med": ["chemotherapy"],
        "bg": False,
        "why": "Fever during chemotherapy: neutropenic sepsis risk, immediate assessment (NICE CG151).",
        "texts": [
            "{hi}{iam}I'm having chemotherapy and my temperature is {temp}{x}. {q}",
            "{hi}I'm on chemo and I feel shivery, temp is {temp}{x}. {q}",
            "{hi}{iam}had chemo last week and now I've got a fever{x}. {q}",
            "{hi}I'm in the middle of chemo for breast cancer and my temperature just went up to {temp}{x}. {q}",
            "{hi}{iam}on chemotherapy, I've got a high temp and feel unwell{x}. {q}",
        ],
        "slots": {
            "temp": ["38.2", "38.5", "38.0", "37.9 and rising", "38.4"],
            "x": [
                "",
                ", no other symptoms",
                ", no cough",
                ", bit of a sore throat",
                ", I'm shivering",
            ],
        },
    },
    {
        "id": "em_renal_colic_severe",
        "level": L,
        "who": "adult",
        "age": (20, 70),
        "why": "Severe loin-to-groin colic uncontrolled at home, vomiting: A&E (NHS kidney stones).",
        "texts": [
            "{hi}{iam}agonising pain in my side that comes in waves and goes down to my groin, I can't keep still{x}. {q}",
            "{hi}I've had kidney stones before and this is the same but worse, I'm throwing up with the pain{x}. {q}",
            "{hi}{iam}severe pain in my back under my ribs going round to the front, I'm pacing the room{x}. {q}",
            "{hi}excruciating pain in my flank and there's blood in my pee{x}. {q}",
            "{hi}{iam}I can't get comfortable, this pain in my side is the worst I've ever had{x}. {q}",
        ],
        "slots": {
            "x": ["", ", painkillers aren't touching it", ", no fever", ", I've been sick twice"]
        },
    },
    {
        "id": "em_cauda_equina",
        "level": L,
        "who": "adult",
        "age": (25, 70),
        "why": "Back pain with saddle numbness, bladder/bowel change or bilateral leg symptoms: A&E now.",
        "texts": [
            "{hi}{iam}I've got back pain and now it's numb around my bottom, I can't feel when I wipe{x}. {q}",
            "{hi}lower back pain and I've wet myself without realising{x}. {q}",
            "{hi}{iam}back pain, both my legs are weak and it's numb between my legs{x}. {q}",
            "{hi}I've had sciatica and now I can't pee properly and it's numb in my saddle area{x}. {q}",
            "{hi}{iam}bad back and now I've got pins and needles down both legs and can't control my bladder{x}. {q}",
        ],
        "slots": {
            "x": ["", ", it started yesterday", ", I've had back problems before", ", no fever"]
        },
    },
    {
        "id": "em_chemical_eye",
        "level": L,
        "who": "adult",
        "age": (16, 75),
        "why": "Chemical in the eye: irrigate then A&E/eye casualty now.",
        "texts": [
            "{hi}{iam}I splashed bleach in my eye{x}. {q}",
            "{hi}got oven cleaner in my eye and it's burning{x}. {q}",
            "{hi}{iam}some cement got in my eye at work{x}. {q}",
            "{hi}I sprayed drain unblocker in my face by accident and my eye really stings{x}. {q}",
            "{hi}{iam}chemical splash in my eye, it's red and painful{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've rinsed it for 10 minutes",
                ", my vision is blurry",
                ", I can still see okay",
            ]
        },
    },
    {
        "id": "em_deep_dog_bite",
        "level": L,
        "who": "adult",
        "age": (16, 80),
        "why": "Deep bite, bite to face/hand, or bleeding puncture: A&E for wound care and antibiotics.",
        "texts": [
            "{hi}{iam}a dog bit my hand and there are deep puncture wounds that are bleeding{x}. {q}",
            "{hi}I got bitten on the face by a dog{x}. {q}",
            "{hi}{iam}my neighbour's dog bit my arm badly, it's torn the skin{x}. {q}",
            "{hi}dog bite on my leg, quite deep, the flesh is ripped{x}. {q}",
            "{hi}{iam}I was bitten by a dog and the wound is gaping{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've washed it",
                ", I can move everything",
                ", it's stopped bleeding mostly",
            ]
        },
    },
    {
        "id": "em_urinary_retention",
        "level": L,
        "who": "adult",
        "sex": "male",
        "age": (50, 90),
        "why": "Unable to pass urine with painful distended bladder: acute retention, A&E.",
        "texts": [
            "{hi}{iam}I can't pee at all since last night and my bladder feels like it's going to burst{x}. {q}",
            "{hi}haven't been able to pass water for 10 hours, my lower belly is swollen and painful{x}. {q}",
            "{hi}{iam}I'm desperate to go but nothing comes out and it's agony{x}. {q}",
            "{hi}I haven't weed all day despite trying and my tummy is tight and sore{x}. {q}",
            "{hi}{iam}I can only dribble a few drops and I'm in pain{x}. {q}",
        ],
        "slots": {
            "x": ["", ", I've had prostate trouble", ", no fever", ", I've been drinking normally"]
        },
    },
    {
        "id": "em_burn_adult_large",
        "level": L,
        "who": "adult",
        "age": (16, 85),
        "why": "Burn larger than the hand, deep (white/charred), or on face/hands/genitals: A&E.",
        "texts": [
            "{hi}{iam}I burnt my arm with boiling water, it's bigger than my hand and blistered{x}. {q}",
            "{hi}burn on my face from the barbecue flaring up, it's blistering{x}. {q}",
            "{hi}{iam}spilt hot oil on my hand, the skin has gone white and doesn't hurt in the middle{x}. {q}",
            "{hi}I got an electric shock and there's a burn mark where it went in{x}. {q}",
            "{hi}{iam}big burn on my leg from a bonfire, blistered and raw{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've cooled it under the tap for 20 minutes",
                ", it's really painful",
                ", I feel okay otherwise",
            ]
        },
    },
    {
        "id": "em_shoulder_dislocation",
        "level": L,
        "who": "adult",
        "age": (16, 60),
        "why": "Suspected dislocation (deformity, can't move arm): A&E for reduction.",
        "texts": [
            "{hi}{iam}my shoulder popped out playing rugby and won't go back{x}. {q}",
            "{hi}my arm looks wrong, the shoulder is sticking out at the front{x}. {q}",
            "{hi}{iam}I think I've dislocated my shoulder, I can't move my arm at all{x}. {q}",
            "{hi}fell skiing and my shoulder has gone square-looking and really painful{x}. {q}",
            "{hi}{iam}I've done my shoulder again, it's out of the socket{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", my arm is a bit numb",
                ", I'm holding it against my body",
                ", it's happened before",
            ]
        },
    },
    {
        "id": "em_acute_glaucoma",
        "level": L,
        "who": "adult",
        "age": (50, 85),
        "why": "Painful red eye with blurred vision, halos, headache, vomiting: acute angle closure, A&E.",
        "texts": [
            "{hi}{iam}my eye is red and really painful, vision is blurry with halos round lights and I've been sick{x}. {q}",
            "{hi}severe pain in my {side} eye and a headache, and everything looks misty{x}. {q}",
            "{hi}{iam}sudden bad pain in one eye, it's red and hard and I can't see properly{x}. {q}",
            "{hi}my eye started hurting this evening, now I see rainbow rings round the lights and feel sick{x}. {q}",
            "{hi}{iam}excruciating eye pain with blurred sight in that eye{x}. {q}",
        ],
        "slots": {
            "side": ["left", "right"],
            "x": ["", ", no injury", ", I don't wear contact lenses", ", it's getting worse"],
        },
    },
    {
        "id": "em_nosebleed_prolonged",
        "level": L,
        "who": "adult",
        "age": (18, 90),
        "why": "Nosebleed over 10-15 minutes despite pressure, heavy, or with dizziness: A&E.",
        "texts": [
            "{hi}{iam}I've had a nosebleed for over 20 minutes and pinching doesn't stop it{x}. {q}",
            "{hi}my nose has been bleeding heavily for half an hour and I feel dizzy{x}. {q}",
            "{hi}{iam}nosebleed that won't stop, I'm swallowing loads of blood{x}. {q}",
            "{hi}nose pouring blood for 30 minutes despite leaning forward and squeezing{x}. {q}",
            "{hi}{iam}can't stop my nosebleed, it's been going for {when}{x}. {q}",
        ],
        "slots": {
            "when": ["over an hour", "half an hour", "40 minutes"],
            "x": [
                "",
                ", I'm pinching the soft part",
                ", no injury",
                {"t": ", I take warfarin", "cond": ["atrial fibrillation"], "med": ["warfarin"]},
            ],
        },
    },
    {
        "id": "em_quinsy",
        "level": L,
        "who": "adult",
        "age": (16, 50),
        "why": "One-sided throat swelling, can't swallow saliva, muffled voice, trismus: quinsy, A&E.",
        "texts": [
            "{hi}{iam}one side of my throat is massively swollen and I can't swallow my own spit{x}. {q}",
            "{hi}my voice sounds muffled, I can barely open my mouth and my throat is agony on one side{x}. {q}",
            "{hi}{iam}I'm drooling because it hurts too much to swallow, the swelling is on the left side{x}. {q}",
            "{hi}tonsillitis has got much worse, one side is huge and I can't even drink water{x}. {q}",
            "{hi}{iam}severe throat pain on one side, hot potato voice, can't open my jaw properly{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've got a temperature",
                ", I'm breathing okay",
                ", I've been on antibiotics for 2 days",
            ]
        },
    },
    {
        "id": "em_sickle_crisis",
        "level": L,
        "who": "adult",
        "age": (16, 50),
        "cond": ["sickle cell disease"],
        "med": ["folic acid"],
        "why": "Sickle cell pain crisis not controlled with home analgesia: hospital now.",
        "texts": [
            "{hi}{iam}I have sickle cell and I'm in a bad crisis, my home painkillers aren't working{x}. {q}",
            "{hi}sickle cell crisis, pain in my legs and back is 9 out of 10{x}. {q}",
            "{hi}{iam}I've got sickle cell and this pain crisis is getting worse despite codeine{x}. {q}",
            "{hi}I have sickle cell disease, severe bone pain since last night and I've got a temperature{x}. {q}",
            "{hi}{iam}sickle cell pain all over my arms and legs, I can't manage it at home{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", I've been drinking lots of water",
                ", no chest pain",
                ", no breathing problems",
            ]
        },
    },
]
