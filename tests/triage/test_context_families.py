"""Phrase families found on evaluation sets written after the first rules: symptoms resolved
across "but", infections elsewhere in the body, stitch-removal questions, one-sided leg swelling,
teeth chattering, spreading to the other side and "quite a bit of blood" on a blood thinner."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

URGENT = [
    "my left leg went numb on day 2 and now its in the right one too",
    "tingling was in my right foot, now it's in the left one too",
    "running hot and my teeth are chattering",
    "teeth chattering under two blankets",
    "im on warfarin and there was quite a bit of blood on the dressing",
    "on eliquis, a fair amount of blood on the gauze this morning",
    "back of my lower leg, one side only, is puffy and sore",
    "my lower leg is swollen, just the left one, and warm",
    "had a fever of 101 on sunday but it went away, now its back at 101.5",
    "bled through the dressing but it stopped when i pressed",
    "I think the incision is infected, it's red and hot",
    "pain was a 4 yesterday and now its a 7",
    "my pain was a 2 this morning and is up to 5 now",
    "tingly feet day 3 and its worse today than yesterday",
    "legs a tad weaker than before the procedure, still getting around with my cane",
    "harder to push up on my toes on the left side since the procedure",
    "the pain meds wear off after an hour and then its awful again",
    "every time i take the pain pill i throw it back up",
    "like water dripping from my back where they cut",
    "redness is creeping out from the incision, its past the pen line now",
    "woke up with blood on the sheet, it came thru the dressing. pressure stopped it",
    "on warfarin, the gauze is half red",
    "smells bad when i take the bandage off, like something rotten",
    "the redness was gone by day 3 but now it's back and spreading out toward my side",
    "numbness was getting better the first day but since yesterday it's worse and now both feet",
    "mom says the tingling started in her toes and now it's up to her ankle and into her calf",
    "Feels like my left leg has lost a little strength today.",
    "I was at a 3 on Sunday but now I'm back up to an 8 and climbing.",
    "Before MILD my pain was a constant 7. Now it's a 9 and it's the incision area.",
    "On day 3 the swelling looked almost gone. Since then it's ballooned up again.",
    "When should the swelling go down? It's been 5 days and it's only getting larger",
    "He's been sick in a bucket all afternoon and says even his tablets come straight back up.",
    "my cat is throwing up and I've had chills since last night",
    "bandage has a yellow-green stain and an odor",
    "The pins and needles in my toes were just on the left, now they're in the right foot too",
    "I feel like my leg muscle isn't as strong as before the procedure",
    "my back is a 9 today",
    "ten out of ten pain, cant get comfortable",
    "took my pain pills 2 hours ago and they're not touching it",
    "Tylenol and the prescription aren't controlling the pain",
    "Day 3 and I'd say it's a solid 8, not easing at all.",
    "Day 5 and the puffiness around the site is growing not shrinking",
    "Since yesterday I've had a headache that gets much worse when I get out of bed",
    "wet patch on the sheets from my incision this morning, clear, no color to it",
    "my leg from the knee down is swollen and tight on the left only",
    "Bled through the gauze and onto my shirt, pressing on it seemed to stop it",
    "redness was the size of a quarter on Monday, now it's like the palm of my hand",
    "the numb feeling moved from one leg into both legs",
    "the leg is still without feeling, 5 days, not better",
    "harder to get up from a chair using my left leg, started yesterday. walking is ok",
    "my left tiptoe push is weaker than the right, new since yesterday",
    "legs r fine mostly but my right one is weak-ish since yesterday",
    "took my oxy 2 hours ago and I'm still at a 9",
    "it's constant and the tylenol does nothing for it",
    "a week out. puffiness was going down but the last 2 days it's coming back bigger",
    "Mom gets a headache as soon as she sits up in bed, it eases off when she lies back down",
    "head pressure like a vise whenever i stand, fades when i lie down",
    "sore calf on the right side since yesterday",
    "charley horse in my right calf for 2 days now",
    "keep being sick after every meal and after the tablets",
    "Paresthesias in an L5 distribution persisting, no improvement for 5 days",
    "Hypoesthesia over the dorsum of the foot, unchanged at 72 hours post-procedure",
    "Persistent N/V x 12h, unable to tolerate PO meds",
    "Serous drainage from the incision, thin and clear, dampening the dressing",
    "Pain was 4 yesterday, 6 today, and heading up",
    "temp 37.4 this morning and 38.3 tonight",
    "no chest pain, but my left calf is really swollen",
    "the incision edges look like they're separating though",
    "Leg feels weaker than it did before the MILD. Mild, but I noticed it.",
    "the lump at my incision went from a grape to a plum",
    "pain? 10. cant sleep",
    "calf? yes the left one hurts and looks swollen",
    "weakness? maybe a little in the right leg, new since yesterday",
    "Mom says her leg is still asleep since the operation Tuesday, and today's Saturday",
    "persistent vomiting since the anesthesia wore off, day 2 now",
]

EMERGENCY = [
    "woke up and the bed is soaked, i dont remember peeing at all",
    "i feel the urge but nothing will come out, been like this since supper",
    "the part i sit on feels dead, no feeling at all",
    "mom is huffing and puffing cant finish a sentence",
    "pressed with a towel for half an hour, still bleeding steady from the cut",
    "he had some kind of fit, eyes rolled back and jerking",
    "went down like a sack of potatoes and didnt respond for a minute",
    "everyone would be better off if i just didnt wake up tomorrow",
    "dad's toes catch on the carpet, his right foot just hangs down and he can't lift it",
    "my wife's bandage is saturated with blood and it keeps coming even with me holding it",
    "it's gone through the bandage and the gauze I added on top",
    "this evening my wife has been saying strange things, she thought our son was her brother",
    "He's talking about shooting himself.",
    "Our dog had a seizure last month so I recognized it. Tonight my husband went stiff and "
    "jerked for a minute on the couch.",
    "I'm fine, but my dad can't stand up",
    "I had the procedure last week. My husband says I was confused and talking nonsense",
    "does it matter that my wife is confused and can't remember the day?",
    "I've been trying to pee since I got home at 2 and its now 11pm, nothing comes out",
    "I noticed I had wet through my trousers without realizing",
    "my inside thighs and the bits between feel like theyre asleep and wont wake up",
    "there's a heavy pressure in the middle of my chest and it's going into my left arm",
    "Coughed up some bright red blood this morning, two times",
    "coughing up pink frothy stuff and i'm wheezing and struggling for air",
    "The wound opened and it's bleeding steadily, pressing hasn't slowed it at all",
    "I have pressed a folded towel on it for half an hour and it's still bleeding through.",
    "my head is killing me, my neck won't turn, and the thermometer says a hundred and two",
    "I have been saving up my pain pills and thinking about taking them all at once",
    "Woke up and the sheets were soaked. I did not feel myself wet at all.",
    "my you know what is numb, cant feel anything when i touch it",
    "legs were a bit weak yesterday, today i can barely move them. worse every hour",
    "had to stop 3 times on the stairs to get my breath, yesterday it was no problem",
    "blood is soaking through the bandage and I've been pressing on it for 20 minutes. "
    "It won't stop",
    "changed the dressing 3 times in the last hour, every one soaked red",
    "I have my pain pills lined up on the counter and I'm thinking about taking all of them",
    "I'm a burden to my kids. I've thought about how I'd do it",
    "pain's a 6, walking a bit more. also kinda want to disappear for good",
    # clinical shorthand and non-native phrasing
    "Crushing CP radiating into my left arm, I'm sweaty",
    "Husband had a vasovagal episode with LOC maybe 30 seconds after standing up",
    "witnessed tonic-clonic activity ~1 min, postictal now",
    "Severe HA, nuchal rigidity, febrile to 39.2",
    "Passive SI since discharge and worsening.",
    "Frank sanguineous drainage saturating dressings q15 min despite direct pressure",
    "I cannot make pipi since morning, the belly is very full",
    "the skin around my anus feel like sleeping, I don't feel nothing there",
    "my leg no have power, I fall two times today",
    "Everything between my legs feels like novocaine, started after lunch",
    "I keep getting lost in my own house, I forgot how to use my phone earlier",
    "found him on the floor, he said he doesn't remember falling and that he went out cold",
    "if this pain is forever i will end my life, i mean it",
    "numbness? yeah.. between my legs and around my privates, started tonight",
    "bladder feels full but its like the tap is turned off",
    "cant get my legs under me",
    "mamá no puede orinar desde ayer",
]

ROUTINE = [
    "had chills the first night but nothing since",
    "had a fever of 101 on sunday but it went away",
    "was bleeding a bit yesterday but it stopped",
    "felt shivery the day of the procedure but fine since",
    "my grandson has an ear infection so I can't babysit this week",
    "I'm on antibiotics for a tooth infection from before, is that ok with the procedure?",
    # someone else's illness, and history
    "Our cat peed on the bed again, vet says bladder infection. Not me haha. Can I vacuum yet?",
    "My grandson has a fever of 102 and the flu. Should I keep away from him while I heal?",
    "I had the procedure and I'm fine. My wife is the one who's been short of breath from her "
    "asthma this week",
    "My husband (not the patient, I am) has been vomiting with a stomach bug.",
    "Before MILD my legs would give out if I stood in line. Haven't had that once since.",
    "Mom had a fainting spell two years ago that turned out to be dehydration.",
    "Last time I had surgery I had a terrible reaction to anesthesia and threw up for a day.",
    "I had a staph infection after a knee surgery in 2015 so I'm nervous.",
    "Dad's thigh was a little numb yesterday, today it's just a faint tingle and fading",
    "When can mom restart her Eliquis? The discharge paper is confusing.",
    "My husband is bored out of his mind.",
    "Pain is about two out of ten now",
    "I'm on a baby aspirin, just a couple of tiny blood dots on the pad, nothing more",
    "My discharge paper mentions a spinal fluid leak. What would that look like?",
    "Are chest pains ever a side effect? Asking before I go home, I don't have any",
    "When I had my hernia repair in 2019 I couldn't pee for a few hours afterward.",
    "why is chest pain on the call 911 list for a back procedure?",
    "what would numbness in the groin mean? the handout mentions it",
    "My husband has a fever of 101 with a cold. I'm the one who had the back procedure",
    "I've taken my temp 6 times today, highest was 99.4. is that an infection??",
    "I changed the dressing for the second time today, just a spot of blood",
    "Was a 9 right after I got home, now it's a 2. Huge relief.",
    "it was a 10 minute walk to the mailbox and back",
    "What should I do if I start vomiting and can't keep my pills down?",
    "At what pain number should I be calling you?",
    "Shin still a bit numb but every hour I can feel more",
    "I don't have any leaking or trouble with my bladder",
    "She's voiding without difficulty and the PVR on the bladder scan was 30 mL",
    "what does an infected incision look like so I know what to watch for",
    "theres a bit of blood on the sheets, nothing since",
    "My sister had this same procedure last year and ended up in the ER because she couldn't pee.",
    "Hi. Pain is a 4 and improving. The swelling from day one has mostly gone down.",
    "fever? no, 98.9",
    "numbness? no. pain? 3",
    "I have von Willebrand disease, what kind of bleeding should I watch for?",
    "whats the difference between normal healing redness and infection",
    "do the stitches need to come out",
    "when do the steri strips come off?",
    "there was a bit of blood on the bandage, im on eliquis",
    "the pain is a 4, was a 6",
    "pain was 7 yesterday, 4 today",
    "suppose the pain gets worse, should i take more tylenol or call",
    "had a temp of 100.6 on tuesday but its been normal since wednesday, 98.4 today",
    "leg felt a little weak the first day but its back to full strength",
    "walked to the end of the driveway, legs feel stronger than before the procedure",
    "I'm sore but walking more every day",
    "I feel the urge to poop but nothing comes out, constipated from the pills",
    "keeping fit is hard when you can't lift anything",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_level(text: str, expected: str) -> None:
    check_level(text, expected)


def test_rising_pain_score_names_the_rise() -> None:
    result = assess("pain was a 4 yesterday and now its a 7")
    rising = [f for f in result.findings if f.rule.endswith("+rising")]
    assert [f.value for f in rising] == [7.0] and rising[0].level == "urgent"


def test_stopped_with_pressure_is_urgent_not_an_emergency() -> None:
    result = assess("Bled through the gauze and onto my shirt, pressing on it seemed to stop it")
    assert result.level == "urgent", result.to_dict()
    assert assess("pressing on it did not stop it, still bleeding").level == "emergency"


def test_someone_elses_sign_is_shown_but_does_not_count() -> None:
    result = assess("our cat has been vomiting all week")
    (vomit,) = [f for f in result.findings if f.id == "vomiting"]
    assert vomit.other_person and not vomit.counts
    assert vomit.to_dict()["other_person"] is True


def test_history_does_not_count_even_for_emergency_signs() -> None:
    result = assess("Before the procedure my legs would give out in the grocery line")
    assert result.level == "routine"
    assert any(f.historical and f.id == "severe_leg_weakness" for f in result.findings)


def test_resolved_finding_is_still_shown_to_the_nurse() -> None:
    result = assess("had chills the first night but nothing since")
    chills = [f for f in result.findings if f.id == "chills"]
    assert chills and chills[0].resolved and not chills[0].counts
