"""The warm-kernel engine: nothing leaks from one notebook to the next, dead kernels are replaced.

The notebooks run through papermill in this process, on this thread's warm kernel.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

import gia.reports.engine as engine
from gia.paths import project_root
from gia.reports.engine import ENGINE_NAME, WarmEngine
from gia.reports.execution import KERNEL_NAME
from gia.reports.reportfolder import sanitize_notebook

ROOT = project_root()

pytestmark = pytest.mark.slow

LEAKER = [
    # the warning the probe shows too: the "already shown" registry must not hide it there
    "import numpy as np\nnp.mean([])",
    # a global, an rcParam, a seaborn theme, a pandas option, numpy print options, a warnings
    # filter, an environment variable, a display formatter, the working folder, open figures
    """
leaked = "from the notebook before"
import os, warnings
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd, seaborn as sns
get_ipython().run_line_magic("config", "InlineBackend.close_figures = False")
matplotlib.rcParams["lines.linewidth"] = 9
sns.set_theme(style="darkgrid", palette="husl")
pd.set_option("display.precision", 1)
np.set_printoptions(precision=2)
warnings.simplefilter("ignore")
os.environ["GIA_LEAK"] = "leaked"
plain = get_ipython().display_formatter.formatters["text/plain"]
plain.for_type(float, lambda v, p, c: p.text("F"))
os.chdir("/")
plt.figure()
plt.plot([1, 3, 2])
""",
    "1 + 1",
]

WARNS = ["import numpy as np\nnp.mean([])"]
"""A notebook that only shows a warning (library code's registry, filters untouched)."""

PROBE = [
    """
import os
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
print("global:", "leaked" in globals())
print("linewidth:", matplotlib.rcParams["lines.linewidth"], matplotlib.rcParams["axes.facecolor"])
print("precision:", pd.get_option("display.precision"), np.get_printoptions()["precision"])
print("environment:", os.environ.get("GIA_LEAK"))
print("cwd:", os.getcwd())
print("open figures:", plt.get_fignums())
""",
    "import numpy as np\nnp.mean([])",  # a RuntimeWarning on stderr, as in a fresh kernel
    "0.123456789",  # the float formatter
    "import pandas as pd\npd.DataFrame({'x': [1.23456, 2.34567]})",
    "np.array([1.23456789])",
    """
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
ax.plot([1, 2, 3], [1, 4, 9]);
""",
]


def notebook(path: Path, sources: list[str]) -> Path:
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s.strip()) for s in sources],
        metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": "gia", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


def run(source: Path, output: Path, engine_name: str | None, **kwargs) -> str:
    pm.execute_notebook(
        str(source),
        str(output),
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        cwd=str(ROOT),
        engine_name=engine_name,
        extra_arguments=["--HistoryManager.enabled=False"],
        **kwargs,
    )
    return nbformat.writes(sanitize_notebook(nbformat.read(output, as_version=4)))


@pytest.fixture
def kernels():
    """No kept kernel before or after the test."""
    engine.shutdown_all()
    yield engine
    engine.shutdown_all()


def test_papermill_finds_the_engine_by_name() -> None:
    from papermill.engines import papermill_engines

    assert papermill_engines.get_engine(ENGINE_NAME) is WarmEngine


def test_state_does_not_leak_into_the_next_notebook(tmp_path: Path, kernels) -> None:
    leaker = notebook(tmp_path / "leaker.ipynb", LEAKER)
    probe = notebook(tmp_path / "probe.ipynb", PROBE)
    warns = notebook(tmp_path / "warns.ipynb", WARNS)
    isolated = run(probe, tmp_path / "isolated.ipynb", None)
    run(leaker, tmp_path / "leaker-out.ipynb", ENGINE_NAME)
    (kernel,) = kernels._KERNELS.values()
    warm = run(probe, tmp_path / "warm.ipynb", ENGINE_NAME)
    run(warns, tmp_path / "warns-out.ipynb", ENGINE_NAME)
    warm_again = run(probe, tmp_path / "warm-again.ipynb", ENGINE_NAME)
    assert list(kernels._KERNELS.values()) == [kernel] and kernel.notebooks == 4  # one kernel
    assert warm == isolated
    assert warm_again == isolated
    shown = json.loads(warm)["cells"]
    assert "global: False" in "".join(shown[0]["outputs"][0]["text"])
    assert any(
        o.get("name") == "stderr" and "Mean of empty slice" in "".join(o["text"])
        for o in shown[1]["outputs"]
    )
    assert [c["execution_count"] for c in shown] == list(range(1, len(PROBE) + 1))


