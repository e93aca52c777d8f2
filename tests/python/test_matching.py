"""The assignment solver gives scipy's optimal cost on the benchmark's kinds of matrix."""

import subprocess

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from ridersim import _core
from conftest import PYTHON, ROOT


@pytest.mark.parametrize("n_rows, n_cols", [(1, 1), (7, 7), (30, 30), (20, 45), (45, 20)])
def test_dense_matrices_match_scipy(n_rows, n_cols):
    rng = np.random.default_rng(n_rows * 100 + n_cols)
    for _ in range(5):
        cost = rng.integers(0, 50, size=(n_rows, n_cols))
        rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
        col_of_row, matched, objective = _core.solve_assignment(n_rows, n_cols, rows, cols, cost.ravel(),
                                                                int(cost.sum()) + 1)
        r, c = linear_sum_assignment(cost)
        assert matched == cost[r, c].sum()
        assigned = col_of_row[col_of_row >= 0]
        assert len(assigned) == min(n_rows, n_cols)
        assert len(set(assigned)) == len(assigned)


def test_the_benchmark_script_agrees_with_scipy_on_every_matrix():
    done = subprocess.run([PYTHON, str(ROOT / "bench" / "matching.py"), "--quick"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all optimal costs equal" in done.stdout


def test_bad_edges_are_value_errors():
    with pytest.raises(ValueError):
        _core.solve_assignment(2, 2, np.array([0]), np.array([5]), np.array([1]), 10)
    with pytest.raises(ValueError):
        _core.solve_assignment(2, 2, np.array([0, 1]), np.array([0]), np.array([1]), 10)
