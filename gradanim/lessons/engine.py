"""Where a batch's renders run: this process, a local process pool, or Dask distributed.

- One job, or one worker: in this process, one after the other.
- ``processes``: a pool of N processes
  (:class:`concurrent.futures.ProcessPoolExecutor`), forked from this one, so they start
  with manim and the scenes already imported. A process that dies takes the pool down: the
  jobs not yet finished are reported failed.
- ``auto``: ``dask`` with a scheduler, else ``processes`` (on one machine the pool is the
  faster: the README's speed section measures both).
- ``dask``: a Dask distributed cluster, a ``LocalCluster`` of N single-threaded worker
  processes, or the scheduler at ``scheduler`` (``tcp://host:8786``) and whatever workers
  joined it. Dask's scheduler hands out the jobs; a job whose worker is lost (killed,
  out of memory, machine gone) is run again on another worker (up to the scheduler's
  ``distributed.scheduler.allowed-failures``, 3 by default), and one that raised an
  OSError (the shared storage hiccupped) is run again up to ``RETRIES`` times (Dask's
  ``retries=``). A job that still fails is reported failed; the others go on.

Each finished job is handed to ``on_done(job, result)`` in this process as it finishes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence

ENGINES = ("auto", "processes", "dask")
RETRIES = 2
CONNECT_TIMEOUT = "30s"


def execute(jobs: Sequence, task: Callable, *, workers: int, engine: str | None, scheduler: str | None,
            on_done: Callable, on_start: Callable[[int, int], None] | None = None) -> None:
    """Run ``task(job)`` for every job on the chosen engine, calling ``on_done(job, result)``
    here as each finishes. A job that raises (or whose worker dies for good) gets the result
    of ``job.result(error=...)``."""
    if not jobs:  # everything cached: no cluster to start
        if on_start:
            on_start(0, 1)
        return
    if engine in (None, "auto"):
        engine = "dask" if scheduler else "processes"
    if scheduler or (engine == "dask" and workers > 1 and len(jobs) > 1):
        _dask(jobs, task, workers, scheduler, on_done, on_start)
    elif workers <= 1 or len(jobs) <= 1:
        if on_start:
            on_start(len(jobs), 1)
        for job in jobs:
            on_done(job, _guarded(task, job))
    else:
        _pool(jobs, task, workers, on_done, on_start)


def _guarded(task: Callable, job):
    try:
        return task(job)
    except Exception as error:
        return job.result(error=f"{type(error).__name__}: {error}")


def _pool(jobs, task, workers, on_done, on_start) -> None:
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    slots = max(1, min(workers, len(jobs), os.cpu_count() or 1))
    if on_start:
        on_start(len(jobs), slots)
    # fork: the workers start with what this process has imported (manim, the scenes)
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=slots, mp_context=context) as pool:
        futures = {pool.submit(task, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except Exception as error:  # the process died (BrokenProcessPool) or the job raised
                result = job.result(error=f"{type(error).__name__}: {error}")
            on_done(job, result)


def _dask(jobs, task, workers, scheduler, on_done, on_start) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        from ..core.errors import OptionError

        raise OptionError("the Dask engine needs dask distributed: pip install 'gradanim[cluster]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        slots = max(1, sum(client.nthreads().values()))
        if on_start:
            on_start(len(jobs), slots)
        batch = uuid.uuid4().hex[:8]
        futures = {}
        for number, job in enumerate(jobs):
            future = client.submit(task, job, key=f"gradanim-{batch}-{number}-{job.lesson.name}",
                                   retries=RETRIES, pure=False)
            futures[future] = job
        for future in as_completed(list(futures)):
            job = futures.pop(future)
            try:
                result = future.result()
            except Exception as error:  # raised after its retries, or KilledWorker: lost too often
                result = job.result(error=f"{type(error).__name__}: {error}")
            on_done(job, result)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
