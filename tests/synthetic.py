"""Synthetic IMR letters with known answers, in every layout variation the parser must read.

A `SynthLetter` holds the truth; `render` writes it as a letter (cover block or not, PDF-style
" \\n\\n" line ends, plain or CRLF, page footers and repeated case numbers mid-paragraph).
Used by the example tests, the hypothesis strategies and the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
from dataclasses import dataclass, field

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

# Placeholder that keeps a phrase on one line while wrapping.
_GLUE = "\u2060"


def format_date(day: dt.date, style: str) -> str:
    """Render a date in one of the styles letters use."""
    if style == "mm/dd/yyyy":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "m-d-yyyy":
        return f"{day.month}-{day.day}-{day.year}"
    if style == "m-d-yy":
        return f"{day.month}-{day.day}-{day.year % 100:02d}"
    if style == "m/d/yy":
        return f"{day.month}/{day.day}/{day.year % 100:02d}"
    if style == "month d, yyyy":
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    raise ValueError(style)


DATE_STYLES = ["mm/dd/yyyy", "m-d-yyyy", "m-d-yy", "m/d/yy", "month d, yyyy"]
DOI_PHRASES = [
    "The applicant is a represented employee who has filed a claim for chronic low back pain "
    "reportedly associated with an industrial injury of {date}.",
    "The underlying date of injury in this case is {date}.",
    "This is a patient with a date of injury of {date}.",
    "The injured worker sustained an industrial injury on {date}.",
]
UR_PHRASES = [
    "In a Utilization Review report dated {date}, the claims administrator failed to approve the requests.",
    "The Utilization Review dated {date} denied the requested treatment.",
    "The requests were denied by utilization review on {date}.",
]
DX_PHRASES = [
    "The treating physician diagnosis is {list}.",
    "The patient was diagnosed with {list}.",
    "The diagnoses have included {list}.",
    "Diagnoses include {list}.",
    "The current diagnoses are documented as {list}.",
    "The injured worker was diagnosed as having {list}.",
    "Review of the medical records shows the injured worker has had diagnoses of {list}.",
    "Review of the medical records shows the injured worker has diagnosis that include {list}.",
]


@dataclass
class SynthItem:
    treatment: str
    strength: str | None
    quantity: int | None
    quantity_style: str  # "#", "# ", "qty", "count", "x sessions", "none"
    refills: str  # "", " with No Refill", " with 2 refills"
    determination: str  # "Upheld" / "Overturned"
    ca_guideline: str
    reviewer_guideline: str
    rationale: str
    suffix: str = ""  # words after the quantity, e.g. " for the lumbar spine"
    wrap_header: bool = False
    # Partial authorisation: (original request, what the claims administrator authorised); the
    # header then spells out all three, and `request` is the IMR-eligible remainder.
    partial: tuple[str, str] | None = None
    partial_style: str = "remaining"  # "remaining" or "leaving"

    @property
    def header(self) -> str:
        """The header as the letter writes it, before ": Upheld"."""
        if self.partial is None:
            return self.request
        original, authorised = self.partial
        if self.partial_style == "leaving":
            return (
                f"{original} was the original request. The Claims Administrator authorized "
                f"{authorised}, leaving the original request IMR eligible. The original request, "
                f"{self.request} is"
            )
        return (
            f"{original} was the original request. {authorised} was authorized by the Claims "
            f"Administrator. The remaining IMR eligible portion of the original request, "
            f"{self.request} is"
        )

    @property
    def request(self) -> str:
        parts = [self.treatment]
        if self.strength:
            parts.append(self.strength)
        if self.quantity is not None:
            q = self.quantity
            parts.append(
                {
                    "#": f"#{q}",
                    "# ": f"# {q}",
                    "qty": f"Qty: {q}.00",
                    "count": f", {q} count",
                    "x sessions": f"x {q} sessions",
                    "quantity": f"quantity {q}",
                }[self.quantity_style]
            )
        text = " ".join(parts).replace(" ,", ",")
        return text + self.suffix + self.refills


@dataclass
class SynthLetter:
    items: list[SynthItem]
    case_number: str | None = None
    cover: bool = False
    date_of_injury: dt.date | None = None
    doi_style: str = "month d, yyyy"
    doi_phrase: int = 0
    ur_date: dt.date | None = None
    ur_style: str = "month d, yyyy"
    ur_phrase: int = 0
    age: int | None = None
    sex: str | None = None
    age_style: str = "{age}-year-old {sex}"
    licensure: list[str] = field(default_factory=lambda: ["California"])
    specialties: list[str] = field(default_factory=lambda: ["Orthopaedic Surgery"])
    credential_lines: bool = True
    specialty_break: str | None = None  # the specialty line wraps after these words
    diagnoses: list[str] = field(default_factory=list)
    dx_phrase: int = 0
    line_style: str = "pdf"  # "pdf" (" \n\n"), "plain", "crlf"
    footers: bool = False
    filler_sentences: int = 6


def _glue(phrase: str) -> str:
    return phrase.replace(" ", _GLUE)


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


FILLER = [
    "The applicant reported ongoing complaints of low back pain radiating to the legs.",
    "The attending provider renewed the medications without discussion of efficacy.",
    "Permanent work restrictions were renewed at the most recent office visit.",
    "The applicant did not appear to be working with said limitations in place.",
    "A progress note documented 7/10 pain without medications and 4/10 with them.",
    "No seeming discussion of functional improvement transpired on that date.",
    "The applicant was asked to follow up in four to six weeks for reassessment.",
    "An earlier lumbar MRI demonstrated multilevel degenerative disc disease.",
]


def render(letter: SynthLetter) -> str:
    """The letter as a file would hold it (before canonical newlines)."""
    paragraphs: list[str | tuple[str, ...]] = []  # tuple = lines kept as they are
    if letter.cover:
        cover = []
        if letter.case_number:
            cover.append(f" Case Number: {letter.case_number}")
        cover.append(" Date Assigned: 07/31/2015")
        if letter.ur_date:
            cover.append(f" UR Denial Date:  {format_date(letter.ur_date, letter.ur_style)}")
        if letter.date_of_injury:
            cover.append(f" Date of Injury: {format_date(letter.date_of_injury, letter.doi_style)}")
        cover.append(" Priority: Standard")
        cover.append(" Application Received: 08/01/2015")
        paragraphs.append(tuple(cover))
    elif letter.case_number:
        paragraphs.append((f"Final Determination Letter for IMR Case Number {letter.case_number}",))
    paragraphs.append((" HOW THE IMR FINAL DETERMINATION WAS MADE ",))
    intro = (
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
        "affiliation with the employer, employee, providers or the claims administrator."
    )
    if letter.credential_lines:
        paragraphs.append(
            intro + " He/she has been in active clinical practice for more than five years."
        )
        specialty = f"Certification(s)/Specialty: {', '.join(letter.specialties)} "
        specialty_lines = (specialty,)
        if letter.specialty_break:
            cut = specialty.index(letter.specialty_break) + len(letter.specialty_break)
            specialty_lines = (specialty[:cut] + " ", specialty[cut:].lstrip())
        paragraphs.append(
            (
                "The Expert Reviewer has the following credentials: ",
                f"State(s) of Licensure: {', '.join(letter.licensure)} ",
                *specialty_lines,
            )
        )
    else:
        paragraphs.append(
            intro
            + f" The physician reviewer is Board Certified in {', '.join(letter.specialties)} and is "
            f"licensed to practice in {_join(letter.licensure)}. He/she has been in active practice."
        )
    paragraphs.append(("CLINICAL CASE SUMMARY ",))
    summary: list[str] = []
    if letter.age is not None and letter.sex:
        who = letter.age_style.format(age=letter.age, sex=letter.sex)
        summary.append(f"The patient is a {_glue(who)} who was injured at work.")
    else:
        summary.append("The applicant is a represented employee who has filed a claim.")
    if letter.date_of_injury and not letter.cover:
        summary.append(
            DOI_PHRASES[letter.doi_phrase].format(
                date=_glue(format_date(letter.date_of_injury, letter.doi_style))
            )
        )
    if letter.ur_date and not letter.cover:
        summary.append(
            UR_PHRASES[letter.ur_phrase].format(
                date=_glue(format_date(letter.ur_date, letter.ur_style))
            )
        )
    if letter.diagnoses:
        summary.append(DX_PHRASES[letter.dx_phrase].format(list=_join(letter.diagnoses)))
    for n in range(letter.filler_sentences):
        summary.append(FILLER[n % len(FILLER)])
    paragraphs.append(" ".join(summary))
    paragraphs.append(("IMR ISSUES, DECISIONS AND RATIONALES ",))
    paragraphs.append(
        (
            "The Final Determination was based on decisions for the disputed items/services set forth below: ",
        )
    )
    for item in letter.items:
        header = f"{item.header}: {item.determination} "
        if item.partial:
            paragraphs.append(header)  # wrapped like any paragraph: 2 to 4 lines
        elif item.wrap_header:
            paragraphs.append((f"{item.request}: ", f"{item.determination} "))
        else:
            paragraphs.append((header,))
        paragraphs.append(f"Claims Administrator guideline: {item.ca_guideline}")
        paragraphs.append(f"MAXIMUS guideline: {item.reviewer_guideline}")
        paragraphs.append(f"Decision rationale: {item.rationale}")

    lines: list[str] = []
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            lines.extend(paragraph)
        else:
            lines.extend(
                w.replace(_GLUE, " ") + " "
                for w in textwrap.wrap(paragraph, 92, break_on_hyphens=False)
            )
    lines = [line.replace(_GLUE, " ") for line in lines]
    if letter.footers:
        lines = _with_page_furniture(lines, letter.case_number)
    newline = {"pdf": " \n\n", "plain": "\n", "crlf": "\r\n"}[letter.line_style]
    if letter.line_style == "pdf":
        return "".join(line.rstrip(" ") + newline for line in lines)
    return newline.join(line.rstrip() for line in lines) + newline


def _with_page_furniture(lines: list[str], case_number: str | None) -> list[str]:
    """Footers every 30 lines, wherever they fall, and the case number atop each new page."""
    pages = [lines[i : i + 30] for i in range(0, len(lines), 30)]
    out: list[str] = []
    for n, page in enumerate(pages):
        if n and case_number:
            out.append(f"Case Number: {case_number}")
        out.extend(page)
        out.append(f"Page {n + 1} of {len(pages)}")
    return out


# --- random letters for benchmarks ---------------------------------------------------------

DRUGS = [
    ("Norco", "10/325mg"), ("Soma", "350mg"), ("Percocet", "10 MG"), ("Xanax", "0.5mg"),
    ("Ambien", "10mg"), ("Opana ER", "5mg"), ("Neurontin", "600mg"), ("Lidoderm", "5%"),
    ("Tramadol", "50mg"), ("Flexeril", "7.5mg"),
]  # fmt: skip
SERVICES = ["Urine drug screen", "Physical therapy", "Acupuncture", "MRI of the lumbar spine"]
RATIONALE = (
    "As noted on page 80 of the MTUS Chronic Pain Medical Treatment Guidelines, the cardinal criteria for "
    "continuation of opioid therapy include evidence of successful return to work, improved functioning, "
    "and/or reduced pain achieved as a result of the same. Here, however, the applicant was off of work, on "
    "total temporary disability. The attending provider failed to outline quantifiable decrements in pain or "
    "meaningful, material improvements in function effected as a result of ongoing usage. Therefore, the "
    "request was not medically necessary."
)


def random_letter(rng: random.Random, n_items: int | None = None) -> SynthLetter:
    """A plausible letter of about 6 KB."""
    items = []
    for _ in range(n_items or rng.randint(1, 4)):
        if rng.random() < 0.75:
            name, strength = rng.choice(DRUGS)
            item = SynthItem(name, strength, rng.choice([30, 60, 90, 120]), rng.choice(["#", "# ", "qty"]),
                             rng.choice(["", " with No Refill", " with 2 refills"]), rng.choice(["Upheld", "Overturned"]),
                             "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80.",
                             "Decision based on MTUS Chronic Pain Treatment Guidelines 7) When to Continue Opioids Page(s): 80.",
                             RATIONALE)  # fmt: skip
        else:
            item = SynthItem(rng.choice(SERVICES), None, rng.choice([None, 8, 12]), "x sessions", "",
                             rng.choice(["Upheld", "Overturned"]),
                             "The Claims Administrator did not cite any medical evidence for its decision.",
                             "Decision based on Non-MTUS Citation ODG Low Back Chapter.", RATIONALE)  # fmt: skip
        items.append(item)
    doi = dt.date(rng.randint(1995, 2013), rng.randint(1, 12), rng.randint(1, 28))
    return SynthLetter(
        items=items,
        case_number=f"CM{rng.randint(13, 16)}-{rng.randint(0, 9999999):07d}",
        cover=rng.random() < 0.5,
        date_of_injury=doi,
        doi_style=rng.choice(DATE_STYLES),
        ur_date=dt.date(rng.randint(2014, 2016), rng.randint(1, 12), rng.randint(1, 28)),
        ur_style=rng.choice(DATE_STYLES),
        age=rng.randint(25, 70),
        sex=rng.choice(["female", "male"]),
        diagnoses=rng.sample(
            [
                "lumbago",
                "cervical disc displacement",
                "lumbar facet syndrome",
                "chronic pain syndrome",
            ],
            2,
        ),
        dx_phrase=rng.randrange(len(DX_PHRASES)),
        line_style=rng.choice(["pdf", "plain", "crlf"]),
        footers=rng.random() < 0.5,
        filler_sentences=rng.randint(8, 16),
    )


# A disputed item as the tests start from it (Norco, upheld); `item_with` changes it.
NORCO_ITEM = dict(
    treatment="Norco",
    strength="10/325mg",
    quantity=35,
    quantity_style="#",
    refills="",
    determination="Upheld",
    ca_guideline="The Claims Administrator did not cite any medical evidence for its decision.",
    reviewer_guideline="Decision based on MTUS Opioid Treatment 2016.",
    rationale="The guidelines do not support this. Therefore, the request is not medically necessary.",
)


def item_with(defaults: dict, **changes) -> SynthItem:
    """A disputed item: ``defaults`` (every field of `SynthItem` without a default) with
    ``changes`` over them."""
    return SynthItem(**{**defaults, **changes})


def rendered_and_parsed(letter: SynthLetter):
    """The letter's text as the parser reads it, and what the parser makes of it."""
    from parsing import canonical_text, parse_text

    text = canonical_text(render(letter))
    return text, parse_text(text)


def write_letters(folder, count: int, seed: int, name: str = "letter-{n:05d}.txt") -> None:
    """``count`` random synthetic letters written into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(count):
        (folder / name.format(n=n)).write_text(render(random_letter(rng)))


# The decisions part of a 2013-layout letter (two items), as the letter prints them.
DECISIONS_2013 = """DETERMINATION AND RATIONALE
1. Norco 10/325mg #120 is not medically necessary and appropriate.
The Claims Administrator based its decision on the MTUS Chronic Pain Guidelines, page 78. The Expert
Reviewer based his/her decision on the MTUS Chronic Pain Guidelines, pages 78-80.
Rationale for the Decision:
The records show no functional improvement. The request is not medically necessary.
2. Physical therapy x 12 sessions is medically necessary and appropriate.
The Claims Administrator based its decision on the ODG Low Back Chapter. The Expert Reviewer based
his/her decision on the MTUS Chronic Pain Guidelines, page 99.
Rationale for the Decision:
A short course of therapy is supported after the flare.
"""


def words_run_together(text: str) -> str:
    """As text extraction gives some 2013 letters: "is medically" and "not medically" lose
    their space ("ismedically", "notmedically")."""
    return text.replace("not medically", "notmedically").replace("is medically", "ismedically")
