"""An app-server process loads no numerical or document library until a feature needs it (issue 20), and
those libraries run one BLAS/OpenMP thread when they do load."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]
# NumPy, SciPy, scikit-learn and krippendorff (insights, agreement), openpyxl (XLSX), python-docx and
# Pillow (reports, the two-factor QR code through qrcode), lxml (REFI-QDA reader and writer).
HEAVY = ["sklearn", "scipy", "numpy", "krippendorff", "openpyxl", "docx", "lxml", "PIL", "qrcode"]


def _run(code: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "balint.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lean.sqlite3'}",  # the sign-in page reads no table
    }
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_the_url_configuration_loads_no_numerical_or_document_library(tmp_path):
    out = _run(
        "import sys, django; django.setup(); import balint.config.urls; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))",
        tmp_path,
    )
    assert out.strip() == "[]"


def test_serving_the_sign_in_page_loads_no_numerical_or_document_library(tmp_path):
    out = _run(
        "import sys, django; django.setup(); from django.test import Client; "
        "from django.urls import reverse; "
        "response = Client().get(reverse('login'), HTTP_HOST='127.0.0.1'); "
        f"print(response.status_code, sorted(m for m in {HEAVY!r} if m in sys.modules))",
        tmp_path,
    )
    assert out.strip() == "200 []"


def test_the_numerical_libraries_run_one_thread_per_process(tmp_path):
    out = _run(
        "import django; django.setup(); import numpy, sklearn.metrics; "
        "from threadpoolctl import threadpool_info as info; "
        "print(sorted({i['num_threads'] for i in info()}))",
        tmp_path,
    )
    assert out.strip() == "[1]"


def test_numerical_routines_start_no_threads_of_their_own(tmp_path):
    """A process that ran NMF and kappa (candidate themes, agreement) and tokenized a batch for the
    sentence embeddings still has its one thread: nothing starts a pool per core."""
    out = _run(
        "import os, django; django.setup(); import numpy as np; "
        "from sklearn.decomposition import NMF; from sklearn.metrics import cohen_kappa_score; "
        "from tokenizers import BertWordPieceTokenizer; "
        "from balint.insights.engine.embeddings import VOCAB_FILE; "
        "NMF(n_components=5, max_iter=50).fit(np.random.default_rng(1).random((300, 200))); "
        "cohen_kappa_score([0, 1, 1, 0] * 50, [0, 1, 0, 0] * 50); "
        "BertWordPieceTokenizer(str(VOCAB_FILE), lowercase=True).encode_batch(['a short passage'] * 2000); "
        "print(len(os.listdir('/proc/self/task')))",
        tmp_path,
    )
    assert out.strip() == "1"