def test_the_leak_test_sees_a_leak(tmp_path: Path, kernels, monkeypatch) -> None:
    """Without putting the kernel back, the probe's outputs differ (the test above can fail)."""
    monkeypatch.setattr(engine.WarmKernel, "reset", lambda self: "")
    leaker = notebook(tmp_path / "leaker.ipynb", LEAKER)
    probe = notebook(tmp_path / "probe.ipynb", PROBE)
    isolated = run(probe, tmp_path / "isolated.ipynb", None)
    run(leaker, tmp_path / "leaker-out.ipynb", ENGINE_NAME)
    warm = run(probe, tmp_path / "warm.ipynb", ENGINE_NAME)
    assert warm != isolated
    assert "global: True" in warm and "environment: leaked" in warm


def test_a_notebook_that_replaces_a_library_function_gets_the_kernel_replaced(
    tmp_path: Path, kernels
) -> None:
    patcher = notebook(
        tmp_path / "patcher.ipynb",
        ["import gia.reports.notebook as gnb\ngnb.esc = lambda text: 'patched'"],
    )
    probe = notebook(
        tmp_path / "probe.ipynb", ["import gia.reports.notebook as gnb\ngnb.esc('<x>')"]
    )
    isolated = run(probe, tmp_path / "isolated.ipynb", None)
    run(patcher, tmp_path / "patcher-out.ipynb", ENGINE_NAME)
    assert kernels._KERNELS == {}  # not put back: shut down
    assert run(probe, tmp_path / "warm.ipynb", ENGINE_NAME) == isolated
    assert "&lt;x&gt;" in isolated


def test_a_kernel_that_dies_is_replaced_and_the_notebook_run_again(tmp_path: Path, kernels) -> None:
    marker = tmp_path / "died-once"
    dies_once = notebook(
        tmp_path / "dies.ipynb",
        [
            "print('start')",
            f"import os, pathlib\nm = pathlib.Path({str(marker)!r})\n"
            "if not m.exists():\n    m.touch()\n    os._exit(1)\nprint('second attempt')",
        ],
    )
    warm = run(dies_once, tmp_path / "out.ipynb", ENGINE_NAME)
    assert marker.exists() and "second attempt" in warm
    # the first attempt's outputs are gone, the counts are the fresh kernel's
    cells = json.loads(warm)["cells"]
    assert [o["text"] for o in cells[0]["outputs"]] == [["start\n"]]
    assert [c["execution_count"] for c in cells] == [1, 2]
    (kernel,) = kernels._KERNELS.values()
    assert kernel.alive()


def test_a_kernel_that_times_out_is_replaced_and_the_notebook_run_again(
    tmp_path: Path, kernels
) -> None:
    marker = tmp_path / "slow-once"
    slow_once = notebook(
        tmp_path / "slow.ipynb",
        [
            f"import pathlib, time\nm = pathlib.Path({str(marker)!r})\n"
            "if not m.exists():\n    m.touch()\n    time.sleep(600)\nprint('in time')",
        ],
    )
    warm = run(slow_once, tmp_path / "out.ipynb", ENGINE_NAME, execution_timeout=5)
    assert "in time" in warm


def test_a_kernel_that_dies_twice_is_an_error(tmp_path: Path, kernels) -> None:
    from nbclient.exceptions import DeadKernelError

    dies = notebook(tmp_path / "dies.ipynb", ["import os\nos._exit(1)"])
    with pytest.raises(DeadKernelError):
        run(dies, tmp_path / "out.ipynb", ENGINE_NAME)
    assert kernels._KERNELS == {}


def test_a_failing_notebook_gets_a_fresh_kernel_next(tmp_path: Path, kernels) -> None:
    fails = notebook(tmp_path / "fails.ipynb", ["x = 1", "raise ValueError('deliberate')"])
    with pytest.raises(pm.PapermillExecutionError, match="deliberate"):
        run(fails, tmp_path / "out.ipynb", ENGINE_NAME)
    assert kernels._KERNELS == {}
