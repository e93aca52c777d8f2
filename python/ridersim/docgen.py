"""Generated parts of the docs: the lever table of docs/scenario.md comes from the lever schema.

    /usr/bin/python3 -m ridersim.docgen docs/scenario.md
"""

from __future__ import annotations

from ridersim.schema import levers_markdown

BEGIN = "<!-- levers: generated from the lever schema by `python3 -m ridersim.docgen docs/scenario.md`; do not edit -->"
END = "<!-- end of levers -->"


def write_scenario_doc(path: str) -> bool:
    """Rewrites the generated lever table inside ``path``; returns whether the file changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        raise ValueError(f"{path}: the markers of the generated lever table are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + BEGIN + "\n\n" + levers_markdown() + "\n" + END + tail
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    return new != text


if __name__ == "__main__":
    import sys
    for target in sys.argv[1:] or ["docs/scenario.md"]:
        print(("rewrote " if write_scenario_doc(target) else "unchanged ") + target)
