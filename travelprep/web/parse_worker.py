"""Parse a user's file in a child process with a memory and a CPU-time limit, killed past a deadline.

The parsers refuse the hostile files we know of early (sizes, counts, time budgets); this is
the limit for the ones we do not: a parse that allocates too much fails with MemoryError in
the child (RLIMIT_AS), one that computes too long is stopped by the kernel (RLIMIT_CPU) or
killed at the wall-clock deadline, and the server's own process stays small and responsive.

Children are forked from a fork server that has imported the parsers (and built their tables)
once, so a parse starts in milliseconds; each child parses one file and exits. As with any
multiprocessing child, a script run as __main__ must guard its work with
`if __name__ == "__main__":` (console scripts and `python -m travelprep` do).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import anyio

logger = logging.getLogger(__name__)

T = TypeVar("T")
_CONTEXT = multiprocessing.get_context("forkserver")


class ParseTooBig(Exception):
    """The parse needed more memory than a user's file may."""


class ParseTooSlow(Exception):
    """The parse needed more time than a user's file may."""


# "__main__" first: a console script's children then skip importing it again for each parse.
PRELOAD = ("__main__", "travelprep.web.parser_preload")
_ready = threading.Event()  # set once the fork server has forked a first child (or could not)
_usable: list[bool] = []  # [True] when children work; [False] when they cannot start here
_starting = threading.Lock()
_began: list[bool] = []


def start(preload: Sequence[str] = PRELOAD) -> None:
    """Start this process's fork server with `preload` imported, in the background.

    Called at app start, so that the first upload does not wait seconds for the imports, and
    so that the app's start does not either. Where children cannot start (a __main__ read
    from stdin, say), parses run in a thread with their wall-clock deadline only, and a
    warning says so. Once per process: the fork server outlives any one app.
    """
    with _starting:
        if _began:
            return
        _began.append(True)
        _CONTEXT.set_forkserver_preload(list(preload))
        threading.Thread(target=_warm_up, name="travelprep-parse-fork-server", daemon=True).start()


def wait_until_ready(seconds: float) -> bool:
    """Whether the fork server is ready (or known unusable) within `seconds`."""
    return _ready.wait(seconds)


def _warm_up() -> None:
    try:
        forkserver.ensure_running()
        _run(_nothing, 64 * 2**20, 60, deadline=300)  # returns once `preload` is imported there
    except (OSError, ParseTooBig, ParseTooSlow) as failed:
        logger.warning("users' files are parsed without memory limits: %s", type(failed).__name__)
        _usable.append(False)
    else:
        _usable.append(True)
    _ready.set()


def _nothing() -> None:
    return None


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _parse_in_child(connection: Connection, work: Callable[[], Any], memory: int, cpu: int) -> None:
    # Limits count from here: what the child inherited (interpreter, parsers) is not the file's.
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL
    try:
        outcome: tuple[str, Any] = ("done", work())
    except MemoryError:
        outcome = ("memory", None)
    except Exception as refused:  # noqa: BLE001 - the parser's own refusal goes back as raised
        outcome = ("raised", refused)
    try:
        connection.send(outcome)
    except MemoryError:
        connection.send(("memory", None))
    connection.close()


def _run(work: Callable[[], T], memory: int, cpu: int, deadline: float) -> T:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_parse_in_child, args=(sender, work, memory, cpu))
    child.start()
    sender.close()
    try:
        if not receiver.poll(deadline):
            raise ParseTooSlow()
        kind, value = receiver.recv()
    except EOFError:  # the child died without answering: the kernel stopped it
        child.join(1)
        if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise ParseTooSlow() from None
        raise ParseTooBig() from None  # e.g. an allocation failing inside C code (abort)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(1)
    if kind == "memory":
        raise ParseTooBig()
    if kind == "raised":
        raise value
    return value


async def parse_limited(
    work: Callable[..., T], *args: Any, memory_bytes: int, cpu_seconds: int, deadline: float, limiter: Any
) -> T:
    """`work(*args)` in a limited child process (`work` and its answer must pickle).

    ParseTooBig past `memory_bytes` of new memory, ParseTooSlow past `cpu_seconds` of CPU or
    `deadline` seconds of waiting; an exception `work` raises is raised here as it was.
    """
    if not _ready.is_set():
        start()
        if not await anyio.to_thread.run_sync(_ready.wait, deadline):
            raise ParseTooSlow()
    if not _usable[0]:
        in_thread = partial(work, *args)
        try:
            with anyio.fail_after(deadline):
                return await anyio.to_thread.run_sync(in_thread, limiter=limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise ParseTooSlow() from None
    run = partial(_run, partial(work, *args), memory_bytes, cpu_seconds, deadline)
    return await anyio.to_thread.run_sync(run, limiter=limiter)
