"""Languages: one message catalogue (``locale/zh/LC_MESSAGES/ridersim.po``, English message ids),
the templates shared by the static report and the workspace, and numbers written the way each
language writes them (money as 元 in Chinese, shares as percentages, times in minutes).

Lever labels come from the lever schema (each lever declares its English and Chinese label);
everything else a page says comes from the catalogue.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

from ridersim import glossary

LANGUAGES = {"en": "English", "zh": "中文"}
_HERE = Path(__file__).resolve().parent
CATALOGUE = _HERE / "locale" / "zh" / "LC_MESSAGES" / "ridersim.po"
TEMPLATES = _HERE / "templates"


@lru_cache(maxsize=None)
def translations(lang: str):
    """The gettext translations of a language (English: the message ids themselves)."""
    from babel.support import NullTranslations, Translations
    if lang == "en":
        return NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"no language {lang!r}; languages: {', '.join(LANGUAGES)}")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    # the catalogue is compiled in memory: no compiled file to fall out of date
    with open(CATALOGUE, "rb") as handle:
        catalogue = read_po(handle, locale="zh_Hans_CN", domain="ridersim")
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain="ridersim")


def gettext(lang: str, text: str) -> str:
    return translations(lang).gettext(text)


def words(lang: str, trade_words: dict) -> dict:
    """The trade's words in a language, for the catalogue's {workers}, {jobs} ... placeholders."""
    if lang == "zh":
        return {"worker": trade_words.get("worker_zh", "劳动者"), "workers": trade_words.get("worker_zh", "劳动者"),
                "job": trade_words.get("job_zh", "订单"), "jobs": trade_words.get("job_zh", "订单"),
                "customer": trade_words.get("customer_zh", "顾客"), "customers": trade_words.get("customer_zh", "顾客")}
    keys = ("worker", "workers", "job", "jobs", "customer", "customers")
    return {k: trade_words.get(k, k) for k in keys}


def say(lang: str, text: str, trade_words: dict, **values) -> str:
    """A catalogue message, translated, with the trade's words and any values filled in."""
    return gettext(lang, text).format(**words(lang, trade_words), **values)


def worker_type(lang: str, name: str) -> str:
    entry = glossary.WORKER_TYPES.get(name)
    return gettext(lang, entry) if entry else name


def kpi_label(lang: str, key: str, trade_words: dict) -> str:
    """A KPI's name in plain words; a per-type KPI names its type."""
    label = say(lang, glossary.kpi(key).label, trade_words)
    label = label[:1].upper() + label[1:]
    worker = glossary.worker_type_of(key)
    if worker:
        label += f" ({worker_type(lang, worker)})" if lang == "en" else f"（{worker_type(lang, worker)}）"
    return label


def kpi_explanation(lang: str, key: str, trade_words: dict) -> str:
    text = glossary.kpi(key).explanation
    return say(lang, text, trade_words) if text else ""


def party(lang: str, name: str, trade_words: dict) -> str:
    return say(lang, glossary.PARTIES.get(name, name), trade_words)


def trade(lang: str, name: str) -> str:
    entry = glossary.TRADES.get(name)
    return gettext(lang, entry) if entry else name


_UNITS = {
    "en": {"yuan": " yuan", "yuan_h": " yuan/h", "min": " min", "h": " h", "fen": " fen", "pp": " points"},
    "zh": {"yuan": " 元", "yuan_h": " 元/小时", "min": " 分钟", "h": " 小时", "fen": " 分", "pp": " 个百分点"},
}


def number(value: float, lang: str = "en", digits: int | None = None) -> str:
    """A number with the digits its size deserves, grouped as the language groups them."""
    from babel.numbers import format_decimal
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a" if lang == "en" else "无"
    magnitude = abs(value)
    if digits is None:
        digits = 0 if magnitude >= 1000 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale="zh_CN" if lang == "zh" else "en_GB")


def value(value: float, unit: str, lang: str = "en") -> str:
    """A KPI's level: 6,562 元, 81.4%, 29.9 min."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return number(value, lang)
    if unit == "share":
        return number(100 * value, lang, 1) + "%"
    if unit == "count":
        return number(value, lang, 0 if abs(value) >= 100 else None)
    return number(value, lang) + _UNITS[lang].get(unit, "")


def change(delta: float, unit: str, lang: str = "en") -> str:
    """A change of a KPI, signed: +1.20 元/小时, -2.1 points (of a share)."""
    if delta is None or (isinstance(delta, float) and not math.isfinite(delta)):
        return number(delta, lang)
    if unit == "share":
        text = number(abs(100 * delta), lang, 1 if abs(delta) >= 0.001 else 2) + _UNITS[lang]["pp"]
    else:
        text = value(abs(delta), unit, lang)
    # a change too small to show is no change: never "-0.000"
    if not any(c in "123456789" for c in text.split(" ")[0]):
        return "0"
    return ("+" if delta > 0 else "-") + text


def lever_label(lang: str, row) -> str:
    """A lever's label from the schema, in the language (naming its vehicle class, for one set per vehicle)."""
    label = row["label_zh"] if lang == "zh" else row["label_en"]
    vehicle = row.get("vehicle", "") if hasattr(row, "get") else ""
    if vehicle:
        name = gettext(lang, glossary.VEHICLES.get(vehicle, vehicle))
        label += f"（{name}）" if lang == "zh" else f" ({name})"
    return label


def lever_doc(lang: str, row) -> str:
    """A lever's explanation: the schema's, translated by the catalogue."""
    return gettext(lang, row["doc"]) if row["doc"] else ""


def section(lang: str, lever_key: str) -> str:
    name = glossary.SECTIONS.get(glossary.section_of(lever_key))
    return gettext(lang, name) if name else glossary.section_of(lever_key)


def messages() -> dict[str, str]:
    """Every message the catalogue must translate, with where it comes from: the templates, the
    Python modules that say things, and the lever schema's explanations."""
    from babel.messages.extract import extract_from_dir, extract_from_file
    from ridersim.schema import levers
    found: dict[str, str] = {}
    for _, _, message, _, _ in extract_from_dir(str(TEMPLATES), method_map=[("**.html", "jinja2.ext:babel_extract")],
                                                options_map={"**.html": {"extensions": "jinja2.ext.i18n",
                                                                         "newstyle_gettext": "true"}}):
        found.setdefault(message if isinstance(message, str) else message[0], "templates")
    keywords = {"N_": None, "_": None, "say": (2,), "gettext": (2,)}
    for module in ("glossary.py", "presentation.py", "reporting.py", "inactive.py", "web/app.py"):
        for _, message, _, _ in extract_from_file("python", str(_HERE / module), keywords=keywords):
            if isinstance(message, str):
                found.setdefault(message, module)
    for doc in levers().doc:
        if doc:
            found.setdefault(doc, "lever schema")
    return found


def lever_unit(lang: str, unit: str) -> str:
    from ridersim.schema import unit_zh
    if lang == "zh":
        return unit_zh(unit)
    return unit


@lru_cache(maxsize=None)
def environment(lang: str):
    """The Jinja2 environment of a language: autoescaping on, the catalogue installed."""
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.globals.update(lang=lang, languages=LANGUAGES)
    return env


def render(template: str, lang: str, **context) -> str:
    return environment(lang).get_template(template).render(**context)
