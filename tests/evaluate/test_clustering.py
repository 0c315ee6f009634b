import pytest

from corroborate.evaluate.clustering import adjusted_rand, bcubed, labels_from_groups


def test_bcubed_identical_partitions_score_one():
    b = bcubed(["a", "a", "b"], [1, 1, 2])
    assert (b.precision, b.recall, b.f1) == (1.0, 1.0, 1.0)


def test_bcubed_hand_computed():
    # gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}
    gold = ["x", "x", "x", "y", "y"]
    pred = [1, 1, 2, 2, 2]
    b = bcubed(gold, pred)
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15 ; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    assert b.precision == pytest.approx(11 / 15)
    assert b.recall == pytest.approx(11 / 15)
    assert b.f1 == pytest.approx(11 / 15)


def test_bcubed_all_in_one_cluster():
    b = bcubed(["a", "a", "b", "b"], [0, 0, 0, 0])
    assert b.precision == pytest.approx(0.5)
    assert b.recall == 1.0


def test_adjusted_rand_hand_computed():
    assert adjusted_rand(["a", "a", "b", "b"], ["p", "p", "q", "q"]) == pytest.approx(1.0)
    # contingency [[1,1],[1,1]]: sum C(nij,2)=0, expected = (2*2/6... ) -> ARI = -0.5
    assert adjusted_rand(["a", "a", "b", "b"], [1, 2, 1, 2]) == pytest.approx(-0.5)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])


def test_labels_from_groups_gives_missing_ids_their_own_label():
    assert labels_from_groups(["a", "b", "c"], [["b", "a"]]) == [0, 0, 1]
