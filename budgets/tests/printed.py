"""Reading printed money back from a rendered page or report section: its tables, cell by cell, and the amounts
in a cell's text, so a test can add up what a reader adds up (not the numbers behind them)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from budgets.calculations import share_percent

# What the kr filter prints: "−1 234 567,50 kr" (non-breaking spaces, a real minus sign).
MONEY = re.compile(r"(−?)(\d{1,3}(?:\u00a0\d{3})*)(?:,(\d+))?\u00a0kr")


def amounts(text: str) -> list[Decimal]:
    """Every amount printed in a text, in order."""
    result = []
    for sign, whole, fraction in MONEY.findall(text):
        value = Decimal(whole.replace("\u00a0", "") + (f".{fraction}" if fraction else ""))
        result.append(-value if sign else value)
    return result


def amount(text: str) -> Decimal:
    """The one amount a cell prints (a cell may add words after it, e.g. "over budget")."""
    found = amounts(text)
    assert found, f"no amount in {text!r}"
    return found[0]


def percent_in(text: str) -> Decimal | None:
    """ "32,9 %" → 32.9; "–" → None."""
    cleaned = text.replace("%", "").replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("−", "-")
    return None if cleaned in ("", "–") else Decimal(cleaned)


def _squeeze(text: str) -> str:
    """Runs of ASCII white space as one space (the non-breaking spaces inside amounts stay)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)  # body and foot rows, in order

    def column(self, name: str) -> int | None:
        return self.header.index(name) if name in self.header else None


class _TableReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[Table] = []
        self.texts: list[str] = []  # text outside tables, block by block
        self._depth = 0
        self._in_head = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(Table(header=[]))
                self.texts.append(_squeeze("".join(self._outside)))
                self._outside = []
        elif self._depth == 1:
            if tag == "thead":
                self._in_head = True
            elif tag == "tr":
                self._row = []
            elif tag in ("td", "th"):
                self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif self._depth == 1:
            if tag == "thead":
                self._in_head = False
            elif tag in ("td", "th") and self._cell is not None and self._row is not None:
                self._row.append(_squeeze("".join(self._cell)))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                if self._in_head:
                    self.tables[-1].header = self._row
                else:
                    self.tables[-1].rows.append(self._row)
                self._row = None

    def handle_data(self, data):
        if self._depth == 0:
            self._outside.append(data)
        elif self._cell is not None:
            self._cell.append(data)

    def close(self):
        super().close()
        self.texts.append(_squeeze("".join(self._outside)))


def read(html: str) -> tuple[list[Table], list[str]]:
    """The tables of a page, and the text between them."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    return reader.tables, reader.texts


def money_tables(html: str, *, budget: str, outcome: str, remaining: str) -> list[Table]:
    """The tables that print budget against outcome (they have all three columns)."""
    tables, _texts = read(html)
    return [t for t in tables if all(t.column(name) is not None for name in (budget, outcome, remaining))]


def assert_adds_up(table: Table, *, budget: str, outcome: str, remaining: str, total: str,
                   used: str | None = None, forecast: str | None = None) -> list[list[str]]:
    """Every printed row: Budget − Outcome = Remaining (and Used is Outcome ÷ Budget as printed); the total row
    (first cell ``total``): each money column the sum of the printed rows above it. Returns the body rows."""
    b, o, r = table.column(budget), table.column(outcome), table.column(remaining)
    u = table.column(used) if used else None
    f = table.column(forecast) if forecast else None
    printed = [row for row in table.rows if len(row) == len(table.header)]  # not "nothing booked yet"
    body = [row for row in printed if row[0] != total]
    totals = [row for row in printed if row[0] == total]
    assert len(totals) <= 1
    for row in printed:
        assert amount(row[b]) - amount(row[o]) == amount(row[r]), row
        if u is not None:
            assert percent_in(row[u]) == share_percent(amount(row[o]), amount(row[b])), row
    for row in totals:
        for column in [c for c in (b, o, r, f) if c is not None]:
            assert amount(row[column]) == sum((amount(line[column]) for line in body), Decimal(0)), \
                (table.header[column], row, body)
    return body
