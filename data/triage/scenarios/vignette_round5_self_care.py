"""Round 5 clinician-style vignettes, self_care only (see vignettes.py for the format).

Written from NHS, NHS 111, NHS inform, NICE CKS and Pharmacy First reasoning. Each scenario is a
minor, self-limiting illness or injury with normal observations that a patient, parent or
pharmacist can manage. About half are told in alarming or worried words (blood in the eye, a
toe that may be broken, a fall with bleeding grazes, a lump in the neck, a rash or swelling in
a baby or toddler, burning chest pain in pregnancy, swollen purple toes) with the history,
pertinent negatives and normal findings that make them self-care; the rest are plain,
short-duration complaints a pharmacist handles. Each covers a condition no other vignette
scenario covers, and none is held out: all go to train.
"""

SC = "self_care"

OBS_ADULT = "Temperature 36.7°C, pulse 74, BP 122/78, respiratory rate 14, oxygen saturation 99% on air."
OBS_OLDER = "Temperature 36.6°C, pulse 72 regular, BP 132/80, respiratory rate 14, oxygen saturation 97% on air."
OBS_CHILD = "Temperature 36.9°C, heart rate 98, respiratory rate 20, oxygen saturation 99%."
OBS_BABY = "Temperature 36.9°C, heart rate 124, respiratory rate 32, oxygen saturation 99%."

