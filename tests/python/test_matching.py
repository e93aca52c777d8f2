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


@pytest.mark.parametrize("n_rows, n_cols", [(1, 1), (2, 2), (3, 8), (8, 3), (40, 40), (60, 90), (90, 60), (300, 300)])
@pytest.mark.parametrize("high", [2, 10_000])  # many ties, and few
def test_the_dense_solver_finds_scipy_s_optimum(n_rows, n_cols, high):
    from ridersim.assignment import solve_dense
    rng = np.random.default_rng(n_rows * 1000 + n_cols + high)
    for _ in range(4):
        cost = rng.integers(0, high, size=(n_rows, n_cols))
        cols, total = solve_dense(cost)
        r, c = linear_sum_assignment(cost)
        assert total == cost[r, c].sum()
        used = cols[cols >= 0]
        assert len(used) == len(set(used)) == min(n_rows, n_cols)
        assert total == sum(cost[i, j] for i, j in enumerate(cols) if j >= 0)


def test_the_dense_solver_reads_the_matrix_in_place_and_refuses_what_it_cannot_solve():
    from ridersim.assignment import solve_dense
    cost = np.array([[4, 1], [2, 3]], dtype=np.int64)
    assert _core.solve_dense_assignment(cost)[1] == 3
    with pytest.raises(TypeError):  # the binding takes int64 as it is, converting nothing
        _core.solve_dense_assignment(cost.astype(np.float64))
    assert solve_dense(cost.astype(np.float64))[1] == 3
    assert solve_dense(cost.T)[1] == 3  # not C-contiguous: solve_dense makes it so
    with pytest.raises(ValueError, match="whole numbers"):
        solve_dense([[0.5, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match=">= 0"):
        solve_dense([[-1, 1], [1, 0]])
    with pytest.raises(ValueError, match="2 dimensions"):
        _core.solve_dense_assignment(np.zeros(4, dtype=np.int64))
    assert solve_dense(np.zeros((0, 3), dtype=np.int64))[1] == 0
