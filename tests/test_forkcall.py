"""forkcall.py: a function in a forked copy of the process, its result or
its error sent back, and a cancelled copy takes its own copies with it."""
from __future__ import annotations

import os
import signal
import time

import pytest

from digitaltforst import forkcall

pytestmark = pytest.mark.skipif(not forkcall.available(), reason="fork: bara Linux")


def test_the_value_and_the_error_come_back():
    assert forkcall.ForkedCall(lambda: {"sidor": 3}, "test").result() == {"sidor": 3}

    def fails():
        raise ValueError("trasig sida")

    with pytest.raises(RuntimeError, match="ValueError: trasig sida"):
        forkcall.ForkedCall(fails, "test").result()


def test_a_child_that_dies_without_a_word_is_named():
    with pytest.raises(RuntimeError, match="processen för sökindexet sv avslutades med 3"):
        forkcall.ForkedCall(lambda: os._exit(3), "sökindexet sv").result()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_cancelling_a_child_stops_the_child_it_forked(tmp_path):
    # As the English build's fork starts its search index's fork: when the
    # Swedish build fails and cancels the first, the second must not go on.
    read, write = os.pipe()

    def child():
        grandchild = forkcall.ForkedCall(lambda: os.read(read, 1), "barnbarnet")
        (tmp_path / "pid").write_text(str(grandchild.pid))
        return grandchild.result()  # blocks: nothing is ever written to the pipe

    call = forkcall.ForkedCall(child, "barnet")
    pid_file = tmp_path / "pid"
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()):
        assert time.monotonic() < deadline, "barnet startade aldrig sitt barn"
        time.sleep(0.01)
    grandchild = int(pid_file.read_text())
    try:
        assert _alive(grandchild)
        call.cancel()
        while _alive(grandchild):
            assert time.monotonic() < deadline, "barnbarnet lever kvar efter att barnet stoppats"
            time.sleep(0.01)
    finally:
        if _alive(grandchild):  # do not leave it holding pytest's output
            os.kill(grandchild, signal.SIGKILL)
        os.close(read)
        os.close(write)
