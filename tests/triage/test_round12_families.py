"""Mechanisms added for the round-12 to round-14 evaluation sets (writers with limited English,
Spanish speakers, regional and social English varieties, caregivers): dialect spellings read as
words (fuzzy.respell), dropped g's ("coughin"), weather temperatures, "2 on 10" scores, and
wordings for red flags the rules did not know."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # Jamaican Patois, Scots: respelled words
    "mi chess a hurt mi bad an mi cyaan ketch mi breath",
    "Got a heid like it's gonnae explode, neck's rigid, temp 38.6",
    "blood a run outta di cut an it nah stop, mi press it fi long time",
    # a dropped g on a rule word
    "im coughin up blood in my spit, bright red, started an hour ago",
    # learner English
    "I sit on toilet 30 minute and no pee coming out, also nothing since morning",
    "my father is not answering proper, he is sleepy sleepy and say wrong words",
    "my mom go black at the table and fall off the chair",
    "the part of body that touch the saddle when you ride horse, that part is numb now",
    "I touch between my legs and is like not my body, no feeling there",
    "Down there private area no feel nothing since this morning",
    "i dont want live anymore, pain never finish, i think to end it",
    "I put new gauze and in 10 minute is red and dripping",
    "I lost my consciousness in the shower, woke up on floor",
    "my legs give up and I fall down in kitchen, cannot get up alone",
    # regional English
    "Me arse and me whatsits are numb as anything, like I'm sittin on a frozen pond",
    "I done messed my drawers and ain't know it til I smelt it",
    "I've been thinking about topping myself, sorry to put that on you",
    "Been smotherin all evenin, can't get my wind even settin still",
    "It's Bridget. Went to the jacks and I can't go at all, feel like I'm bursting but nothing",
    # round 13
    "Please doctor my husband he is make urine in the bed and he not know",
    "my left foot is dropping, cannot lift it up, flapping when walk, new from today",
    "Dada my both legs sudden no power, I am on floor cannot get up",
    "She does not answer correctly and she does not know today date",
    "me legs have gone to jelly and I cant get up off the settee at all",
    # "the dog" starts someone else's story, "my legs" ends it
    "I tried to let the dog out and both my legs just gave way under me",
    "I dont want to be here no more. Whats the point",
    "a veces pienso que seria mejor no despertar, tengo las pastillas guardadas para eso",
    # round 14
    "Bonjour, my heart side is paining me and squeezing, it go to my left arm",
    "The wound is bleeding without stop, I keep pressing, it goes through every bandage",
    "Och I've no been able tae pass water since last night, nothing'll come",
    "Please ma, my husband passed stool on himself this morning without knowing",
    "the legs is after going from under me three times today",
    "Mih foot real weak, it doh want to hold me up at all, I drop down on the floor by the bed",
    "Grandma fell out in the kitchen, just dropped, she woke up after a bit but she aint right",
]

URGENT = [
    "electric tingle in the leg more stronger now than after surgery",
    "the fat part of my leg under knee is hard and hurt, only right",
    "tingling go from foot to knee now, before only toes",
    "nana the cut making yellow gunk and is red around",  # "gunk and is red" is not bloody gunk
    "wound smell not good, like rotten",
    "my foot still sleeping, 1 week now, same same",
    "around the wound is red circle, yesterday small, today like my hand size",
    "dirty water from the wound, like milk colour",
    "Chundered four times this morning and the pain tablets came up too",
    "Sore as hell, the panadol's doing bugger all",
    "I've less power in me right leg today, it's only mild but it's new",
    "Her back's swollen out a good bit round the cut, wider than my hand, and it's day 4",
    "Me head's fit to burst every time I get up off the bed, grand lying flat",
    "Been boakin all day, cannae keep a thing doon",
    "I'm on Xarelto. There's a fresh bloodstain the size of my palm on the dressing",
    "my dressing keeps getting soaked with a clear fluid",  # a leak, not heavy bleeding
    # round 13
    "crook as a dog, 38.4 and sweating buckets",  # an idiom, not someone's dog
    "When I stand up, head is hurting. When I lie down, it is better. Is it problem?",
    "pain is increasing day by day instead of decreasing",
    "Anoche no dormi porque el dolor llego a 8 y las pastillas no me lo quitaron.",
    "se me mojo todo el vendaje de sangre, hice presion 10 minutos y se detuvo",
    "estoy arrojando todo, no me quedan las pastillas en el estomago",
    # round 14
    "the wound is giving some dirty water, cloudy, and around is hot",
    "Wound's a bit manky, bit of green on the plaster this morning",
    "mi tek blood thinner an di bandage full up a blood, more dan likkle spot",
    "Ma heid's splittin every time ah stand up, but lyin doon it's fine",
    "I'm spewing every time I take the tablets, been like that all day",
    "The stitches look like they're pulling apart though and it's a bit gapey",
]

ROUTINE = [
    "It's 38 degrees out today, can I go down the beach",
    "it's 101 outside, is it ok to sit on the porch",
    "supposin I get the shakes and a fever, who do I call after hours",
    "say I get a bad headache, when do I worry",
    "This daytime telly is killing me, when can I go back to work",
    "my wife will kill me if I lift heavy thing haha, so what is the limit?",
    "I nearly fainted when I saw the bill, lol. Who do I call about it?",
    "Small pain at site which is reducing. Kindly tell when we can travel to Pune for a wedding.",
    "I smothered the incision in vaseline",
    "i fell asleep and could not get up early",
    "walked to the end of the driveway, legs feel stronger than before the procedure",
    "little blood stain on the bandage about as big as a fingernail, not growing",
    "nah, no fever",
    # round 13
    "pain small today, 2 on 10",  # "2 on 10" is a score of 2, not 10
    "Fever no. Wound no problem. Only question about bath.",
    "my apo peed on the bed haha not me po, can I carry him?",
    "nearly wet myself laughing at the nurse's joke tuesday, tell her thanks",
    "slept like a log, went out like a light at 8 and didn't stir till 6",
    "que susto me lleve cuando vi la factura, casi me da un infarto jaja",
    # round 14
    "how much bleeding is too much?",
    "pain 4 from 10 today, yesterday 6",
    "Headache no, fever no, only back little sore",
    "The pill bottle says may cause dizziness or fainting, should I be careful when I stand?",
    "Nearly had a fit when I saw the parking charge at the hospital! Anyway, when's my follow-up?",
    "I'm spewing I can't go to the footy this weekend, how long till I can sit in the stands?",
    "Girl I fell out laughing when the doctor said I'd be line dancing by Easter",
    "my foot fell asleep after sitting cross-legged but woke up after a minute, nothing else",
    "Stinking hot in Brisbane, I'm sweating buckets just sitting on the verandah",
    "I used to have accidents before my back procedure, haven't had a single one since",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_round12_levels(text: str, expected: str) -> None:
    check_level(text, expected)


def test_a_bleed_that_will_not_stop_under_pressure_stays_an_emergency() -> None:
    for text in [
        "the bleeding hasn't stopped even after pressing on it for 20 minutes",
        "Im on eliquis and the cut started bleeding and won't stop even when I push on it",
    ]:
        assert assess(text).level == "emergency", text
