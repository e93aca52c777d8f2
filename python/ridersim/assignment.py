"""Min-cost assignment on a matrix of one's own, with the solver dispatch uses.

`solve_dense(cost)` is the dense Jonker-Volgenant solver (as scipy.optimize.linear_sum_assignment,
on whole-number costs); `ridersim._core.solve_assignment` takes a sparse candidate graph.
"""

from __future__ import annotations

import numpy as np

from ridersim import _core


def solve_dense(cost) -> tuple[np.ndarray, int]:
    """(column of each row, total cost) of a min-cost assignment of min(rows, cols) pairs; -1 for
    a row left over when there are more rows than columns. Costs are whole numbers >= 0 (seconds,
    fen): scale fractional costs first. An int64 C-contiguous array is read in place, without a copy.

    >>> solve_dense([[4, 1], [2, 3]])
    (array([1, 0], dtype=int32), 3)
    """
    array = np.asarray(cost)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError("costs must be finite whole numbers: scale them first (to fen, seconds, ...)")
    elif array.dtype.kind not in "iub":
        raise TypeError(f"costs must be numbers, got an array of {array.dtype}")
    array = np.ascontiguousarray(array, dtype=np.int64)  # no copy when it is int64 and C-contiguous already
    cols, total = _core.solve_dense_assignment(array)
    return cols, int(total)
