"""Where the project's data lives: the checkout's folders when ridersim runs from a checkout,
else the copy installed inside the package (`pip install` puts the scenarios there)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def checkout() -> Path | None:
    """The project's checkout this package runs from, or None for an installed package."""
    return _CHECKOUT if (_CHECKOUT / "scenarios" / "baseline.json").is_file() else None


def data_path(*parts: str) -> Path:
    """A path under the project's data, e.g. ``data_path("scenarios", "baseline.json")``.

    From a checkout it is the checkout's own file; from an installed package, the installed copy.
    """
    if checkout() is not None:
        return _CHECKOUT.joinpath(*parts)
    return Path(str(resources.files("ridersim").joinpath("data"))).joinpath(*parts)
