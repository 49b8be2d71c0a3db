"""A function run in a forked copy of the build process, its result sent back.

fork() keeps every module and object as they are: nothing is imported again
and no state is sent over, which a spawned process would need. The child's
return value (or its error) comes back pickled over a pipe; the child ends
with ``os._exit`` and so runs none of the parent's atexit handlers or finally
blocks. Linux only (fork is unsafe on macOS and absent on Windows); the
callers check :func:`available` and otherwise do the work in turn.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from typing import Any, Callable


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def describe(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


class ForkedCall:
    """``fn()`` in a forked child; :meth:`result` waits for its return value.

    name: what the child does, for the message when it dies without a word;
    describe: an exception's text for the parent's RuntimeError."""

    def __init__(self, fn: Callable[[], Any], name: str,
                 describe: Callable[[BaseException], str] = describe) -> None:
        self.name = name
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _die_with_parent(parent)
            _child(fn, describe, write)
        os.close(write)
        self.pid, self._read, self._done = pid, read, False

    def result(self) -> Any:
        """fn's return value; RuntimeError with the child's error if it failed."""
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        payload = pickle.loads(data) if data else {}
        if "error" in payload:
            raise RuntimeError(payload["error"])
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or "value" not in payload:
            raise RuntimeError(f"processen för {self.name} avslutades med {code}")
        return payload["value"]

    def cancel(self) -> None:
        """The build failed: stop the child."""
        if self._done:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        try:
            os.close(self._read)
        except OSError:
            pass
        self._done = True


def _die_with_parent(parent: int) -> None:
    """A child killed by a failed build takes its own forks with it (the
    English build's search index would otherwise go on writing)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


def _child(fn: Callable[[], Any], describe: Callable[[BaseException], str], write: int) -> None:
    status, payload = 1, {}
    try:
        payload = {"value": fn()}
        status = 0
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        payload = {"error": describe(exc)}
    try:
        try:
            data = pickle.dumps(payload)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is an error too
            status, data = 1, pickle.dumps({"error": f"{type(exc).__name__}: {exc}"})
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
