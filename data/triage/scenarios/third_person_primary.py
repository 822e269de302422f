"""urgent, routine and self_care, written by a carer, friend, neighbour or relative.

As in third_person.py, the record describes the person written about, not the writer.
"""

URG = "urgent"
ROU = "routine"
SC = "self_care"

SCENARIOS = [
    {
        "id": "urg_uti_fever_older_carer",
        "level": URG,
        "who": "carer",
        "age": (65, 90),
        "why": "Urinary symptoms with a fever of 38C or more, alert and drinking, no sepsis features: same-day GP (NICE CKS upper UTI).",
        "texts": [
            "{hi}{subj} has burning when {he} pees and a temperature of {t}, but {hes} fine in {him}self otherwise{x}. {q}",
            "{hi}{someone} thinks {hes} got a water infection, going all the time, temp {t}{x}. {q}",
            "{hi}{subj} has cloudy smelly wee and is running a temperature of {t}{x}. {q}",
            "{hi}{someone} has had stinging when passing urine for 2 days and now a temperature, {t} this morning{x}. {q}",
            "{hi}{subj} has a water infection I think, and {his} temp is {t}, {hes} eating and drinking{x}. {q}",
        ],
        "slots": {
            "t": ["38.2", "38.3C", "38.4°C", "100.9F", "101.1°F", "38.5"],
            "x": [
                "",
                ", {hes} not confused",
                ", {hes} drinking plenty",
                ", no pain in {his} back",
                ", {hes} chatting normally",
            ],
        },
    },
    {
        "id": "urg_suicidal_thoughts_carer",
        "level": URG,
        "who": "carer",
        "age": (16, 59),
        "why": "Suicidal thoughts without plan or intent, reported by someone close: same-day GP or crisis team (NICE NG225).",
        "texts": [
            "{hi}{subj} told me last night {hes} been thinking about ending it, but {he} says {he} hasn't got a plan{x}. {q}",
            "{hi}I'm worried about {someone}. {He} keeps saying everyone would be better off without {him}{x}. {q}",
            "{hi}{subj} has been really low for weeks and admitted {hes} had thoughts of suicide, though {he} says {he} wouldn't act on them{x}. {q}",
            "{hi}{someone} has been saying {he} wishes {he} wouldn't wake up. {He} says {hes} safe for now{x}. {q}",
            "{hi}{subj} has been struggling since a breakup and told me {he} thinks about killing {him}self sometimes{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {he} hasn't done anything to hurt {him}self",
                ", {he} agreed I could message you",
                ", {hes} staying with me tonight",
                ", {he} is still working",
            ]
        },
    },
    {
        "id": "urg_cellulitis_carer",
        "level": URG,
        "who": "carer",
        "age": (18, 85),
        "why": "Spreading red, hot, swollen skin without sepsis features: cellulitis, same-day GP (NICE NG141).",
        "texts": [
            "{hi}{subj} has a red, hot, swollen patch on {his} shin that's got bigger since yesterday{x}. {q}",
            "{hi}{someone} scratched {his} leg in the garden and now the redness is spreading up {his} calf{x}. {q}",
            "{hi}{subj} has a patch of red skin on {his} forearm that's warm and sore, I drew round it and it's spread past the line{x}. {q}",
            "{hi}{someone} has a swollen red area on the top of {his} foot, warm to the touch and getting bigger{x}. {q}",
            "{hi}{subj} has an angry red area round a cut on {his} hand, it's spreading and painful{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {his} temperature is 37.8",
                ", {hes} feeling OK in {him}self",
                ", no fever",
                ", it's nowhere near {his} face",
            ]
        },
    },
    {
        "id": "urg_suspected_dvt_carer",
        "level": URG,
        "who": "carer",
        "age": (25, 85),
        "why": "One swollen, tender calf without breathlessness or chest pain: suspected DVT, same-day assessment (NICE NG158).",
        "texts": [
            "{hi}{subj} has had a swollen, painful calf since a long flight {when}{x}. {q}",
            "{hi}{someone} has one leg fatter than the other, the calf is tender and warm{x}. {q}",
            "{hi}{subj} has had an aching, swollen calf for 2 days, {he} had an operation a few weeks ago{x}. {q}",
            "{hi}{someone} has a throbbing pain in {his} calf and it's gone red and swollen, {hes} been off {his} feet recently{x}. {q}",
            "{hi}{subj} says {his} calf is tight and painful and the whole lower leg is puffy{x}. {q}",
        ],
        "slots": {
            "when": ["last week", "a few days ago"],
            "x": [
                "",
                ", no breathlessness",
                ", no chest pain",
                ", {hes} not breathless at all",
                ", {he} didn't injure it",
            ],
        },
    },
    {
        "id": "urg_shingles_carer",
        "level": URG,
        "who": "carer",
        "age": (50, 95),
        "why": "Suspected shingles within 72 hours of the rash: same-day GP or pharmacist for antivirals (NICE CKS).",
        "texts": [
            "{hi}{subj} has a painful band of blisters on one side of {his} {site}{x}. {q}",
            "{hi}{someone} had a burning pain on one side of {his} {site} and now a blistery rash has come up there{x}. {q}",
            "{hi}{subj} has a stripe of red spots and blisters going round {his} {site}, only on one side{x}. {q}",
            "{hi}I think {someone} has shingles, a blistering rash on {his} {site} that really hurts{x}. {q}",
            "{hi}{subj} has clusters of little blisters on {his} {site}, one side only, it started {when}{x}. {q}",
        ],
        "slots": {
            "site": ["chest", "back", "tummy", "side"],
            "when": ["yesterday", "2 days ago"],
            "x": [
                "",
                ", nowhere near {his} eyes",
                ", {he} had chickenpox as a child",
                ", no fever",
            ],
        },
    },
    {
        "id": "rou_urinary_symptoms_older_man_carer",
        "level": ROU,
        "who": "carer",
        "sex": "male",
        "age": (55, 90),
        "why": "Months of night-time frequency or a weak stream without blood, pain or retention: routine GP (NICE CKS LUTS in men).",
        "texts": [
            "{hi}{subj} is getting up to pee {n} times a night and it's been going on for months{x}. {q}",
            "{hi}{someone} says {his} flow is weak and {he} has to wait ages to start{x}. {q}",
            "{hi}{subj} keeps dashing to the loo, especially at night, for the last year or so{x}. {q}",
            "{hi}could {someone} get an appointment? {He} dribbles after peeing and goes a lot at night{x}.",
            "{hi}{subj} has been peeing more often and never feels empty, it's crept up over a few months{x}. {q}",
        ],
        "slots": {
            "n": ["3", "3 or 4", "4"],
            "x": [
                "",
                ", no blood in it",
                ", no pain",
                ", {hes} otherwise well",
                ", {he} can still go",
            ],
        },
    },
    {
        "id": "rou_hearing_loss_gradual_carer",
        "level": ROU,
        "who": "carer",
        "age": (65, 95),
        "why": "Gradual hearing loss over months in an older person, no pain or sudden change: routine GP or audiology.",
        "texts": [
            "{hi}{subj} has been getting more and more deaf over the last year{x}. {q}",
            "{hi}{someone} has the TV on really loud and keeps asking us to repeat things{x}. {q}",
            "{hi}{subj} struggles to follow conversations now, it's come on gradually{x}. {q}",
            "{hi}can {someone} have a hearing test? {He} misses half of what we say these days{x}.",
            "{hi}{subj} can't hear the doorbell or the phone any more, it's been getting slowly worse{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", both ears",
                ", no pain or discharge",
                ", no dizziness",
                ", it wasn't sudden",
            ]
        },
    },
    {
        "id": "rou_anxiety_carer",
        "level": ROU,
        "who": "carer",
        "age": (18, 59),
        "why": "Anxiety or panic attacks for weeks without risk to self: routine GP or talking therapies (NICE CG113).",
        "texts": [
            "{hi}{subj} has been having panic attacks for {dur} and asked me to get {him} an appointment{x}.",
            "{hi}{someone} is anxious all the time, can't switch off and isn't sleeping well, it's been {dur}{x}. {q}",
            "{hi}{subj} worries constantly and gets a racing heart when {he} has to go out, for {dur} now{x}. {q}",
            "{hi}I'm messaging for {someone}, {he} has been really on edge for {dur} and wants to talk to someone{x}.",
            "{hi}{subj} has been struggling with {his} nerves for {dur}, {he} avoids the shops now{x}. {q}",
        ],
        "slots": {
            "dur": ["a couple of months", "about 6 weeks", "a few months"],
            "x": [
                "",
                ", no thoughts of harming {him}self",
                ", {hes} still going to work",
                ", {he} says {hes} safe, just fed up",
                ", no drink or drugs",
            ],
        },
    },
    {
        "id": "rou_medication_review_carer",
        "level": ROU,
        "who": "carer",
        "age": (65, 95),
        "why": "Request for a medicines review or help with tablets, no new symptoms: routine GP or pharmacist.",
        "texts": [
            "{hi}{subj} is on {n} different tablets and we'd like a review of whether {he} still needs them all{x}. {q}",
            "{hi}could {someone} have a medicines review? {Hes} on {n} tablets and gets them mixed up{x}. {q}",
            "{hi}{subj} keeps forgetting which tablets to take, we'd like to ask about a dosette box{x}. {q}",
            "{hi}{someone} has been on the same tablets for years and nobody has checked them{x}. {q}",
            "{hi}{subj} finds {his} tablets hard to swallow and wants to know if there's a liquid version{x}. {q}",
        ],
        "slots": {
            "n": ["8", "9", "10", "12"],
            "x": [
                "",
                ", {hes} well in {him}self",
                ", nothing urgent",
                ", {his} blood pressure is fine",
            ],
        },
    },
    {
        "id": "sc_cold_carer",
        "level": SC,
        "who": "carer",
        "age": (18, 70),
        "why": "Common cold with a mild temperature in a well adult: rest, fluids, paracetamol (NHS).",
        "texts": [
            "{hi}{subj} has a stinking cold, blocked nose and sore throat, temp {t}{x}. {q}",
            "{hi}{someone} has been sneezing and sniffling {dur} and feels sorry for {him}self{x}. {q}",
            "{hi}{subj} has a runny nose and a tickly cough {dur}, temperature {t}{x}. {q}",
            "{hi}{someone} has come down with a head cold {dur} and wants to know what to take for it{x}. {q}",
            "{hi}{subj} is full of cold, achy and bunged up {dur}{x}. {q}",
        ],
        "slots": {
            "t": ["37.6", "37.8", "37.5C", "99.7F", "37.9°C", "99.8°F"],
            "dur": ["since yesterday", "for 2 days", "for a couple of days", "since the weekend"],
            "x": [
                "",
                ", {hes} eating and drinking",
                ", no breathing problems",
                ", {hes} moaning a lot but fine",
                ", paracetamol helps",
            ],
        },
    },
    {
        "id": "sc_bruise_carer",
        "level": SC,
        "who": "carer",
        "age": (18, 75),
        "why": "A bruise from a minor knock, moving normally, not on blood thinners: ice and rest at home.",
        "texts": [
            "{hi}{subj} knocked {his} shin on the coffee table {when} and there's a big bruise{x}. {q}",
            "{hi}{someone} bumped {his} arm on the door {when}, it's bruised and a bit sore{x}. {q}",
            "{hi}{subj} has a purple bruise on {his} thigh from walking into the table {when}{x}. {q}",
            "{hi}{someone} caught {his} elbow on the kitchen worktop {when}, bruised but moving it fine{x}. {q}",
            "{hi}{subj} has a bruise on {his} knee after bumping it {when}, {he} can still bend it fine{x}. {q}",
        ],
        "slots": {
            "when": ["yesterday", "this morning", "a couple of days ago"],
            "x": [
                "",
                ", {hes} not on blood thinners",
                ", {he} can walk on it fine",
                ", not much swelling",
                ", {he} didn't fall",
            ],
        },
    },
    {
        "id": "sc_threadworms_child_carer",
        "level": SC,
        "who": "carer",
        "age": (2, 10),
        "bg": False,
        "why": "Threadworms (itchy bottom at night, small white threads): pharmacy treatment for the household (NHS).",
        "texts": [
            "{hi}{subj} has an itchy bottom at night and I've seen tiny white threads in {his} poo{x}. {q}",
            "{hi}{someone} keeps scratching {his} bottom at bedtime, I think it's threadworms{x}. {q}",
            "{hi}I'm looking after {someone} and spotted little white worms around {his} bottom{x}. {q}",
            "{hi}{subj} has had a really itchy bum for a few nights and I saw a tiny worm{x}. {q}",
            "{hi}{someone} has threadworms I think, there were wriggly white threads in the toilet{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} otherwise fine",
                ", no tummy pain",
                ", {hes} eating normally",
                ", what can I get from the chemist",
            ]
        },
    },
    {
        "id": "sc_insect_bite_child_carer",
        "level": SC,
        "who": "carer",
        "age": (2, 14),
        "bg": False,
        "why": "Local reaction to a bite or sting with no swelling of face or lips and normal breathing: self-care (NHS).",
        "texts": [
            "{hi}{subj} has been bitten by something on {his} arm, it's a small red itchy lump{x}. {q}",
            "{hi}{someone} got stung by a wasp on {his} hand {when}, it's a bit red and sore{x}. {q}",
            "{hi}{subj} has a few itchy bites on {his} legs after playing in the garden{x}. {q}",
            "{hi}{someone} has a mosquito bite that's come up as an itchy bump{x}. {q}",
            "{hi}I'm minding {someone} and {he} got stung by a bee {when}, just a little swelling where it stung{x}. {q}",
        ],
        "slots": {
            "when": ["this afternoon", "an hour ago", "earlier"],
            "x": [
                "",
                ", no swelling of {his} lips or face",
                ", {hes} breathing fine",
                ", {hes} happily playing",
                ", no rash anywhere else",
            ],
        },
    },
    {
        "id": "sc_stomach_bug_carer",
        "level": SC,
        "who": "carer",
        "age": (18, 60),
        "why": "Adult vomiting or diarrhoea under 2 days while keeping fluids down, no red flags: self-care (NHS D&V).",
        "texts": [
            "{hi}{subj} has been sick a few times since last night but is keeping water down{x}. {q}",
            "{hi}{someone} has had the runs since yesterday and feels a bit washed out{x}. {q}",
            "{hi}{subj} has picked up a stomach bug, vomiting and diarrhoea since this morning{x}. {q}",
            "{hi}{someone} came home from work feeling sick and has been throwing up, I think it's the bug going round{x}. {q}",
            "{hi}{subj} has an upset stomach and has been on the loo a lot since yesterday{x}. {q}",
        ],
        "slots": {
            "x": [
                "",
                ", {hes} sipping water",
                ", no blood",
                ", {hes} still peeing",
                ", not much tummy pain",
            ]
        },
    },
]
