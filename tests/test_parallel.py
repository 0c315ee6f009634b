import json
import os
import signal
import subprocess
import sys
import time

import pytest

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


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and fields[1] == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, session id) of ``pid``, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            rest = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return rest[0], int(rest[1]), int(rest[3])


def _alive(pid: int, session: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z" and fields[2] == session


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_an_analyze_run_leaves_no_worker_behind(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = [p.read_text("utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    with (inputs / "many.jsonl").open("w", encoding="utf-8") as fh:
        for n in range(3000):  # distinct texts, enough for the workers to be busy for seconds
            text = seeds[n % len(seeds)] + f"\n\nCorrection {n}: the council met on day {n}."
            fh.write(json.dumps({"id": f"a{n}", "text": text}) + "\n")
    cfg = tmp_path / "workers.toml"
    cfg.write_text("[pipeline]\nworkers = 2\nparallel_min_items = 2\n", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "analyze", str(inputs), "--out", str(tmp_path / "out"),
         "--db", str(tmp_path / "s.sqlite3"), "--config", str(cfg)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the run never started its workers"
        time.sleep(0.5)  # mid-work
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(w, proc.pid) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [w for w in workers if _alive(w, proc.pid)]
        assert not left, f"workers {left} outlived their killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:
            if _alive(w, proc.pid):
                os.kill(w, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_busy_with_a_long_task_die_with_a_killed_parent():
    """Pool workers exit on their own only between tasks; one minute-long task must not outlive kill -9."""
    code = "import time\nfrom corroborate.parallel import pmap\nlist(pmap(time.sleep, [60] * 4, workers=2, chunksize=1))\n"
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2
        time.sleep(0.3)  # both inside time.sleep(60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 5
        while any(_alive(w, proc.pid) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w, proc.pid)], "a busy worker outlived its killed parent"
    finally:
        for w in workers:
            if _alive(w, proc.pid):
                os.kill(w, signal.SIGKILL)


def test_die_with_parent_ends_an_orphaned_child_without_pdeathsig():
    """The watchdog fallback (platforms without prctl): a grandchild whose parent dies exits."""
    code = (
        "import os, sys, time\n"
        "from corroborate import parallel\n"
        "parallel.WATCH_INTERVAL_S = 0.05\n"
        "parallel._pdeathsig = lambda: False\n"
        "if os.fork() == 0:\n"
        "    parallel.die_with_parent(os.getppid())\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(30)\n"
        "    os._exit(0)\n"
        "time.sleep(0.3)\n"
        "os._exit(0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    grandchild = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _stat(grandchild) not in (None,) and _stat(grandchild)[0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    state = _stat(grandchild)
    assert state is None or state[0] == "Z", "the orphan kept running"


def _squares(xs: list[int]) -> list[int]:
    return [x * x for x in xs]


def test_pmap_in_batches_keeps_order_and_streams_results_one_by_one():
    from corroborate.parallel import batches

    items = range(103)
    assert list(pmap(_squares, items, workers=1, batch=10)) == [x * x for x in items]
    assert list(pmap(_squares, iter(items), workers=2, batch=7)) == [x * x for x in items]
    assert [len(b) for b in batches(iter(items), 25)] == [25, 25, 25, 25, 3]
    assert list(batches([], 4)) == []


def _square(x: int) -> int:
    return x * x


def test_a_parent_that_handles_sigterm_never_hangs_the_pool():
    # `watch` sets a SIGTERM handler that only raises a flag; forked workers inherit it and must not
    # ignore the pool's end (helper report: a watch round hung for good at the end of a parallel step)
    import signal

    from corroborate.parallel import pmap

    old = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        for _ in range(20):
            assert list(pmap(_square, range(5), workers=2, chunksize=1)) == [0, 1, 4, 9, 16]
        it = pmap(_square, range(100), workers=2, chunksize=1)
        assert next(it) == 0
        it.close()  # stopped early: the pool is terminated, and that ends
    finally:
        signal.signal(signal.SIGTERM, old)
