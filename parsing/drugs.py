"""Brand and generic names of the drugs that workers' compensation IMR letters dispute most.

Used to fill `generic_name` and to notice misspelt drug names ("Xanaz" for Xanax).
"""

from __future__ import annotations

import difflib
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
}

GENERICS = frozenset(
    g for value in BRAND_TO_GENERIC.values() for g in value.split("/") if g != "heat wrap"
) | {"acetaminophen", "methadone", "morphine", "hydrocodone", "oxycodone", "tramadol"}

_ABBREVIATIONS = {"apap": "acetaminophen", "asa": "aspirin"}
_KNOWN = sorted(set(BRAND_TO_GENERIC) | GENERICS)
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
    if len(first) >= 4:
        close = difflib.get_close_matches(first, _KNOWN, n=1, cutoff=0.8)
        if close:
            name = close[0]
            return BRAND_TO_GENERIC.get(name, name), name
    return None, None
