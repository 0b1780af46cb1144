"""Reading many filled files for an overview: every file on its own, none can stop the rest.

A file that cannot be read becomes a :class:`Failure` with the code and the
words of its error, never a crash: an :class:`~musforms.errors.MusformsError`
is the file's fault; any other exception inside musforms is a fault of
musforms, reported as ``answers.internal`` with the exception's class only
(its text could quote the file). Files are read in worker processes for large
runs; a worker that dies (the system killed it, say) breaks the pool, and
then the first unfinished file is read again alone to find the one at fault,
so that a hostile file costs its own place in the overview and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from musforms.answers.model import Answers
from musforms.errors import MusformsError

__all__ = ["PARALLEL_FROM", "Failure", "Overview", "read_many"]

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
#: Never more workers than this: each holds a bank and a reader's buffers.
MAX_WORKERS = 4
#: Files sent to a worker at once (fewer round trips; a dying worker costs a retry of these).
CHUNK = 8


@dataclass(frozen=True)
class Failure:
    """A file that could not be read, and why.

    Attributes:
        source: the file, as given.
        code: the error's code (see docs/errors.md).
        params: the values its message is made of (never an answer).
        bug: ``True`` when the cause is a fault of musforms, not of the file.
    """

    source: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    bug: bool = False

    def message(self, language: str = "en") -> str:
        """Return the reason as a sentence in ``language``, without the file's name."""
        return MusformsError(code=self.code, params=self.params).message_in(language)

    @property
    def reason(self) -> str:
        """The reason in English."""
        return self.message("en")


@dataclass
class Overview:
    """The answers read and the files that failed, in the order the files were given."""

    answers: list[Answers] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether every file was read."""
        return not self.failed

    @property
    def bugs(self) -> list[Failure]:
        """The failures that were faults of musforms."""
        return [f for f in self.failed if f.bug]


#: What one read gives back across a process boundary: the answers, or a failure.
_Result = tuple[Answers | None, Failure | None]


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Return ``params`` with every value a str, int or float: picklable, printable."""
    return {k: v if isinstance(v, str | int | float) else str(v) for k, v in params.items()}


def read_one(source: str | Path, password: str | None = None) -> _Result:
    """Read one file; return its answers, or why it failed. Never raises for a bad file."""
    from musforms.answers.read import read_answers

    try:
        return read_answers(source, password=password), None
    except MusformsError as exc:
        return None, Failure(str(source), exc.code, _plain(exc.params))
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        return None, _bug(source, "MemoryError")
    except Exception as exc:  # a fault of musforms: this file's failure, reported as a bug
        return None, _bug(source, type(exc).__name__)


def _bug(source: str | Path, why: str) -> Failure:
    return Failure(str(source), "answers.internal", {"why": why}, bug=True)


def read_many(
    sources: Iterable[str | Path],
    *,
    progress: Callable[[str], None] | None = None,
    jobs: int = 0,
    password: str | None = None,
) -> Overview:
    """Read every file, keeping the answers and the failures, in the order given.

    Args:
        sources: the filled files.
        progress: called with each file's name once it is read.
        jobs: worker processes (0: one per CPU, at most 4, for runs of at
            least ``PARALLEL_FROM`` files; 1: in this process).
        password: the password of encrypted files (others are read as they are).
    """
    files = list(sources)
    workers = jobs or min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) < PARALLEL_FROM:
        workers = 1
    if workers > 1:
        results = _in_workers(files, workers, password, progress)
    else:
        results = []
        for source in files:
            results.append(read_one(source, password))
            if progress is not None:
                progress(str(source))
    overview = Overview()
    for answers, failure in results:
        if answers is not None:
            overview.answers.append(answers)
        elif failure is not None:
            overview.failed.append(failure)
    return overview


def _in_workers(
    files: Sequence[str | Path],
    workers: int,
    password: str | None,
    progress: Callable[[str], None] | None,
) -> list[_Result]:
    """Read ``files`` in a pool of processes; a file that kills its worker fails alone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, _Result] = {}
    todo = list(range(len(files)))
    while todo:
        broken = False
        chunks = [todo[at : at + CHUNK] for at in range(0, len(todo), CHUNK)]
        with ProcessPoolExecutor(workers) as pool:
            futures = [
                (chunk, pool.submit(_read_chunk, [files[i] for i in chunk], password))
                for chunk in chunks
            ]
            for chunk, future in futures:
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = True
                    break
                for i, result in zip(chunk, results, strict=True):
                    done[i] = result
                    if progress is not None:
                        progress(str(files[i]))
        todo = [i for i in todo if i not in done]
        if broken and todo:
            # Which file killed the pool is not known: read the first left alone to find out.
            first = todo.pop(0)
            done[first] = _alone(files[first], password)
            if progress is not None:
                progress(str(files[first]))
    return [done[i] for i in range(len(files))]


def _read_chunk(sources: Sequence[str | Path], password: str | None) -> list[_Result]:
    """Read a few files in a worker: one round trip for several, as ``map``'s chunks do."""
    return [read_one(source, password) for source in sources]


def _alone(source: str | Path, password: str | None) -> _Result:
    """Read one file in a worker of its own; a worker that dies is this file's failure."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(1) as pool:
        try:
            return pool.submit(read_one, source, password).result()
        except BrokenProcessPool:
            return None, _bug(source, "the reading process stopped")
