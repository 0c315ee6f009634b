import math

from corroborate.claims.quantities import compatible, find_quantities
from corroborate.claims.temporal import find_times


def _q(text):
    return [(q.text, q.low, q.high, q.exact, q.noun) for q in find_quantities(text)]


def test_exact_counts_and_their_nouns():
    assert _q("Ukrainian forces captured two Chinese citizens fighting for Russia.") == [("two", 2, 2, True, "citizen")]
    assert _q("Police said 1,200 protesters gathered.") == [("1,200", 1200, 1200, True, "protester")]
    assert _q("The fire destroyed 35 homes and damaged 12 others.")[0] == ("35", 35, 35, True, "home")


def test_vague_and_approximate_amounts_are_intervals():
    (thousands,) = find_quantities("North Korea sent thousands of troops to Russia.")
    (about,) = find_quantities("North Korea has sent approximately 11,000 troops to Russia.")
    assert not thousands.exact and thousands.noun == about.noun == "troop"
    assert compatible(thousands, about)  # "thousands" vs "about 11,000" is no disagreement
    (more,) = find_quantities("the number is much larger than two")
    assert more.low == 2 and math.isinf(more.high)


def test_years_dates_times_ordinals_fractions_and_parts_are_not_quantities():
    assert _q("He was elected in 2019 and took office on April 8 at 10:30.") == []
    assert _q("It was the 3rd attempt; he served 4 1/2 months.") == []
    assert _q("They are one of Egypt's largest providers.") == []


def test_money_percent_and_compounds():
    assert _q("stocks fell 5.4 percent")[0][4] == "%"
    assert _q("a $2.6 million heist")[0][1] == 2.6e6
    assert _q("the three-year war")[0][4] == "year"


def test_weekdays_resolve_against_publication_date_and_mismatches_show():
    (monday,) = find_times("He posted the video on Monday.", "2025-04-08")
    assert (monday.kind, monday.date, monday.weekday) == ("weekday", "2025-04-07", 0)
    (dated,) = find_times("signed (@user) April 8, 2025")
    assert dated.explicit and dated.date == "2025-04-08"
    (wrong,) = find_times("on Monday, April 8, 2025, he said")  # April 8, 2025 was a Tuesday
    assert wrong.mismatch
    (rel,) = find_times("He said yesterday that", "2025-04-08")
    assert rel.kind == "relative" and rel.date == "2025-04-07"
    assert find_times("they may 8 times") == []
