"""Rich progress bars for long ingests (files and embedded chunks), on stderr."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from luodi.ingest import Progress as IngestCallbacks
from luodi.types import IngestResult


def steps_bar(disable: bool = False) -> Progress:
    """A bar per named step (re-tokenizing, a table being copied) with done/total, on stderr."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=Console(stderr=True), transient=True, disable=disable)


class IngestProgress(IngestCallbacks):
    def __init__(self, enabled: bool = True):
        console = Console(stderr=True)
        self.enabled = enabled and console.is_terminal
        self._bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(), console=console, transient=True,
        )
        self._files = None
        self._chunks = None

    def __enter__(self) -> IngestProgress:
        if self.enabled:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()

    def start(self, files: int) -> None:
        if self.enabled:
            self._files = self._bar.add_task("files", total=files)

    def file_done(self, result: IngestResult) -> None:
        if self.enabled and self._files is not None:
            self._bar.advance(self._files)

    def embedding(self, total: int) -> Callable[[int], None] | None:
        if not self.enabled:
            return None
        if self._chunks is None:
            self._chunks = self._bar.add_task("embedding chunks", total=total)
        else:
            self._bar.update(self._chunks, total=(self._bar.tasks[self._chunks].total or 0) + total)
        task = self._chunks
        base = self._bar.tasks[task].completed
        # the encoder reports the cumulative count done in this call
        return lambda done: self._bar.update(task, completed=base + done)
