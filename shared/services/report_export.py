"""The report as files: CSV for Excel with an Indonesian locale, XLSX with native charts, the monthly PDF.

Figures come from `shared.services.reports` only; this module lays them out. Matplotlib draws with the Agg
backend (no display), fpdf2 writes the PDF with DejaVu Sans when it is found (Indonesian and English text with
any accent), else with the core Helvetica and the text made ASCII.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from shared.config import Config
from shared.text import Text, to_ascii

from .reports import FIELD_TITLES, FIELDS, GROUP_TITLES, GROUPINGS, Figures, Report

COUNT_FIELDS = FIELDS[:7]
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
             "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


# ---- CSV


def _decimal(value: Any) -> str:
    """A number as Excel reads it in an Indonesian locale: decimal comma, no thousands separator."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def report_csv(report: Report) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with a BOM: opens right in Excel set to Indonesian."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([GROUP_TITLES[report.by].line(), Text("Keterangan", "Label").line()]
                    + [FIELD_TITLES[f].line() for f in FIELDS])
    for row in report.rows:
        writer.writerow([row.key, row.label.line()] + [_decimal(getattr(row.figures, f)) for f in FIELDS])
    writer.writerow([Text("Total").line(), ""] + [_decimal(getattr(report.total, f)) for f in FIELDS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---- XLSX


def report_xlsx(reports: dict[str, Report], config: Config, path: Path) -> None:
    """A summary sheet, then a sheet per grouping, each with its table and native Excel charts."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "0.0"})
    total_fmt = book.add_format({"bold": True, "top": 1})
    total_num = book.add_format({"bold": True, "top": 1, "num_format": "0.0"})
    first = next(iter(reports.values()))
    summary = book.add_worksheet("Ringkasan - Summary")
    summary.set_column(0, 0, 48)
    summary.set_column(1, 1, 14)
    lines = _letterhead(config) + [first.title.line().split(" — ")[0]]
    for i, line in enumerate(lines):
        summary.write(i, 0, line, bold)
    r = len(lines) + 1
    for name in FIELDS:
        summary.write(r, 0, FIELD_TITLES[name].line())
        summary.write(r, 1, getattr(first.total, name), num if name.endswith(("_s", "_pct")) else None)
        r += 1
    r += 1
    for label, value in _extras(first):
        summary.write(r, 0, label.line())
        summary.write(r, 1, value)
        r += 1
    for by in GROUPINGS:
        if by not in reports:
            continue
        rep = reports[by]
        sheet = book.add_worksheet(_sheet_name(by))
        sheet.set_row(0, 45)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 1 + len(FIELDS), 12)
        sheet.write_row(0, 0, [GROUP_TITLES[by].line(), Text("Keterangan", "Label").line()]
                        + [FIELD_TITLES[f].line() for f in FIELDS], head)
        for i, row in enumerate(rep.rows, start=1):
            sheet.write(i, 0, row.key)
            sheet.write(i, 1, row.label.line())
            for j, name in enumerate(FIELDS, start=2):
                value = getattr(row.figures, name)
                sheet.write(i, j, value, num if isinstance(value, float) else None)
        t = len(rep.rows) + 1
        sheet.write(t, 0, "Total", total_fmt)
        sheet.write(t, 1, "", total_fmt)
        for j, name in enumerate(FIELDS, start=2):
            value = getattr(rep.total, name)
            sheet.write(t, j, value, total_num if isinstance(value, float) else total_fmt)
        sheet.freeze_panes(1, 2)
        if rep.rows:
            _xlsx_charts(book, sheet, by, len(rep.rows))
    book.close()


def _sheet_name(by: str) -> str:
    return {"day": "Hari - Day", "hour": "Jam - Hour", "service": "Layanan - Service", "counter": "Loket - Counter",
            "officer": "Petugas - Officer"}[by]


def _xlsx_charts(book: Any, sheet: Any, by: str, n: int) -> None:
    name = _sheet_name(by)
    col = {f: i + 2 for i, f in enumerate(FIELDS)}
    cats = [name, 1, 1, n, 1]
    volume = book.add_chart({"type": "column"})
    for field in ("arrived", "called", "served", "unserved"):
        volume.add_series({"name": [name, 0, col[field]], "categories": cats,
                           "values": [name, 1, col[field], n, col[field]]})
    volume.set_title({"name": Text("Jumlah", "Volume").line() + " — " + GROUP_TITLES[by].line()})
    volume.set_size({"width": 720, "height": 300})
    sheet.insert_chart(n + 4, 1, volume)
    waits = book.add_chart({"type": "line"})
    for field in ("wait_mean_s", "wait_median_s", "wait_p90_s"):
        waits.add_series({"name": [name, 0, col[field]], "categories": cats,
                          "values": [name, 1, col[field], n, col[field]], "marker": {"type": "circle"}})
    waits.set_title({"name": Text("Waktu tunggu (detik)", "Wait (seconds)").line() + " — " + GROUP_TITLES[by].line()})
    waits.set_size({"width": 720, "height": 300})
    sheet.insert_chart(n + 20, 1, waits)


def _extras(report: Report) -> list[tuple[Text, Any]]:
    out: list[tuple[Text, Any]] = [(Text(f"Walk-in: {kind}", f"Walk-ins: {kind}"), n) for kind, n in report.walk_ins]
    out += [
        (Text("Persetujuan terlambat (override)", "Late overrides"), report.overrides),
        (Text("Cetak ulang", "Reprints"), report.reprints),
        (Text("Tiket dibatalkan supervisor", "Tickets voided by a supervisor"), report.voided),
    ]
    return out


def _letterhead(config: Config) -> list[str]:
    return list(config.office.letterhead) or [config.office.name]


# ---- PDF


def find_font(bold: bool = False) -> Path | None:
    """DejaVu Sans (fonts-dejavu-core; matplotlib carries a copy too), or None."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    dirs = list(FONT_DIRS)
    try:
        import matplotlib

        dirs.append(os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data", "fonts", "ttf"))
    except ImportError:
        pass
    for folder in dirs:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def _charts(reports: dict[str, Report], folder: Path) -> list[tuple[Text, Path]]:
    """PNG charts (matplotlib, Agg): arrivals and waits by hour, per service, per counter."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    out: list[tuple[Text, Path]] = []
    for by, title in (("hour", Text("Kedatangan dan waktu tunggu per jam", "Arrivals and waits by hour")),
                      ("service", Text("Per layanan", "By service")), ("counter", Text("Per loket", "By counter"))):
        rep = reports.get(by)
        if rep is None or not rep.rows:
            continue
        labels = [f"{r.key:02d}" if by == "hour" else str(r.key) for r in rep.rows]
        volume_field = "arrived" if by == "hour" else "called"
        volume = [getattr(r.figures, volume_field) for r in rep.rows]
        nan = float("nan")  # nothing measured: no point drawn (not a wait of 0)
        mean = [nan if r.figures.wait_mean_s is None else r.figures.wait_mean_s / 60 for r in rep.rows]
        p90 = [nan if r.figures.wait_p90_s is None else r.figures.wait_p90_s / 60 for r in rep.rows]
        fig, ax = plt.subplots(figsize=(7.2, 3.1), dpi=110)
        xs = range(len(labels))
        ax.bar(xs, volume, color="#5B9BD5", label=FIELD_TITLES[volume_field].line())
        ax.set_ylabel(FIELD_TITLES[volume_field].line())
        ax.set_xticks(list(xs), labels)
        ax2 = ax.twinx()
        ax2.plot(xs, mean, color="#C00000", marker="o", label=Text("Tunggu rata-rata", "Wait mean").line())
        ax2.plot(xs, p90, color="#ED7D31", marker="s", linestyle="--", label=Text("Tunggu P90", "Wait P90").line())
        ax2.set_ylabel(Text("menit", "minutes").line())
        ax2.set_ylim(bottom=0)
        handles = ax.get_legend_handles_labels()
        handles2 = ax2.get_legend_handles_labels()
        ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], fontsize=7, loc="upper center",
                  bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title.line(), fontsize=10)
        ax.tick_params(labelsize=8)
        fig.tight_layout()
        path = folder / f"chart-{by}.png"
        fig.savefig(path)
        plt.close(fig)
        out.append((title, path))
    return out


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}".replace(".", ",")


def report_pdf(reports: dict[str, Report], config: Config, path: Path) -> None:
    """The monthly report: letterhead, period, the KPI table, tables and charts by hour, service and counter."""
    import tempfile

    from fpdf import FPDF

    regular, bold = find_font(), find_font(bold=True)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if regular is not None:
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold or regular))
        family, say = "DejaVu", (lambda s: s)
    else:
        family, say = "Helvetica", to_ascii
    first = next(iter(reports.values()))
    pdf.set_title(to_ascii(first.title.line()))
    pdf.add_page()
    for i, line in enumerate(_letterhead(config)):
        pdf.set_font(family, "B", 13 if i == 0 else 11)
        pdf.cell(0, 6, say(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.6)
    pdf.line(15, y, 195, y)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    pdf.set_font(family, "B", 12)
    head = first.title.line().split(" — ")[0]
    pdf.cell(0, 7, say(head), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 8)
    made = first.generated_at.astimezone(config.office.tz)
    pdf.cell(0, 5, say(Text(f"Dibuat {made:%d-%m-%Y %H:%M}", f"made {made:%Y-%m-%d %H:%M}").line()), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    period = (f"{first.date_from:%d-%m-%Y} s.d. {first.date_to:%d-%m-%Y}", f"{first.date_from:%Y-%m-%d} to {first.date_to:%Y-%m-%d}")
    pdf.cell(0, 6, say(Text(f"Periode: {period[0]}", f"Period: {period[1]}").line()), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _kpi_table(pdf, family, say, first.total, first)
    with tempfile.TemporaryDirectory() as tmp:
        charts = {p.name: p for _title, p in _charts(reports, Path(tmp))}
        for by in ("hour", "service", "counter"):
            rep = reports.get(by)
            if rep is None:
                continue
            pdf.add_page()
            pdf.set_font(family, "B", 11)
            pdf.cell(0, 7, say(GROUP_TITLES[by].line()), new_x="LMARGIN", new_y="NEXT")
            chart = charts.get(f"chart-{by}.png")
            if chart is not None:
                pdf.image(str(chart), w=180)
            pdf.ln(2)
            _group_table(pdf, family, say, rep)
        if first.show_up:
            pdf.ln(4)
            pdf.set_font(family, "B", 11)
            pdf.cell(0, 7, say(Text("Kehadiran per jadwal", "Show-up per slot").line()), new_x="LMARGIN", new_y="NEXT")
            _table(pdf, family, say,
                   [Text("Jadwal", "Slot"), Text("Terjadwal", "Booked"), Text("Check-in"), Text("Hadir %", "Show-up %")],
                   [[s.slot, str(s.booked), str(s.checked_in), _pct(s.show_up_pct)] for s in first.show_up],
                   [40, 35, 35, 35])
    pdf.output(str(path))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


def _kpi_table(pdf: Any, family: str, say: Any, total: Figures, report: Report) -> None:
    pdf.set_font(family, "B", 10)
    pdf.cell(0, 6, say(Text("Ringkasan kinerja", "Key figures").line()), new_x="LMARGIN", new_y="NEXT")
    rows: list[list[str]] = []
    for name in FIELDS:
        value = getattr(total, name)
        if name.endswith("_s"):
            shown = _minutes(value) + " " + Text("menit", "min").line()
        elif name.endswith("_pct"):
            shown = _pct(value)
        else:
            shown = str(value)
        title = FIELD_TITLES[name]
        title = Text(title.id.replace("(dtk)", "").strip(), title.en.replace("(s)", "").strip())
        rows.append([title.line(), shown])
    rows += [[label.line(), str(value)] for label, value in _extras(report)]
    _table(pdf, family, say, [Text("Ukuran", "Figure"), Text("Nilai", "Value")], rows, [130, 50])


def _group_table(pdf: Any, family: str, say: Any, rep: Report) -> None:
    header = [GROUP_TITLES[rep.by], Text("Datang", "Arrived"), Text("Panggil", "Called"), Text("Layani", "Served"),
              Text("T.hadir", "No-show"), Text("Sisa", "Unserved"), Text("SL %"), Text("Tunggu", "Wait"),
              Text("P90"), Text("Layanan", "Service")]
    body = [[r.label.line() if rep.by != "hour" else r.label.id] + _cells(r.figures) for r in rep.rows]
    body.append(["Total"] + _cells(rep.total))
    _table(pdf, family, say, header, body, [44, 15, 15, 15, 15, 15, 14, 16, 14, 17], small=True)
    pdf.set_font(family, "", 7)
    pdf.cell(0, 4, say(Text("Waktu dalam menit (rata-rata; P90 = persentil ke-90).",
                            "Times in minutes (mean; P90 = 90th percentile).").line()), new_x="LMARGIN", new_y="NEXT")


def _cells(f: Figures) -> list[str]:
    return [str(f.arrived), str(f.called), str(f.served), str(f.no_show), str(f.unserved), _pct(f.service_level_pct),
            _minutes(f.wait_mean_s), _minutes(f.wait_p90_s), _minutes(f.service_mean_s)]


def _table(pdf: Any, family: str, say: Any, header: Iterable[Text], rows: list[list[str]], widths: list[int],
           small: bool = False) -> None:
    size = 7 if small else 9
    pdf.set_font(family, "B", size)
    pdf.set_fill_color(221, 235, 247)
    height = 4.5 if small else 5.5
    titles = list(header)
    if small:  # two lines of header: Indonesian over English
        for lang in ("id", "en"):
            for text, w in zip(titles, widths, strict=True):
                words = text.id if lang == "id" else (text.en or text.id)
                pdf.cell(w, height, say(words if (lang == "id" or words != text.id) else ""), border="LR" if lang == "id"
                         else "LRB", fill=True, align="C")
            pdf.ln(height)
    else:
        for text, w in zip(titles, widths, strict=True):
            pdf.cell(w, height, say(text.line()), border=1, fill=True)
        pdf.ln(height)
    pdf.set_font(family, "", size)
    for i, row in enumerate(rows):
        last = small and i == len(rows) - 1
        if last:
            pdf.set_font(family, "B", size)
        for j, (value, w) in enumerate(zip(row, widths, strict=True)):
            text = say(value)
            while pdf.get_string_width(text) > w - 1.5 and len(text) > 3:
                text = text[:-2] + "…" if family == "DejaVu" else text[:-4] + "..."
            pdf.cell(w, height, text, border=1, align="L" if j == 0 else "R")
        pdf.ln(height)
