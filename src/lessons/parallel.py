"""Both cores for the per-text steps (redaction, clause splitting, tokenisation): a chunked
process pool when the input is large, one process otherwise; or, inside
:func:`dask_cluster`, the workers of a Dask cluster. Each step is a pure function of one
text, and chunks come back in order, so the result is the same every way
(``tests/test_scale.py`` checks it). ``LESSONS_WORKERS=1`` turns the pool off."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

PARALLEL_THRESHOLD = 4000  # texts; below this a pool's start-up costs more than it saves
CHUNK = 1000


def workers() -> int:
    env = os.environ.get("LESSONS_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def map_chunks(func: Callable[[list], list], items: Sequence, threshold: int | None = None,
               chunk_size: int | None = None, n_workers: int | None = None, desc: str | None = None,
               progress: bool = False) -> list:
    """``func`` over ``items`` in chunks (``func`` takes a list and returns a list of the
    same length), in a process pool when there are ``threshold`` (default
    :data:`PARALLEL_THRESHOLD`) items or more and more than one worker, or on the Dask
    cluster of :func:`dask_cluster`; results in input order."""
    items = list(items)
    threshold = PARALLEL_THRESHOLD if threshold is None else threshold
    chunk_size = chunk_size or CHUNK
    n_workers = workers() if n_workers is None else n_workers
    bar = None
    if progress and desc:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(items), desc=desc, unit="text", leave=False)
    chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
    out: list = []
    try:
        if _client is not None and len(items) >= 50:
            for part in map_ordered(func, chunks):
                out.extend(part)
                if bar:
                    bar.update(len(part))
        elif n_workers > 1 and len(items) >= threshold:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=n_workers) as pool:
                for part in pool.map(func, chunks):
                    out.extend(part)
                    if bar:
                        bar.update(len(part))
        else:
            for c in chunks:
                out.extend(func(c))
                if bar:
                    bar.update(len(c))
    finally:
        if bar:
            bar.close()
    return out


# ---------------------------------------------------------------- Dask
_client = None  # the Dask client while dask_cluster() is active


_ALONE = object()


def map_ordered(func: Callable, args: Sequence, shared=_ALONE, window: int | None = None) -> Iterator:
    """``func(a)`` (or ``func(shared, a)``) for each ``a`` of ``args``, yielded in order: on
    the Dask cluster when one is active (``shared`` sent to the workers once; at most
    ``window`` partitions in flight, so the client holds a bounded number of results), else
    in this process."""
    if _client is None:
        for a in args:
            yield func(a) if shared is _ALONE else func(shared, a)
        return
    from collections import deque

    window = window or max(2, 2 * len(_client.nthreads()))
    head = () if shared is _ALONE else (_client.scatter(shared, broadcast=True) if shared is not None else None,)
    pending: deque = deque()
    it = iter(args)

    def submit(a):
        pending.append(_client.submit(func, *head, a, pure=False))

    for a in it:
        submit(a)
        if len(pending) >= window:
            break
    while pending:
        fut = pending.popleft()
        yield fut.result()
        fut.release()
        nxt = next(it, _ALONE)
        if nxt is not _ALONE:
            submit(nxt)


@contextmanager
def dask_cluster(address: str, n_workers: int | None = None):
    """Run the per-text steps on Dask: ``address`` is ``local`` (a ``LocalCluster`` of
    ``n_workers`` processes on this machine, default one per core) or the scheduler of an
    existing cluster (``tcp://HOST:PORT``). An unreachable scheduler is a one-line error."""
    global _client
    import logging

    from .errors import InputError

    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a dependency
        raise InputError(None, "--dask needs the dask and distributed packages: pip install 'dask[distributed]'") from None
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny",
                 "distributed.core", "distributed.http.proxy"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    # distributed sets OMP/OPENBLAS/MKL_NUM_THREADS=1, PYTHONHASHSEED and more in this process's
    # environment for the workers it spawns; put it back afterwards, or every later
    # subprocess (a verify rerun) would run BLAS on one thread and round differently
    saved_env = dict(os.environ)
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=n_workers or workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout="15s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        _restore_env(saved_env)
        raise InputError(None, f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}); start it "
                               "with `dask scheduler` and workers with `dask worker ADDRESS`, or use --dask local") from None
    prev, _client = _client, client
    try:
        yield client
    finally:
        _client = prev
        client.close()
        if cluster is not None:
            cluster.close()
        _restore_env(saved_env)


def _restore_env(saved: dict) -> None:
    for k in [k for k in os.environ if k not in saved]:
        del os.environ[k]
    for k, v in saved.items():
        if os.environ.get(k) != v:
            os.environ[k] = v
