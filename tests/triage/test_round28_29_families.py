"""Mechanisms and wordings added for the round-28 and round-29 evaluation sets and the sealed_z11
set measured before them: German, Italian, Polish and Dutch wordings of the red flags (with their
negations,
"Fieber: nein" check-in answers and scores "von 10"), the recent past ("a 7 this morning, a 9 the
day of the procedure"), a closing word that speaks of its whole sentence ("..., totally normal
since"), whose fainting it is ("my wife's the one who fainted"), figures of speech about bills
and fees, and a check-in "no" followed by a topic answered fine ("fever no wound looks good")."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # German, Italian, Polish, Dutch
    "ich kann seit dem Frühstück nicht pinkeln und die Blase ist prall",
    "mia madre non riesce a fare la pipì da stamattina",
    "heute Nacht ins Bett gemacht und nichts gemerkt",
    "mój mąż zmoczył się i nic nie czuł",
    "ik voel niets meer tussen mijn benen",
    "non sento più il sedere e l'inguine",
    "le gambe gli cedono, non riesce a camminare",
    "mijn vader kan opeens niet meer lopen",
    "ich kann den linken Fuß nicht mehr anheben",
    "Druck auf der Brust seit einer Stunde",
    "ho un dolore al petto che va al braccio",
    "ik ben benauwd en kan geen adem krijgen",
    "od rana kaszlę krwią",
    "la ferita sanguina tanto e non si ferma",
    "moja żona zemdlała w kuchni",
    "nie chcę już żyć",
    "starke Kopfschmerzen, steifer Nacken und Fieber 39,2",
    # English found in the same sets
    "my husband went in his pants at the table and didn't know",
    "he keeps asking where his unit is and thinks he's back at the base",
    "i cant breed right, feels like something heavy on my chest",
    "my sad all area went numb after lunch",
    "leg isn't doing what i tell it, went down on the steps twice",
    "right leg weak\n2pm - can't lift it\n5pm - dragging it\nworse every hour",
    "would be better off if i just took all my pills at once",
    # round 29
    "my mother she make pipi in the bed last night and dont know it",
    "ho perso il controllo della vescica oggi",
    "il sangue non si ferma, ho cambiato tre garze",
    "coughing up pink stuff since breakfast",
    "gonna take the rifle out to the barn and not come back",
    "bleeding from the cut and it won't quit even pressing on it",
    "cant feal my privite parts since lunch",
]

URGENT = [
    "Fieber 38,6 seit heute früh",
    "Schmerz 9 von 10, es wird nicht besser",
    "dolore 8 su 10 stanotte",
    "brividi tutta la notte",
    "Aus der Wunde kommt Eiter",
    "de wond is rood en het rode stuk wordt groter",
    "la ferita si è aperta un po'",
    "biorę xarelto i opatrunek jest cały czerwony",
    "de tinteling zat eerst in mijn teen, nu trekt het omhoog tot aan mijn knie",
    "il polpaccio destro è gonfio e mi fa male",
    "ik blijf overgeven en kan mijn pillen niet binnenhouden",
    "pijn wordt elke dag erger in plaats van beter",
    "Kopfschmerzen wenn ich aufstehe, im Liegen besser",
    # English found in the same sets
    "on eliquis, the ooze on the dressing is bigger than a loonie",
    "Mon tingling just in my heel. Wed the whole foot. today it's up past my ankle",
    "discharge sheet says call for redness, warmth or drainage at the incision. I have all three",
    # round 29
    "prendo il coumadin e la garza è tutta macchiata di sangue",
    "das Kribbeln wandert jetzt runter bis in die Zehen",
    "Kopfschmerzen wenn ich aufstehe. Im Liegen nicht",
    "my left leg from the knee down is swollen and sore, the other leg is fine",
]

ROUTINE = [
    "kein Fieber, Wunde sieht gut aus",
    "Fieber: nein. Blutung: nein. Schmerz: 2",
    "pain 6 von 10 heute, gestern 7, Paracetamol hilft",
    "non ho febbre, va tutto bene",
    "nie mam gorączki, czuję się dobrze",
    "geen koorts, alleen wat pijn bij de wond",
    "ho trentasette e mezzo, è febbre?",
    # the recent past is later than the day of the procedure
    "pain's a 6 this morning, it was a 9 the day of the procedure",
    # a closing word on the course speaks of its whole sentence
    "left leg felt weak for an hour after, the nurse said from the numbing, totally normal since",
    "the tingling in my toes i had the first three days is completely gone now",
    # whose fainting, figures of speech
    "My husband's the one who fainted at church, heat, he's fine. I'm doing well",
    "nearly passed out when I saw the parking fee lol",
    "the wife about had a heart attack when she saw me on the ladder",
    "my wallet had a heart attack when the bill came",
    "I about passed out when they told me how small the cut was",
    # a history, a question, a check-in answer
    "i fainted at a blood test like 10 yrs ago, will they take blood?",
    "the sheet says a headache when sitting up could mean a spinal fluid leak, how common is that?",
    "how many days is too long for the foot numbness to hang around",
    "had 100.8 on saturday, been in the 98s since",
    "pain 2 fever no wound looks good",
    "haven't had any trouble peeing, all normal",
    "came in cause of my follow up, all good",
    # round 29
    "the redness is gone today, yesterday there was a faint pink ring",
    "gas prices giving me chest pains lol",
    "my neighbour had this done and his foot stayed numb for weeks, will that happen to me",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round28_and_29_family(text, level):
    check_level(text, level)


def test_a_reading_this_morning_is_later_than_one_on_the_day_of_the_procedure():
    """Both readings are told as past; the one of this morning is the latest, so the 9 of the
    procedure day is history and the 7 is the pain now."""
    found = assess("pain is a 7 this morning but it was a 9 the day of the procedure").findings
    live = [f.value for f in found if f.value is not None and f.counts]
    assert live == [7.0]


def test_a_reading_this_morning_still_counts_alone():
    """With no older reading beside it, a 9 this morning is a severe pain score."""
    assert assess("pain was a 9 this morning").level == "urgent"


def test_a_closing_word_does_not_reach_over_a_sign_told_as_now():
    """A fever told as now is not over when the numbness after it is "completely gone now"."""
    found = assess("fever 101 now, the numbness in my foot is completely gone now").findings
    assert any(f.id == "fever" and f.counts for f in found)
    assert not any(f.id.startswith("numbness") and f.counts for f in found)


def test_scores_out_of_ten_in_other_languages_are_one_score():
    """German "6 von 10" is a score of 6, not a 6 and a 10."""
    found = assess("Schmerz 6 von 10").findings
    assert [f.value for f in found if f.value is not None] == [6.0]
