"""The health check report as a PDF, for printing and filing (the HTML page is the accessible version).

Made with fpdf2 (pure Python, ADR 0015) in the built-in Helvetica font, which is metric-compatible with
Arial and needs no font files; its text must be Latin-1, so `latin1` turns typographic quotes, dashes
and symbols into plain ones. Sections: a title page, how to read the report, the authority summary, the
authority-wide indicators, the units struggling most, every unit's scores (landscape, the header row
repeated on each page) and every indicator's definition, formula and threshold.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from . import scoring
from .characteristics import Characteristic
from .report import Cell, Report, how_to_read

FONT = "Helvetica"
BLACK = (11, 12, 12)
GREY_TEXT = (80, 90, 95)
HEADER_FILL = (243, 242, 241)
#: Light fills behind each rating's words (the words carry the meaning; the colour only helps the eye).
FILLS = {
    scoring.STRONG: (204, 226, 216),
    scoring.DEVELOPING: (255, 247, 191),
    scoring.STRUGGLING: (244, 205, 198),
    scoring.NOT_ENOUGH: (236, 237, 237),
    scoring.MEETS: (204, 226, 216),
    scoring.CLOSE: (255, 247, 191),
    scoring.BELOW: (244, 205, 198),
    scoring.NO_DATA: (236, 237, 237),
}

_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2032": "'",
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": " - ",
    "\u2015": " - ",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u2023": "-",
    "\u25cf": "-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2248": "~",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2122": "(TM)",
    "\u20ac": "EUR ",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0131": "i",
}


def latin1(text) -> str:
    """`text` made safe for the built-in PDF fonts (Latin-1): typographic characters become their
    plain equivalents, accents outside Latin-1 are dropped, anything left becomes "?"."""
    text = str(text or "")
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            out.append(plain or "?")
    return "".join(out)


class ReportPDF(FPDF):
    """A4 pages with the report's name at the top and "Page n of N" at the foot."""

    def __init__(self, running_title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = latin1(running_title)
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY_TEXT)
        self.set_y(8)
        self.cell(0, 5, self.running_title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*BLACK)
        self.set_y(self.t_margin)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY_TEXT)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(*BLACK)

    # -- building blocks --------------------------------------------------------------------------

    def heading(self, text: str, size: int = 16, *, section: int | None = None) -> None:
        if section is not None:
            self.start_section(latin1(text), level=section)
        self.write_lines(text, size, "B", size * 0.5)
        self.ln(2)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.write_lines(text, size, style, size * 0.5)
        self.ln(1.5)

    def pair(self, label: str, text: str) -> None:
        """A label in bold and its text, as in a summary list."""
        self.write_lines(label, 9, "B", 4.6)
        self.write_lines(text, 9, "", 4.6)
        self.ln(1)

    def write_lines(self, text: str, size: float, style: str, line_height: float) -> None:
        """`text` wrapped at word boundaries to the page's width, a line at a time (fpdf2's multi_cell
        measures each line character by character, which is slow for a long report)."""
        self.set_font(FONT, style, size)
        for paragraph in latin1(text).split("\n"):
            for line in self.wrap(paragraph, self.epw) or [""]:
                self.cell(0, line_height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def width_of(self, text: str) -> float:
        """The width of Latin-1 `text` in the current built-in font (its metrics, without fpdf2's
        general text shaping, which is slow for thousands of cells)."""
        widths = self.current_font.cw
        return sum(widths.get(ch, 500) for ch in text) * self.font_size / 1000 + (
            self.char_spacing * len(text) if self.char_spacing else 0
        )

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap in the current font; a word wider than the line is cut."""
        space = self.width_of(" ")
        lines, words, used = [], [], 0.0
        for word in text.split():
            w = self.width_of(word)
            while w > width:  # a very long word: cut it
                cut = len(word)
                while cut > 1 and self.width_of(word[:cut]) > width:
                    cut -= 1
                if words:
                    lines.append(" ".join(words))
                    words, used = [], 0.0
                lines.append(word[:cut])
                word = word[cut:]
                w = self.width_of(word)
            extra = w if not words else used + space + w
            if words and extra > width:
                lines.append(" ".join(words))
                words, used = [word], w
            else:
                words.append(word)
                used = extra
        if words:
            lines.append(" ".join(words))
        return lines


def _rating_style(rating: str) -> FontFace:
    return FontFace(fill_color=FILLS.get(rating, FILLS[scoring.NOT_ENOUGH]))


HEADINGS = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)


def build_pdf(report: Report) -> bytes:
    """The report as the bytes of a PDF."""
    pdf = ReportPDF(f"Organisational health check - figures as at {_date(report.as_of)}")
    pdf.set_compression(getattr(settings, "HEARTH_PDF_COMPRESS", True))
    title = f"Organisational health check: figures as at {_date(report.as_of)}"
    pdf.set_title(latin1(title))
    pdf.set_author("Hearth")
    pdf.set_creator("Hearth")
    pdf.set_subject(
        latin1(
            f"{report.authority_name or 'The authority'}: every unit against the ten characteristics of "
            "successful children's social work teams and Employer Standard 1"
        )
    )
    pdf.set_keywords("health check, self-evaluation, Employer Standard 1, ten characteristics")
    pdf.set_lang("en-GB")

    _title_page(pdf, report)
    _how_to_read(pdf, report)
    _summary(pdf, report)
    _authority(pdf, report)
    _struggling(pdf, report)
    _units(pdf, report)
    _definitions(pdf, report)
    return bytes(pdf.output())


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _when(moment) -> str:
    if moment is None:
        return "not recorded"
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def _title_page(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.set_y(60)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, latin1(report.authority_name or "Hearth"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 28)
    pdf.multi_cell(0, 13, "Organisational health check", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(
        0,
        7,
        latin1(
            "Every unit against the ten characteristics of successful children's social work teams "
            "and the elements of Employer Standard 1."
        ),
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(10)
    snapshot = report.snapshot
    pdf.pair("Figures as at", _date(report.as_of))
    pdf.pair("Worked out", _when(report.worked_out_at))
    pdf.pair("Units", f"{len(report.units)} units, {report.indicator_count} indicators")
    pdf.pair("For", "The director of children's services, and the authority's self-evaluation for inspection")
    if snapshot.seconds is not None:
        pdf.pair(
            "How", f"From live records by Hearth, in {snapshot.seconds:.0f} seconds. No figure was typed in."
        )
    pdf.ln(12)
    pdf.para(
        "The report names units, never a child or a member of staff. Keep printed copies with the "
        "authority's self-evaluation papers.",
        9,
    )
    pdf.para(
        "An accessible version of this report is in Hearth at /health-check/report/, and each unit's "
        "page there lists the records behind its figures.",
        9,
    )


def _how_to_read(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.heading("How to read this report", section=0)
    for text in how_to_read():
        pdf.para(text)


def _summary(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.heading("The authority at a glance", section=0)
    pdf.para(
        f"How many of the {len(report.units)} units are strong, developing or struggling on each "
        "characteristic, and the median (middle) score of the units with a score."
    )
    for label, rows in (
        ("The ten characteristics", report.summary_ten),
        ("Employer Standard 1", report.summary_standard),
    ):
        pdf.ln(2)
        pdf.heading(label, 12)
        pdf.set_font(FONT, "", 9)
        with pdf.table(
            col_widths=(70, 20, 22, 22, 24, 22),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
            headings_style=HEADINGS,
            line_height=4.6,
            padding=1.2,
            repeat_headings=1,
        ) as table:
            table.row(
                ["Characteristic", "Strong", "Developing", "Struggling", "Not enough data", "Median score"]
            )
            for row in rows:
                table.row(
                    [
                        latin1(_characteristic_name(row.characteristic)),
                        str(row.strong),
                        str(row.developing),
                        str(row.struggling),
                        str(row.not_enough),
                        row.median_text,
                    ]
                )
        pdf.ln(4)


def _characteristic_name(c: Characteristic) -> str:
    return f"{c.number}. {c.title}"


def _authority(pdf: ReportPDF, report: Report) -> None:
    pdf.heading("Measured for the authority as a whole", 14, section=0)
    if not report.authority:
        pdf.para("No indicator is measured for the authority as a whole.")
        return
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(60, 25, 25, 70),
        text_align="LEFT",
        headings_style=HEADINGS,
        line_height=4.6,
        padding=1.2,
        repeat_headings=1,
    ) as table:
        table.row(["Indicator", "Value", "Against threshold", "What it rests on"])
        for row in report.authority:
            cells = table.row()
            cells.cell(latin1(row.title))
            cells.cell(latin1(row.value))
            cells.cell(latin1(row.words), style=_rating_style(row.rating))
            cells.cell(latin1(row.note or "-"))
    pdf.ln(4)


def _struggling(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.heading("Units struggling most", section=0)
    if not report.struggling:
        pdf.para("No unit is struggling on any characteristic.")
        return
    pdf.para(
        "Units with at least one struggling characteristic, lowest average score first (the average of "
        "the characteristics with a score). At most 10 are listed."
    )
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(45, 30, 18, 87),
        text_align="LEFT",
        headings_style=HEADINGS,
        line_height=4.6,
        padding=1.2,
        repeat_headings=1,
    ) as table:
        table.row(["Unit", "Service area", "Average score", "Struggling on"])
        for unit in report.struggling:
            table.row(
                [
                    latin1(unit.name),
                    latin1(unit.service_area),
                    unit.average_text,
                    latin1("; ".join(_characteristic_name(c) for c in unit.struggling)),
                ]
            )


GRID_LINE = 3.2  # mm per line of text in the units grid
GRID_PAD = 0.9
SCORE_WIDTH = 15.5


def _units(pdf: ReportPDF, report: Report) -> None:
    """Every unit × every characteristic on landscape pages, the header row repeated on each page and no
    row split. Drawn cell by cell (fpdf2's general table lays out every cell twice, too slow for 150
    units)."""
    pdf.add_page(orientation="L")
    pdf.heading("Every unit's scores", section=0)
    pdf.para(
        "Each cell is the unit's score out of 100 and what it means. Columns 1 to 10 are the ten "
        "characteristics; S1.1 to S1.6 the elements of Employer Standard 1 (the full names are below the "
        "table)."
    )
    if not report.units:
        pdf.para("No unit was part of these figures.")
        return
    characteristics = report.characteristics
    widths = [pdf.epw - SCORE_WIDTH * len(characteristics)] + [SCORE_WIDTH] * len(characteristics)
    pdf.set_font(FONT, "", 6.5)
    heads = [["Unit"]] + [
        [c.number, *_wrap(pdf, c.short, SCORE_WIDTH - 2 * GRID_PAD)] for c in characteristics
    ]
    head_height = max(len(h) for h in heads) * GRID_LINE + 2 * GRID_PAD

    def header_row():
        _grid_row(pdf, widths, heads, [HEADER_FILL] * len(widths), head_height, bold=True)

    header_row()
    row_height = 2 * GRID_LINE + 2 * GRID_PAD
    for unit in report.units:
        if pdf.get_y() + row_height > pdf.page_break_trigger:
            pdf.add_page(orientation="L")
            header_row()
        name_width = widths[0] - 2 * GRID_PAD
        texts = [[_fit(pdf, unit.name, name_width, bold=True), _fit(pdf, unit.service_area, name_width)]]
        texts += [_cell_lines(cell) for cell in unit.cells]
        fills = [(255, 255, 255)] + [FILLS.get(cell.rating, FILLS[scoring.NOT_ENOUGH]) for cell in unit.cells]
        _grid_row(pdf, widths, texts, fills, row_height, bold_first_cell=True)
    pdf.ln(3)
    if pdf.get_y() + 5 + 4 * 8 > pdf.page_break_trigger:
        pdf.add_page(orientation="L")
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, "The columns", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8)
    half = (len(characteristics) + 1) // 2
    top = pdf.get_y()
    for i, c in enumerate(characteristics):
        column, line = divmod(i, half)
        pdf.set_xy(pdf.l_margin + column * pdf.epw / 2, top + line * 4)
        pdf.cell(pdf.epw / 2, 4, latin1(f"{c.number}: {c.title}"))
    pdf.set_xy(pdf.l_margin, top + half * 4)


def _grid_row(pdf, widths, texts, fills, height, *, bold=False, bold_first_cell=False) -> None:
    """One row of the units grid: filled, bordered rectangles with one or more lines of text each."""
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(177, 180, 182)
    pdf.set_line_width(0.2)
    style = None
    for i, (width, lines, fill) in enumerate(zip(widths, texts, fills, strict=True)):
        pdf.set_fill_color(*fill)
        pdf.rect(x, y, width, height, style="DF")
        for n, line in enumerate(lines):
            wanted = "B" if bold or (n == 0 and (line.isdigit() or (i == 0 and bold_first_cell))) else ""
            if wanted != style:
                pdf.set_font(FONT, wanted, 6.5)
                style = wanted
            line = latin1(line)
            left = x + GRID_PAD
            if i > 0:  # scores are centred
                left = x + (width - pdf.width_of(line)) / 2
            pdf.text(left, y + GRID_PAD + n * GRID_LINE + 2.4, line)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _cell_lines(cell: Cell) -> list[str]:
    if cell.score is None:
        return ["Not enough", "data"]
    return [str(cell.score), cell.words]


def _wrap(pdf, text: str, width: float) -> list[str]:
    return pdf.wrap(latin1(text), width)


def _fit(pdf, text: str, width: float, *, bold: bool = False) -> str:
    """`text` shortened with "..." to fit `width`."""
    pdf.set_font(FONT, "B" if bold else "", 6.5)
    text = latin1(text)
    if pdf.width_of(text) <= width:
        return text
    while text and pdf.width_of(text + "...") > width:
        text = text[:-1]
    return text.rstrip() + "..."


def _definitions(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page(orientation="P")
    pdf.heading("What each indicator counts", section=0)
    pdf.para(
        "Every indicator: what it counts and over what period, how it is worked out, which way is better, "
        "the threshold in force and where it comes from."
    )
    for group in report.definitions:
        # A characteristic's heading stays with its first indicator.
        first = _pairs_height(pdf, _definition_pairs(group.definitions[0])) + 7 if group.definitions else 0
        if pdf.will_page_break(24 + first):
            pdf.add_page(orientation="P")
        pdf.heading(_characteristic_name(group.characteristic), 12, section=1)
        pdf.para(f"What good looks like: {group.characteristic.seed}", 9, "I")
        if not group.definitions:
            pdf.para("No indicator yet.", 9)
            continue
        for definition in group.definitions:
            pairs = _definition_pairs(definition)
            # Keep an indicator's definition on one page.
            if pdf.will_page_break(_pairs_height(pdf, pairs) + 7):
                pdf.add_page(orientation="P")
            pdf.write_lines(definition.indicator.title, 10, "B", 5)
            for label, text in pairs:
                pdf.pair(label, text)
            pdf.ln(2)


def _definition_pairs(definition) -> list[tuple[str, str]]:
    indicator = definition.indicator
    pairs = [
        ("What it counts", indicator.definition),
        ("How it is worked out", indicator.formula),
        ("Measured for", f"{definition.scope_words}. {definition.better}. {definition.minimum_words}"),
        ("Threshold in force", definition.threshold_now),
        ("Where the threshold comes from", definition.threshold_source),
    ]
    if definition.threshold_used:
        pairs.append(("Threshold used for these figures", definition.threshold_used))
    return pairs


def _pairs_height(pdf: ReportPDF, pairs) -> float:
    pdf.set_font(FONT, "", 9)
    lines = sum(1 + len(pdf.wrap(latin1(text), pdf.epw) or [""]) for _label, text in pairs)
    return lines * 4.6 + len(pairs)
