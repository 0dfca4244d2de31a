"""An app-server process loads no numerical or document library until a feature needs it (issue 20), and
those libraries run one BLAS/OpenMP thread when they do load."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]
HEAVY = ["sklearn", "scipy", "numpy", "krippendorff", "openpyxl", "docx"]


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "balint.config.settings.test"}
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_the_url_configuration_loads_no_numerical_or_document_library():
    out = _run(
        "import sys, django; django.setup(); import balint.config.urls; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_the_numerical_libraries_run_one_thread_per_process():
    out = _run(
        "import django; django.setup(); import numpy, sklearn.metrics; "
        "from threadpoolctl import threadpool_info as info; print(sorted({i['num_threads'] for i in info()}))"
    )
    assert out.strip() == "[1]"
