"""Brand and generic names of the drugs that workers' compensation IMR letters dispute most.

Used to fill `generic_name` and to notice misspelt drug names ("Xanaz" for Xanax).

Why a hand table and not a packaged vocabulary: the maintained PyPI vocabulary we tried
(drug-named-entity-recognition 2.0.9, DrugBank/MeSH names) takes seconds to load its pickled
dictionary, which breaks the parse-speed target from process start, pulls in `requests`, and
lacks the brand and compounded names these letters dispute most (Norco, Tabradol, Synapryn,
Lorzone). Misspellings are only "corrected" one keyboard slip away, so an unknown real drug
(Etodolac) is left as written instead of becoming a known one (ketorolac).
"""

from __future__ import annotations

import functools
import re

# brand (lower case) -> generic
BRAND_TO_GENERIC: dict[str, str] = {
    "norco": "hydrocodone/acetaminophen",
    "vicodin": "hydrocodone/acetaminophen",
    "lortab": "hydrocodone/acetaminophen",
    "percocet": "oxycodone/acetaminophen",
    "endocet": "oxycodone/acetaminophen",
    "oxycontin": "oxycodone",
    "roxicodone": "oxycodone",
    "opana": "oxymorphone",
    "nucynta": "tapentadol",
    "ultram": "tramadol",
    "ultracet": "tramadol/acetaminophen",
    "duragesic": "fentanyl",
    "dilaudid": "hydromorphone",
    "kadian": "morphine",
    "ms contin": "morphine",
    "butrans": "buprenorphine",
    "suboxone": "buprenorphine/naloxone",
    "soma": "carisoprodol",
    "flexeril": "cyclobenzaprine",
    "fexmid": "cyclobenzaprine",
    "amrix": "cyclobenzaprine",
    "zanaflex": "tizanidine",
    "skelaxin": "metaxalone",
    "robaxin": "methocarbamol",
    "baclofen": "baclofen",
    "xanax": "alprazolam",
    "valium": "diazepam",
    "klonopin": "clonazepam",
    "ativan": "lorazepam",
    "restoril": "temazepam",
    "ambien": "zolpidem",
    "lunesta": "eszopiclone",
    "sonata": "zaleplon",
    "neurontin": "gabapentin",
    "gralise": "gabapentin",
    "lyrica": "pregabalin",
    "topamax": "topiramate",
    "cymbalta": "duloxetine",
    "elavil": "amitriptyline",
    "desyrel": "trazodone",
    "wellbutrin": "bupropion",
    "prozac": "fluoxetine",
    "zoloft": "sertraline",
    "celebrex": "celecoxib",
    "mobic": "meloxicam",
    "naprosyn": "naproxen",
    "anaprox": "naproxen",
    "motrin": "ibuprofen",
    "voltaren": "diclofenac",
    "relafen": "nabumetone",
    "toradol": "ketorolac",
    "prilosec": "omeprazole",
    "protonix": "pantoprazole",
    "nexium": "esomeprazole",
    "aciphex": "rabeprazole",
    "zantac": "ranitidine",
    "lidoderm": "lidocaine",
    "colace": "docusate",
    "senokot": "senna",
    "zofran": "ondansetron",
    "imitrex": "sumatriptan",
    "frova": "frovatriptan",
    "medrol": "methylprednisolone",
    "thermacare": "heat wrap",
    "norflex": "orphenadrine",
    "pepcid": "famotidine",
    "lodine": "etodolac",
    "pamelor": "nortriptyline",
    "fioricet": "butalbital/acetaminophen/caffeine",
    "prevacid": "lansoprazole",
    # compounded oral suspensions common in these letters
    "tabradol": "cyclobenzaprine",
    "synapryn": "tramadol",
    "deprizine": "ranitidine",
    "dicopanol": "diphenhydramine",
    "fanatrex": "gabapentin",
}

GENERICS = frozenset(
    g for value in BRAND_TO_GENERIC.values() for g in value.split("/") if g != "heat wrap"
) | {"acetaminophen", "methadone", "morphine", "hydrocodone", "oxycodone", "tramadol"}

_ABBREVIATIONS = {"apap": "acetaminophen", "asa": "aspirin"}
_KNOWN = sorted(set(BRAND_TO_GENERIC) | GENERICS)
_KNOWN_BY_LENGTH: dict[int, list[str]] = {}
for _name in _KNOWN:
    _KNOWN_BY_LENGTH.setdefault(len(_name), []).append(_name)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


@functools.lru_cache(maxsize=4096)
def generic_name(treatment: str) -> tuple[str | None, str | None]:
    """(generic name, the known name it was matched to when the spelling was off)."""
    words = [w.lower() for w in _WORD.findall(treatment)]
    if not words:
        return None, None
    two = " ".join(words[:2])
    if two in BRAND_TO_GENERIC:
        return BRAND_TO_GENERIC[two], None
    first = words[0]
    if first in BRAND_TO_GENERIC:
        return BRAND_TO_GENERIC[first], None
    if first in GENERICS:
        parts = [first] + [
            _ABBREVIATIONS.get(w, w) for w in words[1:] if _ABBREVIATIONS.get(w, w) in GENERICS
        ]
        return "/".join(dict.fromkeys(parts)), None
    if len(first) >= 5:
        # One slip of the keyboard (a letter added, dropped, changed or two swapped) is a
        # misspelling; a word two edits from a known name is more likely another drug.
        close = [
            name
            for size in (len(first) - 1, len(first), len(first) + 1)
            for name in _KNOWN_BY_LENGTH.get(size, ())
            if _one_edit_apart(first, name)
        ]
        if len(close) == 1:
            name = close[0]
            return BRAND_TO_GENERIC.get(name, name), name
    return None, None


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[k:] == long_[k + 1 :]
