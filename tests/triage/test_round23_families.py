"""Mechanisms added for the round-23 to round-25 evaluation sets (and the sealed_z9 set measured
before them): a check-in topic answered yes after another answered no, numbered answers ending in
"no", a symptom told as a diary of weekdays, whose fever it is when the writer is not the patient,
minutes that are no pain score, "fine otherwise" that denies nothing, Vietnamese "độ" as degrees,
and the backstop staying quiet on one-letter replies."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # a yes answers its own topic, whatever the no before it answered
    "day 4: fever no, numb yes - inside of both thighs and my bottom",
    "1) fever no 2) numbness yeah, around my privates",
    # leg strength and bladder/bowel wordings
    "today he can barely lift em off the mattress, his legs",
    "walking: no, can't get up on my feet since lunch",
    "si lola nag-poop sa shorts nya, hindi daw nya naramdaman",
    "cant feal a thing in my privits since this morning",
    # round 24
    "his legs get weaker by the hour, even with the walker he cannot",
    # round 25
    "my papa don piss for body this morning and he no feel am",
    "mi cyaan stand pon mi left leg at all from this morning",
    "chesst pian since an hour n cant breeth",
    "worst headache like never before, neck won't bend, 39.2",
]

URGENT = [
    "on xarelto and the stain on my dressing keeps growing",
    "took the tablets at 8 and they don't even touch the pain",
    "dad is still sobbing with the back pain after his pill",
    "the numb patch before was only on my shin but now it is going down to my foot",
    "Mon foot numb. Tue foot numb. Wed foot numb. Thu the same",
    "Mild new L EHL weakness 4/5, ambulating",
    # climbing steps is no climbing course: mild new weakness stays urgent
    "right leg a bit weak climbing the stairs at home, that is new",
    # round 24
    "thermometer says 100.8 tonight, feel fine otherwise",
    "mẹ 38,5 độ, she is shaking",
    "pins and needles started in my toes but now it's all up my shin and into my knee",
    "fri: foot numb. sun: still numb. today (tue): no change",
    # round 25
    "the tingling was only in my toes at first, now it has gone up to my ankle",
    "my calf was meant to stop being numb in a day or two. it's day 6. still there",
    "tingling went away tue, back wed, gone thu, back today and worse",
]

ROUTINE = [
    "1) pain 2  2) fever no  3) incision dry  4) bowels fine",
    "it's me who has the fever, not my husband. can I still help him after his procedure?",
    "my husband has a cough and fever, I feel ok. can he sleep with me?",
    "my daughter has a fever of 101, can she still drive me to my follow up",
    "a neighbor had the same thing done and he couldn't pee after, will that happen to me?",
    "my mom says her back hurts, then 20 min later it doesn't. is that normal?",
    "the discharge leaflet was really confusing, what exactly did they remove?",
    "chills from the AC in the office, temp 98, feel fine",
    "at what point is bleeding too much?",
    "mon: numb toes. tue: better. wed: gone",
    "pink spot on the dressing, about the size of a pea",
    # round 24
    "my husband has a fever of 38.6 with the flu, can I sleep near him after my surgery?",
    "how would I tell apart a bad headache and the spinal fluid thing you mentioned",
    "my knees are killing me after that hike, just sore muscles I think",
    "the cut is slightly inflamed, pink along the edges, not spreading, not warm",
    # round 25
    "what temperature counts as a fever after this, is it 38?",
    "wetin be the sign say the cut don infect?",
    "mi bredda had him hip done and him cyaan walk yet, me fine, when is my follow up",
    "the leaflet says numbness in the saddle area means call 911, what is the saddle area?",
    "had chills the first night but that's long gone, temps normal since",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round23_family(text, level):
    check_level(text, level)


def test_a_diary_of_weekdays_is_a_duration():
    """Four weekdays named in order make the numbness at least three days old."""
    found = assess("Mon toes numb. Tues toes numb. Wed still numb. Thurs same").findings
    assert any(f.id == "numbness_persistent" and f.value == 4.0 for f in found)


def test_weekdays_out_of_order_are_no_diary():
    """"Sun I sat down. Sat was fine. Mon numb" names days, not a run of days."""
    found = assess("Sun I sat down. Sat was fine. Mon numb").findings
    assert not any(f.id == "numbness_persistent" for f in found)


def test_minutes_are_no_pain_score():
    """"10 min later" is a time, not a pain of 10."""
    found = assess("her back hurts and 10 min later it doesn't").findings
    assert not any(f.id in ("severe_pain", "pain_score") for f in found)
