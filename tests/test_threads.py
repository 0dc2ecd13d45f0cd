import os
import subprocess
import sys


def test_env_defaults_set_on_import_and_user_values_win():
    code = ("import os, luodi; print(os.environ['OPENBLAS_NUM_THREADS'], "
            "os.environ['GOMP_SPINCOUNT'], os.environ['OMP_WAIT_POLICY'])")
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "GOMP_SPINCOUNT", "OMP_WAIT_POLICY")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "100000", "PASSIVE"]
    env["GOMP_SPINCOUNT"] = "7"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[1] == "7"


def test_limit_blas_after_numpy_was_imported_first():
    code = ("import numpy\nfrom threadpoolctl import threadpool_info\nfrom luodi.threads import limit_blas\n"
            "limit_blas()\nprint(max(p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env["OPENBLAS_NUM_THREADS"] = "2"  # numpy starts two BLAS threads before luodi is imported
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "2"  # an explicit user setting is respected
    env.pop("OPENBLAS_NUM_THREADS")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "1"
