"""A checklist to take to the window: for one or several services, the documents as
checkboxes (in the source's groups), the steps, time limit, department, working hours
and the source — as Markdown, and as a printable PDF with the Chinese glyphs embedded.

    >>> cl = Checklist.of(services, facts)
    >>> cl.markdown()                       # "- [ ] 修撤情况说明" …
    >>> Path("清单.pdf").write_bytes(cl.pdf())

Every line comes from a fact field; nothing is added but headings. The PDF needs a font
with Chinese glyphs: KB_PDF_FONT (a .ttf/.otf/.ttc path), else the first of FONT_CANDIDATES
that exists (Debian's fonts-noto-cjk first); without one, ``pdf()`` raises a KBError that
says what to install. Does not handle: right-to-left scripts, fonts needing a collection
index other than 0 (set KB_PDF_FONT to a single-face file then).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kb.errors import KBError
from kb.facts import Fact, Info, Service
from kb.settings import get_settings

APPLICANT = ("申请单位（人）：________________________    联系电话：________________",
             "办理日期：________年______月______日")  # blanks the applicant fills in
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]


@dataclass
class Checklist:
    services: list[Service]
    working_hours: str | None = None
    office: str = ""  # the issuer of the services' guide
    source_date: str = ""  # the guide's date, as its manifest gives it
    made_on: str = field(default_factory=lambda: date.today().isoformat())

    @classmethod
    def of(cls, services: list[Service], facts: list[Fact], office: str = "", source_date: str = "") -> Checklist:
        docs = {s.citation.doc for s in services}
        hours = next((f.text for f in facts if isinstance(f, Info) and f.topic == "working_hours"
                      and f.citation.doc in docs), None)
        return cls(list(services), hours, office, source_date)

    @property
    def heading(self) -> str:
        parts = [self.office, f"原文日期 {self.source_date}" if self.source_date else "", f"生成日期 {self.made_on}"]
        return " · ".join(p for p in parts if p) + " · 内容摘自知识库原文，办理前请以窗口最新要求为准。"

    @property
    def title(self) -> str:
        names = "、".join(s.title for s in self.services[:3])
        more = f"等{len(self.services)}项" if len(self.services) > 3 else ""
        return f"办事清单：{names}{more}"

    def filename(self, suffix: str) -> str:
        """办事清单_报关单修撤业务_2026-12-01.pdf: what it is, for what, made when."""
        stem = "_".join(re.sub(r"[\\/:*?\"<>|\s]+", "", s.title) for s in self.services[:3])
        more = f"等{len(self.services)}项" if len(self.services) > 3 else ""
        return f"办事清单_{stem[:60]}{more}_{self.made_on}.{suffix}"

    def source(self, service: Service) -> str:
        """The footnote a reader understands: document › item (issuer, date, lines)."""
        c = service.citation
        return c.readable(self.office, self.source_date, f"原文第{c.lines[0]}–{c.lines[1]}行")

    # -- Markdown -----------------------------------------------------------------------
    def markdown(self) -> str:
        out = [f"# {self.title}", "",
               self.heading, "", *[f"{line}  " for line in APPLICANT], ""]
        if self.working_hours:
            out += [f"**工作时间**：{self.working_hours}", ""]
        for n, s in enumerate(self.services, 1):
            out += [f"## {n}. {s.title}", "", f"- **办理处室**：{s.department}",
                    f"- **办理时限**：{s.time_limit_text}", "", "### 所需单据（逐项打勾）", ""]
            for group, items in document_groups(s):
                if group:
                    out.append(f"- **{group}**")
                    out += [f"    - [ ] {d}" for d in items]
                else:
                    out += [f"- [ ] {d}" for d in items]
            if s.steps:
                out += ["", "### 办理步骤", ""] + [f"{i}. {step}" for i, step in enumerate(s.steps, 1)]
            if s.notes:
                out += ["", "**说明**：" + " ".join(s.notes)]
            out += ["", f"> {self.source(s)}", ""]
        return "\n".join(out)

    # -- PDF ----------------------------------------------------------------------------
    def pdf(self) -> bytes:
        from fpdf import FPDF

        font = find_cjk_font()
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(True, margin=15)
        pdf.set_margins(18, 16, 18)
        pdf.add_font("cjk", "", str(font))
        pdf.set_title(self.title)
        pdf.add_page()
        width = pdf.w - pdf.l_margin - pdf.r_margin

        def para(text: str, size: float = 10.5, indent: float = 0, gap: float = 1.2) -> None:
            pdf.set_font("cjk", size=size)
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(gap)

        def numbered(number: str, text: str, indent: float) -> None:
            """A step with its number hanging to the left of its text, on one page together."""
            pdf.set_font("cjk", size=10.5)
            if pdf.get_y() > pdf.h - pdf.b_margin - 12:
                pdf.add_page()
            hang = pdf.get_string_width("00. ") + 1
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin + indent, y)
            pdf.cell(hang, 5.25, number)
            pdf.set_xy(pdf.l_margin + indent + hang, y)
            pdf.multi_cell(width - indent - hang, 5.25, text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(0.6)

        def box(text: str, indent: float) -> None:
            pdf.set_font("cjk", size=10.5)
            if pdf.get_y() > pdf.h - pdf.b_margin - 8:
                pdf.add_page()
            y = pdf.get_y()
            pdf.rect(pdf.l_margin + indent, y + 1.0, 3.4, 3.4)
            pdf.set_xy(pdf.l_margin + indent + 5.5, y)
            pdf.multi_cell(width - indent - 5.5, 5.25, text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(1.0)

        para(self.title, size=16, gap=2)
        para(self.heading, size=9, gap=2)
        for line in APPLICANT:
            para(line, size=10.5, gap=2)
        pdf.ln(1)
        if self.working_hours:
            para(f"工作时间：{self.working_hours}", size=10.5, gap=3)
        for n, s in enumerate(self.services, 1):
            para(f"{n}. {s.title}", size=13.5, gap=1.5)
            para(f"办理处室：{s.department}    办理时限：{s.time_limit_text}")
            para("所需单据（逐项打勾）", size=11.5, gap=1)
            for group, items in document_groups(s):
                if group:
                    para(group, indent=2, gap=0.5)
                for d in items:
                    box(d, indent=6 if group else 2)
            if s.steps:
                para("办理步骤", size=11.5, gap=1)
                for i, step in enumerate(s.steps, 1):
                    numbered(f"{i}.", step, indent=2)
            if s.notes:
                para("说明：" + " ".join(s.notes), size=9.5)
            para(self.source(s), size=8.5, gap=4)
        return bytes(pdf.output())


def document_groups(service: Service) -> list[tuple[str | None, list[str]]]:
    """(group name or None, documents) in source order; the raw text when nothing was listed."""
    if service.document_groups:
        return [(g.name, list(g.items)) for g in service.document_groups]
    if service.documents:
        return [(None, list(service.documents))]
    return [(None, [service.documents_raw or "原文未列明所需单据"])]


def find_cjk_font() -> Path:
    configured = get_settings().pdf_font
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise KBError(f"KB_PDF_FONT points to {path}, which is not a font file")
        return path
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise KBError("no font with Chinese glyphs was found for the PDF checklist; install one "
                  "(Debian/Ubuntu: apt-get install fonts-noto-cjk) or set KB_PDF_FONT to a .ttf/.otf/.ttc "
                  "file; the Markdown checklist works without it")
