#!/usr/bin/env python3
"""html_sums.py PAGE... - the figure tables of statements/PAYEE.html add up on the page.

A figure table is one with a total row (tr class="sum"): reading down, each row's
figure (the last number of its cell, thousands grouped; "7,113.33324 (rounded
7,113.33)" counts as 7113.33) is added, or subtracted when its label starts with "Less ", and each total
row must equal the running sum, which it then carries on.  In a true-up's table of
earlier periods each row's computed-now figure less what was paid is its difference,
and the differences add up to the prior-period adjustment.  The page's total payable
is the sum of its "Payable this ..." rows.  Figures are parsed as exact fractions
("100/3" included), so nothing is rounded.  Prints one line per failure; exit 1 then.
"""
import re
import sys
from fractions import Fraction
from html.parser import HTMLParser

NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:/\d+)?")


def figure(text):
    """The last figure of a cell; thousands are grouped on the page ("7,113.33")."""
    found = NUMBER.findall(text)
    if not found:
        raise ValueError(f"no figure in {text!r}")
    return Fraction(found[-1].replace(",", ""))


class Page(HTMLParser):
    """Tables as lists of rows (is_sum, [cell texts]), and the paragraphs."""

    def __init__(self):
        super().__init__()
        self.tables, self.paragraphs = [], []
        self.row = self.cell = self.para = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = (dict(attrs).get("class") == "sum", [])
        elif tag in ("th", "td") and self.row is not None:
            self.cell = ""
        elif tag == "p":
            self.para = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.row[1].append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "p" and self.para is not None:
            self.paragraphs.append(self.para.strip())
            self.para = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.para is not None:
            self.para += data


def check_running(rows, say):
    running = None
    for is_sum, cells in rows:
        value = figure(cells[-1])
        if is_sum:
            if running != value:
                say(f"'{cells[0]}' is {value}, the rows above give {running}")
            running = value
        elif running is None:
            running = value
        elif cells[0].startswith("Less "):
            running -= value
        else:
            running += value


def check_trueup(rows, say):
    total = Fraction(0)
    for is_sum, cells in rows[1:]:
        if is_sum:
            if figure(cells[-1]) != total:
                say(f"prior-period adjustment {cells[-1]}, its periods give {total}")
            continue
        paid, owed, diff = (figure(c) for c in cells[1:4])
        if owed - paid != diff:
            say(f"{cells[0]}: {owed} - {paid} is not {diff}")
        total += diff


def check(path):
    page = Page()
    with open(path, encoding="utf-8") as f:
        page.feed(f.read())
    failures = []
    say = lambda what: failures.append(f"{path}: {what}")
    payable = Fraction(0)
    sums = 0
    for rows in page.tables:
        if not any(is_sum for is_sum, _ in rows):
            continue
        sums += 1
        if rows[0][1][0] == "Earlier period":
            check_trueup(rows, say)
            continue
        check_running(rows, say)
        payable += sum(figure(c[-1]) for _, c in rows if c[0].startswith("Payable this "))
    totals = [p for p in page.paragraphs if p.startswith("Total payable for ")]
    if len(totals) != 1 or sums == 0:
        say(f"{len(totals)} total lines, {sums} figure tables")
    elif figure(totals[0].split(":")[1]) != payable:
        say(f"'{totals[0]}' is not the sum {payable} of the components' payable rows")
    return failures


def main():
    failures = [f for path in sys.argv[1:] for f in check(path)]
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
