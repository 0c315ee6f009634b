from corroborate.parallel import pmap, worker_count


def _square(x: int) -> int:
    return x * x


def test_pmap_keeps_order_in_and_out_of_process():
    items = range(100)
    assert list(pmap(_square, items, workers=1)) == [x * x for x in items]
    assert list(pmap(_square, iter(items), workers=2, chunksize=7)) == [x * x for x in items]


def test_worker_count():
    assert worker_count(3) == 3
    assert worker_count(0) >= 1
