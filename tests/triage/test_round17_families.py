"""Mechanisms added for the round-17 evaluation sets (patients with other conditions and
medically literate writers, English varieties from Scotland to Singapore, Spanish speakers)."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # a bowel accident not felt, an overdose, a dragged leg, a stopped stream on a prostate drug
    "had a bowel movement in my pants and never felt it coming",
    "dad pooped in the bed last night, he never felt it",
    "I swallowed the whole bottle of my pain pills on purpose",
    "took all of the oxy on purpose",
    "his leg has been getting weaker all day and now he is dragging it behind him",
    "I'm dragging my right leg since lunch",
    "on tamsulosin for my prostate, tonight nothing at all will come out",
    # "like nothing I've ever had" is no negation
    "worst headache, like nothing I've ever had, stiff neck and a fever of 101.6",
    # Spanish: fainting misspelled, breath, chest, retention, meningitis signs
    "mi mama se desmallo en el baño",
    "se me va el aire cuando camino y me duele el chest",
    "desde hace rato no me entra el aire",
    "no puedo or in ar desde anoche",
    "mi papa no ha podio orinar en todo el dia",
    "dolor de caveza horrible, el pescueso duro y calentura de 39",
]

URGENT = [
    # scores: dictated "ate", a score form far from its pain word, Spanish "es un 9"
    "the pain is about a ate out of ten tonight",
    "the pain has climbed every day this week and last night it was a 9",
    "el dolor no me deja dormir, es un 9",
    # an "if" the writer then says is real
    "what do I do if my temp is 101? because it is",
    "que hago si tengo 38.6? porque eso tengo ahorita",
    # a fever after the medicine wore off is no fever that is over
    "temp was 101.2 after the advil wore off",
    # Spanish wordings
    "tengo 39 y pico desde la tarde",
    "tengo chuchos de frio toda la noche",
    "sudo muchisimo en la noche y mojo las sabanas",
    "me duele el gemelo derecho y esta hinchado",
    "la pantorria izquierda esta roja y caliente",
    "tengo la calf hinchada nomas de un lado",
    "tengo un chipote duro junto a la herida del tamaño de un huevo",
    "la gasa estaba manchada de amarillo esta mañana",
    "la herida se me abrio un poquito",
    "el aposito se ha calado de sangre",
    "me duele la caveza cuando me siento y cuando me acuesto se me quita",
    "llevo todo el dia bomitando y no puedo tomar la medisina",
    # limited English
    "INCISION RED. YELLOW COME OUT",
]

ROUTINE = [
    # baselines and long-standing conditions
    "hx of stress incontinence since my kids, unchanged, no new leaking",
    "I have diabetic neuropathy so my toes are always numb, same as before the procedure",
    "old drop foot from a car wreck, still wearing my brace like always",
    "she has dementia so she is always a bit confused, her usual self today",
    "baseline urgency from my overactive bladder, no accidents, I can feel when I need to go",
    # questions about medicines
    "will the oxycodone make it hard to pee? peeing fine so far",
    "does prednisone cause a fever? I don't have one",
    "the label on my antidepressant says it can cause suicidal thoughts, I feel fine",
    "on eliquis, is tylenol ok? worried about bleeding",
    # figures of speech, dreams, heat, sleep
    "I'm sweating buckets because it's 98 degrees and the AC died",
    "dreamt I couldn't move my legs, woke up and they are fine",
    "passed out on the couch after lunch and slept like a log",
    "tengo fiebre de futbol con el mundial jaja",
    "hope you're keeping well, my back is much better",
    # negation words: Scots "nae", a clinician's list, "nothing like that"
    "nae fever and nae numbness down below",
    "Denies fever, chills, N/V. Ambulating without assist.",
    "my neighbour's lad had a fever, but I've got nothing like that",
    # over before the message was sent
    "had some numbness in my left thigh the first night of day 1 but it was gone by morning",
    "calf cramp overnight, stretched it out and it went away, legs look the same",
    "my leg was weak before the op, that's why I had it, now it's stronger",
    "the wee grandwean wet the bed, he's two, my back is grand",
    "if you get a fever or pus you call, my wife read, but I don't have anything like that",
    "si se me sale la orina, seria grave? no me ha pasado",
    "no siento las piernas debiles, las siento mas fuertes",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round17_family(text, level):
    check_level(text, level)


def test_dictated_eight_is_a_score_but_eating_is_not():
    assert [n.value for n in find_numbers("pain is a ate out of ten")] == [8.0]
    assert all(n.value != 8.0 for n in find_numbers("I ate out of the fridge ten times"))


def test_a_clinicians_denies_list_negates_every_item():
    findings = assess("Denies fever, chills, calf pain. Tolerating PO.").findings
    raised = [f for f in findings if f.level != "routine"]
    assert raised and all(f.negated for f in raised)


def test_a_list_after_plain_no_still_needs_its_and():
    # "no fever, legs numb": without and/or the second item is not in the list
    numb = [f for f in assess("no fever, chills, legs numb").findings if f.id == "chills"]
    assert numb and not numb[0].negated
