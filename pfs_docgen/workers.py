"""bulk's worker processes: a pool that outlives a worker's death, and each worker's limits.

- **Memory**: each worker may take WORKER_MEMORY (2 GiB) of address space more than it
  holds when it starts (`resource.setrlimit(RLIMIT_AS)`, where the platform has it: Linux
  and the BSDs; macOS and Windows go without). Building a stress plan peaks at 60 MB, and a
  worker reaches about 240 MB over 1,000 documents; past the limit the school that asked
  for more fails with a MemoryError of its own, before the system's out-of-memory killer
  picks a process.
- **Time**: each school may take SCHOOL_SECONDS (120 s; a stress plan takes 0.5 s). A
  timer in the worker stops the school (SIGALRM, where there is one); and a pool from which
  no school has come back for SCHOOL_SECONDS + GRACE_SECONDS is stopped by the parent (code
  stuck where no signal reaches it, or no SIGALRM at all).
- **Death**: a worker killed (the out-of-memory killer sends SIGKILL) breaks the whole
  concurrent.futures pool, and every school in flight fails with BrokenProcessPool, the one
  that killed it among them. Each of those is run again alone, in a fresh one-worker pool:
  one that stops its worker again is lost, the others are built. The schools not yet
  started go on in a fresh pool.

The task's own failures are its business (bulk's worker turns them into issues); what this
module reports, through `lost(item, exc)`, is a WorkerStopped saying why, or an exception
that escaped the task.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

WORKER_MEMORY = 2 * 1024 ** 3  # bytes of address space per worker (RLIMIT_AS)
SCHOOL_SECONDS = 120  # per item, in the worker
GRACE_SECONDS = 30  # the parent's margin over SCHOOL_SECONDS before it stops a silent pool
TEST_HOOK = "PFS_DOCGEN_TEST_WORKER"  # tests only: see _test_hook

DIED = "the worker building it stopped (killed, out of memory?)"


class WorkerStopped(Exception):
    """An item was not done because its worker stopped or was stopped; str() says why."""


class _TooSlow(BaseException):
    """The item's time is up (a BaseException: the task's `except Exception` lets it by)."""


def too_slow(seconds: float) -> str:
    return f"it took longer than {seconds:g} s, so its worker stopped it"


def too_big(limit: int) -> str:
    return f"it needed more than {limit / 1024 ** 3:g} GiB of memory, a worker's limit"


# --- in the worker ------------------------------------------------------------------------

def _start(memory: int, initializer: Callable[..., None], initargs: tuple) -> None:
    _limit_memory(memory)
    initializer(*initargs)


def _limit_memory(memory: int) -> None:
    """Let this process hold `memory` bytes of address space more than it holds now (a
    worker forked from a big notebook is not starved); never raise a limit already set."""
    try:
        import resource
    except ImportError:  # Windows
        return
    if not hasattr(resource, "RLIMIT_AS"):
        return
    limit = _address_space() + memory
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
        except (ValueError, OSError):  # a platform that has the name but refuses it
            pass


def _address_space() -> int:
    """Bytes of address space this process holds (Linux: /proc/self/statm), else 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError, IndexError):
        return 0


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def stop(number, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_one(task: Callable[[str], Any], seconds: float, memory: int, item: str) -> Any:
    """The task on one item, in a worker, under its time limit; a limit reached is raised to
    the parent as WorkerStopped."""
    try:
        with _time_limit(seconds):
            _test_hook(item, memory)
            return task(item)
    except _TooSlow:
        raise WorkerStopped(too_slow(seconds)) from None
    except MemoryError:
        raise WorkerStopped(too_big(memory)) from None


def _test_hook(item: str, memory: int) -> None:
    """For tests only, so they can watch bulk survive a worker's end: with the environment
    variable PFS_DOCGEN_TEST_WORKER="<action>:<file name>", the worker given that workbook
    `kill`s itself with SIGKILL (as the out-of-memory killer would), `hog`s more memory than
    its limit, or `hang`s. Unset, it costs one dictionary look-up per school."""
    action, _, name = os.environ.get(TEST_HOOK, "").partition(":")
    if not name or Path(item).name != name:
        return
    if action == "kill":
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    elif action == "hog":
        bytearray(2 * memory)
    elif action == "hang":
        time.sleep(3600)


# --- in the parent ------------------------------------------------------------------------

def run_pool(items: list[str], task: Callable[[str], Any], *, jobs: int,
             initializer: Callable[..., None], initargs: tuple,
             collect: Callable[[Any], None],
             lost: Callable[[str, Exception], None]) -> None:
    """task(item) for every item in worker processes (`jobs` at once), each worker started
    with initializer(*initargs); collect(result) as each comes back, or lost(item, exc) for
    one that could not be done. A worker's death costs only the item that caused it."""
    settings = (SCHOOL_SECONDS, WORKER_MEMORY)  # read now: tests change them
    start = partial(_start, settings[1], initializer, initargs)
    work = partial(_run_one, task, *settings)
    queue = deque(items)
    while queue:
        suspects, _ = _one_pool(queue, jobs, start, work, settings[0], collect, lost)
        for item in suspects:  # alone, each in a fresh pool: the culprit stops it again
            again, stuck = _one_pool(deque([item]), 1, start, work, settings[0], collect,
                                     lost)
            if again:
                lost(item, WorkerStopped(too_slow(settings[0]) if stuck else DIED))


def _one_pool(queue: deque[str], jobs: int, start: Callable[[], None],
              work: Callable[[str], Any], seconds: float, collect: Callable[[Any], None],
              lost: Callable[[str, Exception], None]) -> tuple[list[str], bool]:
    """Run items off the queue in one pool until it is empty or the pool breaks; returns
    the items in flight when it broke (none when it did not), and whether the parent
    stopped it for silence."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=start)
    pending: dict[Future, str] = {}
    broken: list[str] = []
    stuck = refused = False
    try:
        while queue or pending:
            while queue and len(pending) < jobs * 4 and not (broken or refused):  # a bounded queue
                try:
                    pending[pool.submit(work, queue[0])] = queue[0]
                except BrokenProcessPool:  # a worker died idle: the rest go to a new pool
                    refused = True
                    break
                queue.popleft()
            if not pending:
                break
            done, _ = wait(pending, timeout=seconds + GRACE_SECONDS,
                           return_when=FIRST_COMPLETED)
            if not done:  # nothing came back in time: stop the workers, try the items alone
                stuck = True
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.kill()
                done, _ = wait(pending)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                done, _ = wait(pending)  # every other future of a broken pool ends too
            for future in done:
                item = pending.pop(future)
                exc = future.exception()
                if isinstance(exc, BrokenProcessPool):
                    broken.append(item)
                elif exc is not None:
                    lost(item, exc if isinstance(exc, Exception) else WorkerStopped(DIED))
                else:
                    collect(future.result())
    except BaseException:
        # Stop: cancel what has not started and let each worker finish the school it is on
        # (milliseconds; workers ignore Ctrl-C), dropping those results. Killing a worker
        # in the middle of its answer can leave the pool's result pipe half-written, and
        # then the interpreter hangs at exit (seen on CPython 3.11). Results only reach the
        # disk through the parent, so nothing is left half-written either way.
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except KeyboardInterrupt:  # a second Ctrl-C while waiting: end the workers now
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    return broken, stuck
