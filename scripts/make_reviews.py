#!/usr/bin/env python3
"""Writes examples/data/reviews.csv: short synthetic product/film/restaurant
reviews labelled positive or negative, for examples/text_classifier.exp.

The set is SYNTHETIC (the repo ships no real text and the build has no
network). It is made to be learnable from the words yet not trivially
separable by them:

  * a review is 1-3 clauses, "the battery was really great", each with a
    subject, an optional intensifier and an opinion word of known polarity;
  * a clause may be negated ("was not great", "wasn't bad", "never ...");
    a bag of words sees "great" either way, so negation is where a model
    that pools embeddings loses accuracy;
  * a contrast "X but Y" is labelled by the clause after "but", and a
    clause of the other polarity may come first; a tail phrase ("would buy
    again", "never again") adds a hint, sometimes a misleading one;
  * 3% of the labels are flipped (annotation noise), so no model reaches 1.0;
  * case and punctuation vary, so the tokenizer's lower-casing and splitting
    are exercised.

Deterministic: the same seed gives the same file byte for byte.
Usage: python3 scripts/make_reviews.py [--rows 3000] [--seed 12] [--out examples/data/reviews.csv]
"""
import argparse
import csv
import random

SUBJECTS = {
    "product": ["the battery", "the screen", "this phone", "the charger", "the case", "the price",
                "the sound", "the camera", "delivery", "the packaging", "the build", "the app"],
    "film": ["the plot", "the acting", "the ending", "the soundtrack", "this film", "the script",
             "the cast", "the dialogue", "the pacing", "the effects", "the director", "the sequel"],
    "food": ["the food", "the service", "the pasta", "the staff", "the dessert", "the coffee",
             "the menu", "the portions", "the wine", "our waiter", "the pizza", "the atmosphere"],
}
POSITIVE = ["great", "excellent", "wonderful", "superb", "good", "lovely", "brilliant", "amazing",
            "fantastic", "solid", "pleasant", "delightful", "perfect", "impressive", "fresh"]
NEGATIVE = ["terrible", "awful", "bad", "poor", "boring", "disappointing", "horrible", "weak",
            "dull", "mediocre", "broken", "bland", "cheap", "slow", "annoying"]
INTENSIFIERS = ["", "", "", "really", "very", "quite", "so", "truly", "pretty", "absolutely"]
VERBS = ["was", "is", "was", "felt", "seemed", "looked"]
OPENERS = ["", "", "", "honestly,", "well,", "overall", "to be fair,", "i think", "in short,"]
POS_TAILS = ["would buy again", "highly recommend", "loved it", "five stars", "worth every penny",
             "we will be back", "a real treat"]
NEG_TAILS = ["never again", "waste of money", "avoid", "one star", "returned it", "not worth it",
             "we will not be back"]
NEUTRAL_TAILS = ["", "", "", "bought it last week", "went on a friday", "saw it with friends",
                 "as expected", "nothing more to say"]


def clause(rng, domain, polarity):
    """One clause of the given polarity (+1 / -1), negated half of the time it can be."""
    subject = rng.choice(SUBJECTS[domain])
    verb = rng.choice(VERBS)
    negate = rng.random() < 0.15
    word_polarity = -polarity if negate else polarity
    word = rng.choice(POSITIVE if word_polarity > 0 else NEGATIVE)
    intens = rng.choice(INTENSIFIERS)
    if negate:
        neg = rng.choice(["not", "not", "never", "hardly"]) if verb in ("was", "is") else "not"
        if verb in ("was", "is") and rng.random() < 0.4:
            verb, neg = verb + "n't", ""
        parts = [subject, verb, neg, intens, word]
    else:
        parts = [subject, verb, intens, word]
    return " ".join(p for p in parts if p)


def review(rng, label):
    """A review whose stated opinion is `label` (+1 / -1)."""
    domain = rng.choice(sorted(SUBJECTS))
    words = []
    opener = rng.choice(OPENERS)
    if opener:
        words.append(opener)
    shape = rng.random()
    if shape < 0.5:  # one clause
        words.append(clause(rng, domain, label))
    elif shape < 0.65:  # a contrast: the clause after "but" decides
        words += [clause(rng, domain, -label), rng.choice(["but", "but", "though", "yet"]),
                  clause(rng, domain, label)]
    else:  # two clauses that agree, or a weaker third of the other polarity first
        if rng.random() < 0.25:
            words += [clause(rng, domain, -label) + ",", "still"]
        words += [clause(rng, domain, label), "and", clause(rng, domain, label)]
    tail_draw = rng.random()
    if tail_draw < 0.25:
        words.append("-- " + rng.choice(POS_TAILS if label > 0 else NEG_TAILS))
    elif tail_draw < 0.29:  # a misleading hint: sarcasm, or a mixed feeling
        words.append("-- " + rng.choice(NEG_TAILS if label > 0 else POS_TAILS))
    else:
        tail = rng.choice(NEUTRAL_TAILS)
        if tail:
            words.append("(" + tail + ")")
    text = " ".join(words)
    text = text[0].upper() + text[1:] if rng.random() < 0.7 else text
    ending = rng.choice([".", ".", "!", "!!", "", "..."])
    text += ending
    if rng.random() < 0.08:  # shouting
        text = text.upper()
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--noise", type=float, default=0.03, help="fraction of labels flipped")
    ap.add_argument("--out", default="examples/data/reviews.csv")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["review", "sentiment"])
        for i in range(args.rows):
            label = 1 if i % 2 == 0 else -1  # balanced classes
            text = review(rng, label)
            shown = -label if rng.random() < args.noise else label
            w.writerow([text, "positive" if shown > 0 else "negative"])


if __name__ == "__main__":
    main()