SCENARIOS = [
    # ------------------------------------------------------------------ babies and children
    {
        "id": "sc_v3_cradle_cap",
        "level": SC,
        "age": (0.1, 0.75),
        "why": "Greasy yellow scales on the scalp of a thriving, feeding baby with no weeping, bleeding or itch and no rash elsewhere: cradle cap (infantile seborrhoeic dermatitis), self-care with baby oil and gentle washing (NHS, NICE CKS).",
        "complaint": [
            "thick, yellow, crusty patches on the scalp",
            "greasy scales over the top of the head",
            "flaky, scaly patches on the scalp",
        ],
        "onset": ["for 2 weeks", "that have slowly built up over the past month"],
        "history": [
            "{He} does not seem bothered by it and is not scratching.",
            "The parents were worried it might be an infection.",
            "{He} is feeding well and gaining weight along {his} centile.",
            "The parents have been washing {his} hair with baby shampoo every few days.",
            "A few flakes come away when the scalp is brushed gently with a soft brush.",
        ],
        "negatives": ["weeping or bleeding of the scalp", "itching", "rash on the face or body", "fever", "reduced feeding"],
        "exam": [
            OBS_BABY,
            "There are greasy, yellow, adherent scales over the vertex of the scalp on non-inflamed skin.",
            "{He} is alert and well, and the skin elsewhere is clear.",
        ],
    },
    {
        "id": "sc_v3_heat_rash",
        "level": SC,
        "age": (0.4, 1.9),
        "why": "Tiny red, blanching spots on the neck, chest and skin creases during hot weather in an alert, feeding baby with a normal temperature: heat rash (prickly heat), self-care by keeping cool (NHS); a high temperature or a non-blanching rash would change that.",
        "complaint": [
            "a red, prickly-looking rash on the neck and chest",
            "lots of tiny red spots in the skin folds",
            "a sudden rash over the chest and back",
        ],
        "onset": ["that appeared during the hot weather yesterday", "since a warm night in a sleeping bag and two layers of clothes"],
        "history": [
            "The rash fades when {he} is undressed and cooled down.",
            "{He} is feeding normally and having plenty of wet nappies.",
            "{He} has been wrapped up in several layers indoors.",
            "{He} is babbling and playing as usual.",
        ],
        "negatives": ["fever", "spots that stay when pressed with a glass", "drowsiness", "reduced feeding", "swelling of the lips or face"],
        "exam": [
            "Temperature 37.1°C, heart rate 120, respiratory rate 30, oxygen saturation 99%.",
            "There are tiny red papules over the neck, upper chest and skin folds, all of which blanch.",
            "{He} is alert, smiling and well hydrated.",
        ],
    },
    {
        "id": "sc_v3_vaccine_reaction",
        "level": SC,
        "age": (1.0, 1.2),
        "why": "A red, firm, tender swelling at the injection site and a low-grade temperature within two days of routine vaccinations, in a toddler who is feeding, alert and has no spreading redness or allergic features: an expected local vaccine reaction, self-care with paracetamol and fluids (NHS vaccination side effects, UK Green Book).",
        "complaint": [
            "a red, hard swelling on the thigh",
            "a hot, red lump at the injection site",
            "a swollen, tender leg at the injection site",
        ],
        "onset": ["since {his} 1-year vaccinations 2 days ago", "that came up the day after {his} routine jabs"],
        "history": [
            "{He} had a temperature of 37.8°C the evening after the jabs, which settled with paracetamol.",
            "{He} was grizzly that night but is back to normal today.",
            "{He} is eating, drinking and having plenty of wet nappies.",
            "{He} is crawling and pulling to stand as usual.",
        ],
        "negatives": ["swelling of the face or lips", "breathing difficulty", "rash elsewhere", "drowsiness", "red streaks spreading up the leg"],
        "exam": [
            OBS_CHILD,
            "There is a 3 cm area of redness with a firm, slightly tender lump at the injection site on the outer thigh, with no pus or tracking.",
            "{He} moves the leg freely and is alert and playful.",
        ],
    },
    {
        "id": "sc_v3_slapped_cheek",
        "level": SC,
        "age": (3, 10),
        "why": "Bright red cheeks followed by a lacy, blanching rash after a mild cold, in a well child who is not immunocompromised and has no blood disorder: slapped cheek syndrome (parvovirus B19), self-care with fluids and paracetamol (NHS, NICE CKS); the child is no longer infectious once the rash appears.",
        "complaint": [
            "bright red cheeks and a lacy rash on the arms",
            "a slapped-looking red rash on both cheeks",
            "flushed red cheeks and a blotchy rash on the legs",
        ],
        "onset": ["after a few days of a runny nose and a slight temperature", "that appeared this morning"],
        "history": [
            "{He} had a mild temperature and a runny nose last week, which have settled.",
            "Several children in {his} class have had the same rash.",
            "{He} is eating, drinking and playing normally.",
            "The rash on the limbs is faintly itchy.",
        ],
        "negatives": [
            "spots that stay when pressed with a glass",
            "drowsiness",
            "joint swelling",
            "blood disorder such as sickle cell disease",
            "weakened immune system",
        ],
        "exam": [
            "Temperature 37.2°C, heart rate 96, respiratory rate 20, oxygen saturation 99%.",
            "Both cheeks are bright red, and there is a lacy, blanching rash over the upper arms and thighs.",
            "{He} is alert, chatty and well hydrated.",
        ],
    },
    {
        "id": "sc_v3_impetigo",
        "level": SC,
        "age": (2, 9),
        "why": "A few honey-crusted sores around the nose and mouth in a well child with no fever, blisters or widespread spread: localised non-bullous impetigo, treated by a pharmacist with hydrogen peroxide 1% cream (NHS Pharmacy First, NICE NG153).",
        "complaint": [
            "crusty, golden sores around the nose",
            "a patch of sores with a yellow crust at the corner of the mouth",
            "red sores on the chin that have burst and crusted over",
        ],
        "onset": ["for 3 days", "since a cold last week, spreading a little"],
        "history": [
            "{He} keeps picking at the crusts.",
            "{He} is otherwise well and eating normally.",
            "{He} has been kept at home since the sores appeared.",
            "Nobody else at home has sores.",
        ],
        "negatives": ["fever", "large fluid-filled blisters", "sores on other parts of the body", "eczema", "swelling around the eyes"],
        "exam": [
            OBS_CHILD,
            "There are three small red erosions with golden-yellow crusts around the nostrils and upper lip.",
            "There is no surrounding cellulitis and no enlarged neck glands.",
        ],
    },
    {
        "id": "sc_v3_head_lice",
        "level": SC,
        "age": (4, 11),
        "why": "An itchy scalp with live lice found on detection combing in a well child with intact skin: head lice, self-care with wet combing or a lotion from a pharmacist, checking the whole household (NHS, NICE CKS).",
        "complaint": [
            "an itchy scalp and scratching at night",
            "constant scratching of the head",
            "itching behind the ears and at the back of the neck",
        ],
        "onset": ["for a week", "since a letter came home from school about head lice"],
        "history": [
            "A parent found small moving lice when combing {his} wet hair with a fine-toothed comb.",
            "Tiny white eggs are stuck to the hairs close to the scalp.",
            "{He} is otherwise well and going to school.",
            "Nobody else at home has been checked yet.",
        ],
        "negatives": ["broken or weeping skin on the scalp", "fever", "lumps in the neck", "rash elsewhere", "hair loss"],
        "exam": [
            "Temperature 36.8°C.",
            "Live lice and nits are seen on detection combing, with a few scratch marks on the scalp but no crusting or infection.",
        ],
    },
    # ------------------------------------------------------------------ adults
    {
        "id": "sc_v3_graze_fall",
        "level": SC,
        "age": (8, 35),
        "bg": False,
        "why": "Superficial grazes that bled but stopped with pressure after a low-energy fall, with no head injury, no embedded dirt, no gaping wound and full, pain-free movement of the joints: cuts and grazes, self-care with cleaning and a dressing (NHS cuts and grazes).",
        "complaint": [
            "grazes on both palms and the right knee",
            "scrapes on the knee and hands that bled",
            "a grazed elbow and knee that bled quite a lot at first",
        ],
        "onset": ["after falling off {his} bike an hour ago", "after tripping on a kerb this morning", "after a fall on a gravel path earlier today"],
        "history": [
            "The bleeding stopped after a few minutes of pressure with a clean cloth.",
            "{He} did not hit {his} head.",
            "{He} got straight back up and walked home.",
            "The grazes were rinsed under running tap water to wash the grit out.",
            "{His} tetanus vaccinations are up to date.",
        ],
        "negatives": ["head injury", "wrist pain", "grit left in the wound", "gaping cut", "numbness in the fingers"],
        "exam": [
            "Pulse 80, BP 118/74, temperature 36.8°C.",
            "There are shallow abrasions over the palms and the knee, with no embedded dirt and no gaping edges.",
            "The wrists and knee move fully without bony tenderness.",
        ],
    },
    {
        "id": "sc_v3_broken_little_toe",
        "level": SC,
        "age": (18, 65),
        "bg": False,
        "why": "A bruised, swollen little toe after stubbing it, which lies straight, with intact skin and normal sensation and the ability to walk: a possible minor toe fracture that does not need an X-ray, self-care with rest, ice, buddy strapping and a wide shoe (NHS broken toe); a big toe, a deformed toe or a wound would need urgent care.",
        "complaint": [
            "a painful, swollen little toe that {he} thinks may be broken",
            "a bruised, throbbing fourth toe",
            "pain and bruising in the little toe",
        ],
        "onset": ["since stubbing it on a bed leg last night", "after catching it on a door frame yesterday evening"],
        "history": [
            "The bruising has spread across the toe overnight.",
            "{He} can walk, though it hurts to push off on that foot.",
            "{He} has taped it to the next toe and is using ice and ibuprofen.",
            "A wide, soft shoe is comfortable.",
        ],
        "negatives": ["injury to the big toe", "deformity of the toe", "wound over the toe", "numbness or tingling", "pain in the rest of the foot"],
        "exam": [
            "Pulse 76, BP 124/78, temperature 36.6°C.",
            "The toe is bruised, swollen and tender but lies straight, and the skin is intact.",
            "Sensation and capillary refill are normal, the rest of the foot is not tender, and {he} walks with a slight limp.",
        ],
    },
    {
        "id": "sc_v3_swollen_glands",
        "level": SC,
        "age": (16, 35),
        "why": "Soft, tender, mobile pea-sized lumps under the jaw during a cold, present for under 2 weeks, with no night sweats, weight loss or difficulty swallowing: reactive lymph nodes, self-care and review only if they persist beyond 2 weeks or grow (NHS swollen glands, NICE CKS).",
        "complaint": [
            "tender lumps on both sides of the neck",
            "a swollen gland under the jaw that {he} is worried about",
            "sore lumps in the neck",
        ],
        "onset": ["for 4 days, during a cold", "that appeared with a sore throat and runny nose earlier this week"],
        "history": [
            "The lumps are tender to touch and seem to be shrinking already.",
            "{His} cold symptoms are improving.",
            "{He} looked up neck lumps online and is worried about cancer.",
            "{He} is eating and drinking normally.",
        ],
        "negatives": ["night sweats", "weight loss", "difficulty swallowing", "hard or fixed lump", "breathlessness"],
        "exam": [
            "Temperature 37.3°C, pulse 78, BP 120/74, oxygen saturation 99% on air.",
            "There are two soft, mobile, tender 1 cm lymph nodes under the angle of the jaw on each side.",
            "The throat is mildly red with no pus on the tonsils, and no other nodes are palpable.",
        ],
    },
    {
        "id": "sc_v3_acute_sinusitis",
        "level": SC,
        "age": (18, 60),
        "why": "Blocked nose, discoloured discharge and facial pain after a cold for under 10 days, with no swelling around the eyes, visual change or severe headache: acute sinusitis, self-care with painkillers and nasal saline, no antibiotic (NICE NG79, NHS).",
        "complaint": [
            "a blocked nose with pain across the cheeks",
            "facial pain and pressure with green nasal discharge",
            "a throbbing ache over the cheekbones and a stuffy nose",
        ],
        "onset": ["for 5 days, following a cold", "for 6 days"],
        "history": [
            "The pain is worse when {he} bends forward.",
            "{His} sense of smell is reduced.",
            "Paracetamol and steam inhalation help.",
            "{He} is still working from home.",
        ],
        "negatives": ["swelling or redness around the eyes", "double vision", "severe headache", "neck stiffness", "confusion"],
        "exam": [
            "Temperature 37.4°C, pulse 80, BP 122/76, oxygen saturation 98% on air.",
            "There is mild tenderness over the maxillary sinuses.",
            "There is no periorbital swelling, and eye movements and vision are normal.",
        ],
    },
    {
        "id": "sc_v3_laryngitis",
        "level": SC,
        "age": (18, 65),
        "why": "A hoarse voice for a few days after a cold with no breathing or swallowing difficulty, in an adult with normal observations: acute laryngitis, self-care with voice rest and fluids (NHS); hoarseness lasting over 3 weeks would need a GP.",
        "complaint": [
            "a hoarse, croaky voice",
            "loss of {his} voice",
            "a husky voice and a tickly throat",
        ],
        "onset": ["for 4 days, after a cold", "since shouting at a football match at the weekend"],
        "history": [
            "{He} is a teacher and the voice is worst at the end of the day.",
            "{He} has a dry, irritating cough.",
            "Resting the voice and steam inhalation help.",
            "{He} is eating and drinking normally.",
        ],
        "negatives": ["difficulty breathing", "noisy breathing", "difficulty swallowing", "lump in the neck", "coughing blood"],
        "exam": [
            OBS_ADULT,
            "{He} speaks in full sentences with a hoarse voice, and there is no stridor.",
            "The throat is mildly red and there are no palpable neck nodes.",
        ],
    },
    {
        "id": "sc_v3_athletes_foot",
        "level": SC,
        "age": (16, 60),
        "bg": False,
        "why": "Itchy, white, peeling skin between the toes in a healthy adult without diabetes or spreading redness: athlete's foot (tinea pedis), an antifungal cream or spray from a pharmacist (NHS, NICE CKS).",
        "complaint": [
            "itchy, cracked skin between the toes",
            "white, soggy, peeling skin between the fourth and fifth toes",
            "an itchy, stinging rash between the toes",
        ],
        "onset": ["for 2 weeks", "since starting at a new gym a month ago"],
        "history": [
            "{He} wears trainers for most of the day.",
            "{His} partner had the same problem last year.",
            "The itching is worst after taking off {his} socks in the evening.",
            "{He} has not tried any treatment yet.",
            "{He} does not have diabetes.",
        ],
        "negatives": ["spreading redness up the foot", "swelling of the foot", "fever", "pus", "thickened or discoloured toenails"],
        "exam": [
            "Temperature 36.7°C, pulse 70.",
            "There is white, macerated, scaling skin in the fourth toe web space with a small fissure.",
            "There is no redness, warmth or swelling of the foot.",
        ],
    },
    {
        "id": "sc_v3_pregnancy_heartburn",
        "level": SC,
        "age": (20, 40),
        "sex": "female",
        "gest": (24, 36),
        "bg": False,
        "why": "Burning pain behind the breastbone after meals and on lying down, relieved by an antacid, in a pregnant woman with normal blood pressure, no proteinuria, no headache or visual symptoms and normal fetal movements: heartburn of pregnancy, self-care with diet changes and an antacid from a pharmacist (NHS indigestion and heartburn in pregnancy, NICE CKS).",
        "complaint": [
            "burning pain behind the breastbone after meals",
            "heartburn and an acid taste in the mouth",
            "a burning feeling rising into the throat in the evenings",
        ],
        "onset": ["for the past 2 weeks, worse at night", "since the start of the third trimester"],
        "history": [
            "It is worst when {he} lies flat after a late meal.",
            "An antacid from the pharmacist settles it within minutes.",
            "Smaller meals and an extra pillow have helped.",
            "The baby is moving normally.",
        ],
        "negatives": [
            "headache",
            "blurred vision or flashing lights",
            "sudden swelling of the face or hands",
            "pain under the right ribs",
            "vaginal bleeding",
            "breathlessness",
        ],
        "exam": [
            "BP 114/70, pulse 84, temperature 36.7°C, oxygen saturation 99% on air.",
            "Urine dipstick is negative for protein.",
            "The abdomen is soft and non-tender, and the fundal height matches dates.",
        ],
    },
    # ------------------------------------------------------------------ older adults
    {
        "id": "sc_v3_subconjunctival_haemorrhage",
        "level": SC,
        "age": (45, 80),
        "why": "A painless, flat red patch over the white of the eye after coughing, with normal vision, no injury, a normal blood pressure and no anticoagulant: subconjunctival haemorrhage, which looks alarming but clears by itself in 2 weeks, self-care (NHS burst blood vessel in the eye, NICE CKS).",
        "complaint": [
            "a bright red patch of blood over the white of the left eye",
            "blood in the white of one eye",
            "a blood-red eye that frightened {his} family",
        ],
        "onset": ["noticed in the mirror this morning", "since a bout of heavy coughing yesterday"],
        "history": [
            "It does not hurt, though the eye feels slightly scratchy.",
            "{His} vision is unchanged.",
            "{He} has had a chesty cold with a lot of coughing.",
            "{He} has had no injury to the eye.",
            "{He} takes no blood-thinning medicines.",
        ],
        "negatives": ["eye pain", "blurred vision", "sensitivity to light", "discharge from the eye", "easy bruising", "nosebleeds"],
        "exam": [
            "BP 128/80, pulse 72 regular, temperature 36.7°C.",
            "A flat, well-defined red patch covers the outer half of the white of the eye; the cornea is clear and the pupil reacts normally.",
            "Visual acuity is 6/6 in both eyes.",
        ],
        "pmh": ["", "", {"t": "well-controlled hypertension on ramipril", "cond": ["high blood pressure"], "med": ["ramipril"]}],
    },
    {
        "id": "sc_v3_earwax",
        "level": SC,
        "age": (55, 85),
        "why": "A blocked feeling and muffled hearing in one ear with wax seen in the canal and no pain, discharge, sudden hearing loss or vertigo: earwax build-up, self-care with olive oil drops from a pharmacist (NHS, NICE CKS, NICE NG98).",
        "complaint": [
            "a blocked feeling and muffled hearing in the right ear",
            "dull hearing in one ear",
            "a full, plugged-up ear",
        ],
        "onset": ["for a week", "since washing {his} hair in the shower 5 days ago"],
        "history": [
            "{He} has had wax build-up before.",
            "{He} cleans {his} ears with cotton buds.",
            "{He} started olive oil drops from the pharmacy 2 days ago.",
            "The hearing in the other ear is unchanged.",
        ],
        "negatives": ["ear pain", "discharge from the ear", "sudden loss of hearing", "dizziness", "fever"],
        "exam": [
            OBS_OLDER,
            "The right ear canal is blocked by hard brown wax; the left eardrum looks normal.",
            "There is no tenderness around the ear.",
        ],
        "pmh": ["", {"t": "osteoarthritis of the knees, taking paracetamol when needed", "cond": ["osteoarthritis"], "med": ["paracetamol"]}],
    },
    {
        "id": "sc_v3_chilblains",
        "level": SC,
        "age": (60, 88),
        "why": "Itchy, burning, red-purple swellings on the toes after cold exposure in an adult without diabetes, with intact skin and good foot pulses: chilblains, self-care by keeping the feet warm and avoiding direct heat (NHS, NICE CKS).",
        "complaint": [
            "itchy, swollen, red-purple patches on the toes",
            "burning, swollen toes",
            "painful purple lumps on several toes",
        ],
        "onset": ["since a cold snap last week", "for 10 days, since the weather turned cold"],
        "history": [
            "{He} has been warming {his} feet in front of the fire after coming in from the cold.",
            "The itching is worst in the evening when {he} warms up.",
            "{He} had something similar in previous winters that cleared up by itself.",
            "{He} is walking normally.",
            "{He} does not have diabetes.",
        ],
        "negatives": ["broken skin", "pus", "numbness of the feet", "fingers turning white in the cold", "pain in the calves on walking"],
        "exam": [
            OBS_OLDER,
            "There are several swollen, red-purple patches on the tips of the toes, with intact skin.",
            "The feet are warm and the foot pulses are easily felt.",
        ],
        "pmh": ["", {"t": "high cholesterol on atorvastatin", "cond": ["high cholesterol"], "med": ["atorvastatin"]}],
    },
]
