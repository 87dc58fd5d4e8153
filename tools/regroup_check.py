#!/usr/bin/env python3
# regroup_check.py OLD NEW (issue 15): the statement NEW equals the hand-worked OLD but for
# formatting, checked without the engine.
# It checks that NEW is OLD (a hand-worked golden statement) with only issue 15's formatting:
# every figure's thousands grouped, and the credit-lines list (and its year-to-date line)
# at the currency's 2 decimals, half-up (the plan's mode), from the exact credit in OLD.
import re, sys
from decimal import Decimal, ROUND_HALF_UP
old, new = open(sys.argv[1]).read().split('\n'), open(sys.argv[2]).read().split('\n')
assert len(old) == len(new), "line counts differ"
num = re.compile(r'(?<![\w.-])[-+]?\d+(?:\.\d+)?(?=$|[ ,;:)%])')
def group(m):
    t = m.group(0); sign = t[0] if t[0] in '+-' else ''; t = t.lstrip('+-')
    i, _, f = t.partition('.')
    i = '{:,}'.format(int(i))
    return sign + i + ('.' + f if f else '')
def cents(m):
    v = Decimal(m.group(0)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
    return group(re.match(r'.*', str(v)))
in_lines = False
bad = 0
for o, n in zip(old, new):
    if o.startswith('CREDIT LINES CLOSED IN'): in_lines = True
    elif o == '': in_lines = False
    if in_lines and (re.match(r'  \S+ +\d{4}-\d\d-\d\d ', o) or o.startswith('  Credit year to date')):
        head, tail = (o[:o.rindex('  ') + 2], o[o.rindex('  ') + 2:]) if not o.startswith('  Credit') else ('', o)
        if o.startswith('  Credit'):
            want = re.sub(r'(?<=: )[-\d.]+|(?<=month, )[-\d.]+', cents, o)
        else:
            want = head + cents(re.match(r'.*', tail))
    else:
        want = re.sub(r'(?<=[ (])(?<!year )[-+]?\d{4,}(?:\.\d+)?(?![\d-])', group, o)
    if want != n:
        bad += 1; print('old :', o, '\nwant:', want, '\nnew :', n)
sys.exit(1 if bad else 0)
