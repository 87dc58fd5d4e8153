/*
 * plan.c - loads a comp plan from untrusted XML and checks it.
 *
 * A plan arrives from whoever edits it, so it is parsed as hostile input:
 * the file is read into memory by us (never by libxml2), capped in size,
 * parsed with the network, external entities, DTD loading and XInclude off,
 * and any DOCTYPE is refused.  The tree is then validated against
 * rules/plan.xsd, which is compiled into the library, and only a valid tree
 * is read into a `plan`, applying the checks a schema cannot express
 * (currency, number ranges, tiers, ids, `when` expressions).  Every problem
 * goes to the diag with the plan line of the element at fault; the loader
 * goes on after an error so that one run reports them all.
 */
#include "plan.h"
#include "strbuf.h"
#include "xmlsafe.h"

#include <stdint.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

/* rules/plan.xsd, embedded by tools/embed.sh at build time. */
extern const unsigned char embedded_plan_xsd[];
extern const size_t embedded_plan_xsd_len;

#define PLAN_NS "urn:truce:plan:1"

/* Longest attribute value quoted in a message; longer ones end in "...". */
#define QUOTE_MAX 60

/* Largest half-life accepted: more days than any two dates are apart. */
#define HALF_LIFE_MAX 999999999L

/*
 * Most libxml2 messages reported for one plan, and most it may raise
 * (repeats included).  Past either the parser is stopped and one error says
 * so: an entity expanding to a million references to an undefined entity
 * otherwise makes a 1 KB plan raise 1.6 million errors (found by fuzz_plan;
 * see test_hostile_error_storm in tests/unit/test_plan.c).
 */
#define XML_ERRORS_MAX 100
#define XML_RAISED_MAX 10000

/* ------------------------------------------------------------------ */
/* Names and fixed weights of the attribution models.                  */
/* ------------------------------------------------------------------ */

#define MODEL_COUNT (MODEL_SHAPLEY + 1)

static const char *const model_names[MODEL_COUNT] = {
    [MODEL_LINEAR] = "linear",
    [MODEL_TIME_DECAY] = "time-decay",
    [MODEL_FIRST_TOUCH] = "first-touch",
    [MODEL_LAST_TOUCH] = "last-touch",
    [MODEL_LEAD_CREATION] = "lead-creation",
    [MODEL_U_SHAPED] = "u-shaped",
    [MODEL_W_SHAPED] = "w-shaped",
    [MODEL_FULL_PATH] = "full-path",
    [MODEL_J_SHAPED] = "j-shaped",
    [MODEL_INVERSE_J] = "inverse-j",
    [MODEL_CUSTOM] = "custom",
    [MODEL_MARKOV] = "markov",
    [MODEL_SHAPLEY] = "shapley",
};

static const char *const position_names[POS_COUNT] = {
    [POS_FIRST] = "first",
    [POS_LEAD] = "lead",
    [POS_OPPORTUNITY] = "opportunity",
    [POS_LAST] = "last",
    [POS_MIDDLE] = "middle",
};

/* A weight as an exact fraction num/den; den 0 means "no weight". */
typedef struct { unsigned num, den; } ratio;

/* Contract 3.2's table, in POS_* order (first, lead, opportunity, last, middle). */
static const ratio fixed_weights[MODEL_COUNT][POS_COUNT] = {
    [MODEL_FIRST_TOUCH]   = {{1, 1}, {0, 0}, {0, 0}, {0, 0}, {0, 0}},
    [MODEL_LAST_TOUCH]    = {{0, 0}, {0, 0}, {0, 0}, {1, 1}, {0, 0}},
    [MODEL_LEAD_CREATION] = {{0, 0}, {1, 1}, {0, 0}, {0, 0}, {0, 0}},
    [MODEL_U_SHAPED]      = {{2, 5}, {0, 0}, {0, 0}, {2, 5}, {1, 5}},
    [MODEL_W_SHAPED]      = {{3, 10}, {3, 10}, {3, 10}, {0, 0}, {1, 10}},
    [MODEL_FULL_PATH]     = {{9, 40}, {9, 40}, {9, 40}, {9, 40}, {1, 10}},
    [MODEL_J_SHAPED]      = {{1, 5}, {0, 0}, {0, 0}, {3, 5}, {1, 5}},
    [MODEL_INVERSE_J]     = {{3, 5}, {0, 0}, {0, 0}, {1, 5}, {1, 5}},
};

static const char *const window_names[] = {
    [WINDOW_YEAR] = "year",
    [WINDOW_HALF] = "half",
    [WINDOW_QUARTER] = "quarter",
    [WINDOW_MONTH] = "month",
};

int window_months(attain_window w)
{
    switch (w) {
    case WINDOW_HALF: return 6;
    case WINDOW_QUARTER: return 3;
    case WINDOW_MONTH: return 1;
    default: return 12;
    }
}

const char *attain_window_name(attain_window w)
{
    return (unsigned)w <= WINDOW_MONTH ? window_names[w] : "?";
}

const char *attribution_model_name(attribution_model m)
{
    return (unsigned)m < MODEL_COUNT ? model_names[m] : "?";
}

void split_set_model(split *s, attribution_model m)
{
    s->model = m;
    s->half_life = 7;
    for (int i = 0; i < POS_COUNT; i++) {
        ratio r = m == MODEL_CUSTOM ? (ratio){0, 0} : fixed_weights[m][i];
        mpq_set_ui(s->weight[i], r.den ? r.num : 0, r.den ? r.den : 1);
    }
}

/* The model named `name`, or -1. */
static int model_lookup(const char *name)
{
    for (int m = 0; m < MODEL_COUNT; m++)
        if (strcmp(model_names[m], name) == 0)
            return m;
    return -1;
}

/* The position named `name`, or -1. */
static int position_lookup(const char *name)
{
    for (int i = 0; i < POS_COUNT; i++)
        if (strcmp(position_names[i], name) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------------ */
/* The loader's context and libxml2 error capture.                     */
/* ------------------------------------------------------------------ */

/* What one load reports to: diagnostics name `name`. */
typedef struct loader {
    diag *d;
    const char *name;
    size_t errors_at_start;   /* d->errors when the load began */
    char *last;               /* last libxml2 message reported (owned), to drop repeats */
    long last_line;
    size_t xml_reported;      /* libxml2 messages reported so far (XML_ERRORS_MAX) */
    size_t xml_raised;        /* and raised, repeats included (XML_RAISED_MAX) */
    int xml_stopped;          /* too many: the rest are dropped */
    xmlParserCtxtPtr parser;  /* the parser while it runs, so that too many errors stop it */
} loader;

/* Whether anything went wrong in this load so far. */
static int failed(const loader *ld)
{
    return ld->d->errors > ld->errors_at_start;
}

/*
 * The line of element n: where its start tag ends, as libxml2 counts.  The
 * parser stored it in _private (see start_element); xmlGetLineNo is only a
 * fallback, since on 2.9.14 it guesses from neighbouring text past 65535.
 */
static long node_line(const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE && n->_private)
        return (long)(intptr_t)n->_private;
    long line = xmlGetLineNo(n);
    return line > 0 ? line : 0;
}

/* The line of an error: its node's when it has one, else libxml2's. */
static long error_line(const xmlError *e)
{
    if (e->node) {
        long line = node_line(e->node);
        if (line > 0)
            return line;
    }
    return e->line > 0 ? e->line : 0;
}

/* Turns one libxml2 error into a diagnostic; ctx is the loader. */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ctx, const xmlError *e)
#else
static void on_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    loader *ld = ctx;
    if (ld->xml_stopped)
        return;
    long line = error_line(e);
    if (++ld->xml_raised > XML_RAISED_MAX || ld->xml_reported == XML_ERRORS_MAX) {
        diag_error(ld->d, ld->name, line, 0, "too many XML errors; the rest are not reported");
        ld->xml_stopped = 1;
        if (ld->parser)
            xmlStopParser(ld->parser);
        return;
    }
    strbuf sb = STRBUF_INIT;
    xmlsafe_clean_message(&sb, e->message, PLAN_NS);
    /* Only the parser's errors carry a column (in int2); the schema's do not. */
    long col = e->domain == XML_FROM_PARSER && e->int2 > 0 ? e->int2 : 0;
    /* libxml2 repeats some errors once per nesting level (entity loops): say it once. */
    if (ld->last && line == ld->last_line && strcmp(ld->last, sb.p) == 0) {
        sb_free(&sb);
        return;
    }
    if (e->level == XML_ERR_WARNING)
        diag_warn(ld->d, ld->name, line, col, "%s", sb.p);
    else
        diag_error(ld->d, ld->name, line, col, "%s", sb.p);
    free(ld->last);
    ld->last = sb_detach(&sb);
    ld->last_line = line;
    ld->xml_reported++;
}

/* ------------------------------------------------------------------ */
/* Small helpers for reading the tree.                                 */
/* ------------------------------------------------------------------ */

/* printf arguments quoting s, cut at QUOTE_MAX bytes: use with "'%.*s%s'". */
#define QUOTED(s) (int)(strlen(s) > QUOTE_MAX ? QUOTE_MAX : strlen(s)), (s), \
                  (strlen(s) > QUOTE_MAX ? "..." : "")

/*
 * Parses attribute `what` (value s) as a plan number in the forms `allow`.
 * Reports at `line` and returns -1 when it is not one.
 */
static int parse_number(loader *ld, long line, const char *what, const char *s,
                        unsigned allow, mpq_t out, int *is_percent)
{
    money_status st = money_parse_plan_number(out, s, allow, is_percent);
    if (st == MONEY_OK)
        return 0;
    const char *slash = strchr(s, '/');
    if (st == MONEY_TOO_LONG)
        diag_error(ld->d, ld->name, line, 0, "%s '%.*s%s' has more than %d digits",
                   what, QUOTED(s), MONEY_MAX_DIGITS);
    else if (slash && slash[1] && strspn(slash + 1, "0") == strlen(slash + 1))
        diag_error(ld->d, ld->name, line, 0, "%s '%.*s%s' has a zero denominator",
                   what, QUOTED(s));
    else if (allow & PLAN_NUM_PERCENT)
        diag_error(ld->d, ld->name, line, 0,
                   "%s '%.*s%s' is not a decimal, a percentage or a fraction", what, QUOTED(s));
    else
        diag_error(ld->d, ld->name, line, 0,
                   "%s '%.*s%s' is not an amount (a decimal or a fraction)", what, QUOTED(s));
    return -1;
}

/*
 * Parses a whole number of at most 9 significant digits (leading zeros
 * allowed) into *out; -1 when s is not digits or too large.
 */
static int parse_whole(const char *s, long *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    while (*s == '0' && s[1])
        s++;
    if (strlen(s) > 9)
        return -1;
    long v = 0;
    for (; *s; s++)
        v = v * 10 + (*s - '0');
    *out = v;
    return 0;
}

/* Compiles a `when` attribute; reports at `line` and returns NULL on error. */
static expr *compile_when(loader *ld, long line, const char *src)
{
    char err[256];
    int col = 0;
    expr *e = expr_compile(src, err, sizeof err, &col);
    if (!e) {
        if (col > 0)
            diag_error(ld->d, ld->name, line, 0, "when: %s at column %d", err, col);
        else
            diag_error(ld->d, ld->name, line, 0, "when: %s", err);
    }
    return e;
}

/* ------------------------------------------------------------------ */
/* Duplicate id detection: a small open-addressing set, linear in ids. */
/* ------------------------------------------------------------------ */

typedef struct idset {
    const char **ids;   /* borrowed from the plan being built */
    long *lines;
    size_t cap;         /* a power of two, at least twice the ids */
} idset;

static void idset_init(idset *s, size_t n)
{
    s->cap = 8;
    while (s->cap < 2 * n)
        s->cap *= 2;
    s->ids = xcalloc(s->cap, sizeof *s->ids);
    s->lines = xcalloc(s->cap, sizeof *s->lines);
}

static void idset_free(idset *s)
{
    free(s->ids);
    free(s->lines);
}

/* FNV-1a: ids are short and the set only needs a fair spread. */
static size_t id_hash(const char *id)
{
    size_t h = 2166136261u;
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    return h;
}

/* Adds id (seen at line); returns 0, or the line where it was first seen. */
static long idset_add(idset *s, const char *id, long line)
{
    size_t i = id_hash(id) & (s->cap - 1);
    while (s->ids[i]) {
        if (strcmp(s->ids[i], id) == 0)
            return s->lines[i] > 0 ? s->lines[i] : 1;
        i = (i + 1) & (s->cap - 1);
    }
    s->ids[i] = id;
    s->lines[i] = line;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Building the plan from a schema-valid tree.                         */
/* ------------------------------------------------------------------ */

static void split_init(split *s)
{
    memset(s, 0, sizeof *s);
    mpq_init(s->closer_share);
    mpq_init(s->marketing_share);
    for (int i = 0; i < POS_COUNT; i++)
        mpq_init(s->weight[i]);
    s->model = MODEL_LINEAR;
    s->half_life = 7;
}

static void split_clear(split *s)
{
    expr_free(s->when);
    for (size_t i = 0; i < s->noverlays; i++) {
        free(s->overlays[i].role);
        mpq_clear(s->overlays[i].share);
    }
    free(s->overlays);
    mpq_clear(s->closer_share);
    mpq_clear(s->marketing_share);
    for (int i = 0; i < POS_COUNT; i++)
        mpq_clear(s->weight[i]);
    if (s->fit)
        s->fit_free(s->fit);
}

static void component_init(component *c)
{
    memset(c, 0, sizeof *c);
    mpq_init(c->cap);
    mpq_init(c->pay);
    mpq_init(c->gate_value);
    mpq_init(c->deal_cap);
    mpq_init(c->deal_floor);
    mpq_init(c->target);
    mpq_init(c->draw_amount);
    mpq_init(c->recovery_limit);
    c->gate = GATE_NONE;
    c->release = RELEASE_BOOKING;
    c->clawback = CLAWBACK_NONE;
}

static void component_clear(component *c)
{
    free(c->id);
    for (size_t i = 0; i < c->ntiers; i++) {
        mpq_clear(c->tiers[i].upto);
        mpq_clear(c->tiers[i].rate);
    }
    free(c->tiers);
    mpq_clear(c->cap);
    mpq_clear(c->pay);
    expr_free(c->when);
    mpq_clear(c->gate_value);
    mpq_clear(c->deal_cap);
    mpq_clear(c->deal_floor);
    for (size_t i = 0; i < c->nlevels; i++) {
        mpq_clear(c->levels[i].attainment);
        mpq_clear(c->levels[i].pay);
    }
    free(c->levels);
    for (size_t i = 0; i < c->npoints; i++) {
        mpq_clear(c->points[i].attainment);
        mpq_clear(c->points[i].payout);
    }
    free(c->points);
    mpq_clear(c->target);
    mpq_clear(c->draw_amount);
    mpq_clear(c->recovery_limit);
}

static void rate_table_clear(rate_table *t)
{
    free(t->id);
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->nfields; j++)
            free(t->rows[i].values[j]);
        free(t->rows[i].values);
        mpq_clear(t->rows[i].rate);
    }
    free(t->rows);
    for (size_t j = 0; j < t->nfields; j++)
        free(t->fields[j]);
    free(t->fields);
    free(t->cols);
    mpq_clear(t->default_rate);
}

/* Parses a date attribute; reports and returns -1 when it is not a real date. */
static int parse_date_attr(loader *ld, long line, const char *what, const char *s, day_t *out)
{
    if (date_parse(s, strlen(s), out) == 0)
        return 0;
    diag_error(ld->d, ld->name, line, 0, "%s '%.*s%s' is not a real date (YYYY-MM-DD)",
               what, QUOTED(s));
    return -1;
}

/*
 * Reads effective-from and effective-to of <plan> (defaults: the plan year's
 * first and last day) and checks them: in the plan year, from on the first
 * of a month, to on the last day of a month, from not after to.
 */
static void load_effective(loader *ld, xmlNode *n, plan *p)
{
    long line = p->line;
    char *from = xmlsafe_attr(n, "effective-from"), *to = xmlsafe_attr(n, "effective-to");
    int year = p->year ? p->year : 1;
    p->effective_from = date_from_ymd(year, 1, 1);
    p->effective_to = date_from_ymd(year, 12, 31);
    p->has_effective_from = from != NULL;
    p->has_effective_to = to != NULL;
    int from_ok = !from || parse_date_attr(ld, line, "effective-from", from, &p->effective_from) == 0;
    int to_ok = !to || parse_date_attr(ld, line, "effective-to", to, &p->effective_to) == 0;
    char a[11], b[11];
    int y, m, d;
    date_format(p->effective_from, a);
    date_format(p->effective_to, b);
    if (from && from_ok) {
        date_to_ymd(p->effective_from, &y, &m, &d);
        if (p->year && y != p->year) {
            diag_error(ld->d, ld->name, line, 0, "effective-from %s is not in the plan year %d",
                       a, p->year);
            from_ok = 0;
        } else if (d != 1) {
            diag_error(ld->d, ld->name, line, 0,
                       "effective-from %s is not the first day of a month", a);
            from_ok = 0;
        }
    }
    if (to && to_ok) {
        date_to_ymd(p->effective_to, &y, &m, &d);
        if (p->year && y != p->year) {
            diag_error(ld->d, ld->name, line, 0, "effective-to %s is not in the plan year %d",
                       b, p->year);
            to_ok = 0;
        } else if (d != date_days_in_month(y, m)) {
            diag_error(ld->d, ld->name, line, 0,
                       "effective-to %s is not the last day of a month", b);
            to_ok = 0;
        }
    }
    if (from_ok && to_ok && p->effective_from > p->effective_to)
        diag_error(ld->d, ld->name, line, 0, "effective-from %s is after effective-to %s", a, b);
    free(from);
    free(to);
}

/* Reads the attributes of <plan>. */
static void load_plan_attrs(loader *ld, xmlNode *n, plan *p)
{
    long line = node_line(n);
    char *id = xmlsafe_attr(n, "id"), *year = xmlsafe_attr(n, "year");
    char *currency = xmlsafe_attr(n, "currency"), *rounding = xmlsafe_attr(n, "rounding");

    p->id = id ? id : xstrdup("");   /* the plan owns it from here */

    long y = 0;
    if (!year || parse_whole(year, &y) < 0 || y < 1 || y > 9999)
        diag_error(ld->d, ld->name, line, 0, "year '%.*s%s' is not between 1 and 9999",
                   QUOTED(year ? year : ""));
    else
        p->year = (int)y;

    int minor = currency && strlen(currency) == 3 ? currency_minor_unit(currency) : -1;
    if (minor < 0) {
        diag_error(ld->d, ld->name, line, 0, "unknown currency '%.*s%s'",
                   QUOTED(currency ? currency : ""));
    } else {
        memcpy(p->currency, currency, 4);
        p->minor_unit = (unsigned)minor;
    }

    p->rounding = ROUND_HALF_UP;
    if (rounding && round_mode_parse(rounding, &p->rounding) < 0)
        diag_error(ld->d, ld->name, line, 0, "unknown rounding '%.*s%s'", QUOTED(rounding));

    p->line = line;
    load_effective(ld, n, p);

    free(year);
    free(currency);
    free(rounding);
}

/* Reads the <weight> children of a custom <marketing> into s->weight. */
static void load_custom_weights(loader *ld, xmlNode *n, split *s)
{
    long seen[POS_COUNT] = {0};
    size_t count = 0;
    for (xmlNode *w = n->children; w; w = w->next) {
        if (!xmlsafe_is_element(w, "weight"))
            continue;
        count++;
        long line = node_line(w);
        char *at = xmlsafe_attr(w, "at"), *value = xmlsafe_attr(w, "value");
        int pos = at ? position_lookup(at) : -1;
        if (pos < 0) {
            diag_error(ld->d, ld->name, line, 0, "unknown position '%.*s%s'",
                       QUOTED(at ? at : ""));
        } else if (seen[pos]) {
            diag_error(ld->d, ld->name, line, 0,
                       "custom model weighs position '%s' twice (first at line %ld)",
                       position_names[pos], seen[pos]);
        } else {
            seen[pos] = line > 0 ? line : 1;
            parse_number(ld, line, "value", value ? value : "", PLAN_NUM_ANY, s->weight[pos], NULL);
        }
        free(at);
        free(value);
    }
    if (count == 0)
        diag_error(ld->d, ld->name, s->marketing_line, 0,
                   "a custom model needs at least one <weight>");
}

/* trained-on: a period, which markov and shapley need and no other model takes (issue 17);
   that it ends before the plan year is checked by check_trained_on. */
static void load_trained_on(loader *ld, long line, split *s, const char *model, const char *text)
{
    int data = s->model == MODEL_MARKOV || s->model == MODEL_SHAPLEY;
    if (!text) {
        if (data)
            diag_error(ld->d, ld->name, line, 0, "model %s needs trained-on=\"...\": the period "
                       "of the deals its weights are fitted on, before the plan year", model);
    } else if (!data) {
        diag_error(ld->d, ld->name, line, 0,
                   "trained-on is allowed only with model markov or shapley, not %s", model);
    } else if (period_parse_any(text, &s->trained_on) != 0) {
        diag_error(ld->d, ld->name, line, 0, "trained-on '%.*s%s' is not a period (" PERIOD_FORMS
                   ")", QUOTED(text));
    }
}

/* A trained-on period must end before the plan year starts, so that deals arriving later never
   change a closed month (issue 17). */
static void check_trained_on(loader *ld, const plan *p, const split *s)
{
    if (s->trained_on.year == 0 || s->trained_on.year < p->year)
        return;
    char text[PERIOD_TEXT_SIZE];
    period_format(&s->trained_on, text);
    diag_error(ld->d, ld->name, s->marketing_line, 0,
               "trained-on %s does not end before the plan year %d starts: the weights must be "
               "fitted on deals closed before it", text, p->year);
}

/* Reads <marketing>: share, model, half-life, trained-on and weights. */
static void load_marketing(loader *ld, xmlNode *n, split *s)
{
    long line = node_line(n);
    char *share = xmlsafe_attr(n, "share"), *model = xmlsafe_attr(n, "model");
    char *half_life = xmlsafe_attr(n, "half-life"), *trained = xmlsafe_attr(n, "trained-on");

    s->has_marketing = 1;
    s->marketing_line = line;
    parse_number(ld, line, "share", share ? share : "", PLAN_NUM_ANY, s->marketing_share, NULL);

    int m = model ? model_lookup(model) : -1;
    if (m < 0) {
        diag_error(ld->d, ld->name, line, 0, "unknown attribution model '%.*s%s'",
                   QUOTED(model ? model : ""));
        goto out;
    }
    s->model = (attribution_model)m;
    load_trained_on(ld, line, s, model, trained);

    if (half_life) {
        long h = 0;
        if (s->model != MODEL_TIME_DECAY)
            diag_error(ld->d, ld->name, line, 0,
                       "half-life is allowed only with model time-decay, not %s", model);
        else if (parse_whole(half_life, &h) < 0 || h > HALF_LIFE_MAX)
            diag_error(ld->d, ld->name, line, 0,
                       "half-life '%.*s%s' is not a whole number of days from 1 to %ld",
                       QUOTED(half_life), HALF_LIFE_MAX);
        else if (h < 1)
            diag_error(ld->d, ld->name, line, 0, "half-life must be at least 1 day");
        else
            s->half_life = h;
    }

    if (s->model == MODEL_CUSTOM) {
        load_custom_weights(ld, n, s);
    } else {
        for (xmlNode *w = n->children; w; w = w->next) {
            if (xmlsafe_is_element(w, "weight")) {
                diag_error(ld->d, ld->name, node_line(w), 0,
                           "<weight> is allowed only with model custom, not %s", model);
                break;
            }
        }
        for (int i = 0; i < POS_COUNT; i++) {
            ratio r = fixed_weights[m][i];
            if (r.den)
                mpq_set_ui(s->weight[i], r.num, r.den);
            mpq_canonicalize(s->weight[i]);
        }
    }
out:
    free(share);
    free(model);
    free(half_life);
    free(trained);
}

/* Reads one <split>. */
static void load_split(loader *ld, xmlNode *n, split *s)
{
    s->line = node_line(n);
    char *when = xmlsafe_attr(n, "when");
    if (when)
        s->when = compile_when(ld, s->line, when);
    free(when);
    char *overlay = xmlsafe_attr(n, "overlay");  /* xs:boolean, checked by the schema; lint reads it */
    s->overlay = overlay && (strcmp(overlay, "true") == 0 || strcmp(overlay, "1") == 0);
    free(overlay);

    size_t count = xmlsafe_count_children(n, "overlay");
    s->overlays = count ? xcalloc(count, sizeof *s->overlays) : NULL;
    idset roles;
    idset_init(&roles, count);
    for (xmlNode *c = n->children; c; c = c->next) {
        if (xmlsafe_is_element(c, "overlay")) {
            overlay_share *o = &s->overlays[s->noverlays++];
            o->line = node_line(c);
            o->role = xmlsafe_attr(c, "role");
            if (!o->role)
                o->role = xstrdup("");
            mpq_init(o->share);
            char *share = xmlsafe_attr(c, "share");
            parse_number(ld, o->line, "share", share ? share : "", PLAN_NUM_ANY, o->share, NULL);
            free(share);
            long first = idset_add(&roles, o->role, o->line);
            if (first)
                diag_error(ld->d, ld->name, o->line, 0,
                           "duplicate overlay role '%.*s%s' in this split (first at line %ld)",
                           QUOTED(o->role), first);
        } else if (xmlsafe_is_element(c, "closer")) {
            char *share = xmlsafe_attr(c, "share");
            s->has_closer = 1;
            s->closer_line = node_line(c);
            parse_number(ld, s->closer_line, "share", share ? share : "", PLAN_NUM_ANY,
                         s->closer_share, NULL);
            free(share);
        } else if (xmlsafe_is_element(c, "marketing")) {
            load_marketing(ld, c, s);
        }
    }
    idset_free(&roles);
}

/* Reads one <rollup>: scope defaults to direct, share to 100%. */
static void load_rollup(loader *ld, xmlNode *n, rollup *r)
{
    r->line = node_line(n);
    r->role = xmlsafe_attr(n, "role");
    if (!r->role)
        r->role = xstrdup("");
    r->scope = ROLLUP_DIRECT;
    mpq_init(r->share);
    mpq_set_ui(r->share, 1, 1);
    char *scope = xmlsafe_attr(n, "scope"), *share = xmlsafe_attr(n, "share");
    if (scope && strcmp(scope, "subtree") == 0)
        r->scope = ROLLUP_SUBTREE;
    else if (scope && strcmp(scope, "direct") != 0)
        diag_error(ld->d, ld->name, r->line, 0, "unknown scope '%.*s%s'", QUOTED(scope));
    if (share)
        parse_number(ld, r->line, "share", share, PLAN_NUM_ANY, r->share, NULL);
    free(scope);
    free(share);
}

/* Reads <credit> into p->splits. */
static void load_credit(loader *ld, xmlNode *n, plan *p)
{
    size_t count = xmlsafe_count_children(n, "split");
    p->splits = xcalloc(count, sizeof *p->splits);
    for (xmlNode *c = n->children; c; c = c->next) {
        if (!xmlsafe_is_element(c, "split"))
            continue;
        split *s = &p->splits[p->nsplits++];
        split_init(s);
        load_split(ld, c, s);
        check_trained_on(ld, p, s);
    }
    count = xmlsafe_count_children(n, "rollup");
    p->rollups = count ? xcalloc(count, sizeof *p->rollups) : NULL;
    idset roles;
    idset_init(&roles, count);
    for (xmlNode *c = n->children; c; c = c->next) {
        if (!xmlsafe_is_element(c, "rollup"))
            continue;
        rollup *r = &p->rollups[p->nrollups++];
        load_rollup(ld, c, r);
        long first = idset_add(&roles, r->role, r->line);
        if (first)
            diag_error(ld->d, ld->name, r->line, 0,
                       "duplicate rollup role '%.*s%s' (first at line %ld)",
                       QUOTED(r->role), first);
    }
    idset_free(&roles);
}

/* What the tiers read so far say about the limits of one commission. */
typedef struct tier_walk {
    const tier *prev;      /* the last tier with a valid limit, or NULL */
    int mixed_reported;    /* the %/amount mix is reported once per commission */
} tier_walk;

/*
 * Checks tier i of the n tiers of commission c, whose limit (if any) parsed:
 * only the last tier lacks upto; limits are all % or all amounts (the first
 * limit decides), above zero, strictly increasing.
 */
static void check_tier(loader *ld, component *c, size_t i, size_t n, int is_percent, tier_walk *w)
{
    tier *t = &c->tiers[i];
    if (!t->has_upto) {
        if (i + 1 < n)
            diag_error(ld->d, ld->name, t->line, 0,
                       "only the last tier of commission '%s' may omit upto", c->id);
        return;
    }
    if (i + 1 == n) {
        diag_error(ld->d, ld->name, t->line, 0,
                   "the last tier of commission '%s' must not have upto", c->id);
        return;
    }
    if (!w->prev)
        c->upto_percent = is_percent;
    if (is_percent != c->upto_percent) {
        if (!w->mixed_reported)
            diag_error(ld->d, ld->name, t->line, 0,
                       "the limits of commission '%s' mix percentages and amounts", c->id);
        w->mixed_reported = 1;
        return;
    }
    if (mpq_sgn(t->upto) <= 0) {
        diag_error(ld->d, ld->name, t->line, 0, "tier limit must be above zero");
        return;
    }
    if (w->prev && mpq_cmp(t->upto, w->prev->upto) <= 0)
        diag_error(ld->d, ld->name, t->line, 0,
                   "tier limit is not above the previous limit (line %ld)", w->prev->line);
    w->prev = t;
}

/* Reads the tiers of <commission> into c and checks them; rate tables are p's. */
static void load_tiers(loader *ld, xmlNode *n, const plan *p, component *c)
{
    size_t count = xmlsafe_count_children(n, "tier");
    if (count > PLAN_MAX_TIERS)
        diag_error(ld->d, ld->name, node_line(n), 0, "commission '%s' has more than %d tiers",
                   c->id, PLAN_MAX_TIERS);
    c->tiers = xcalloc(count, sizeof *c->tiers);
    tier_walk w = {NULL, 0};
    for (xmlNode *x = n->children; x; x = x->next) {
        if (!xmlsafe_is_element(x, "tier"))
            continue;
        size_t i = c->ntiers++;
        tier *t = &c->tiers[i];
        mpq_init(t->upto);
        mpq_init(t->rate);
        t->line = node_line(x);
        char *upto = xmlsafe_attr(x, "upto"), *rate = xmlsafe_attr(x, "rate");
        char *table = xmlsafe_attr(x, "rate-table");
        if (rate && table)
            diag_error(ld->d, ld->name, t->line, 0, "tier has both rate and rate-table");
        else if (!rate && !table)
            diag_error(ld->d, ld->name, t->line, 0, "tier needs a rate or a rate-table");
        else if (rate)
            parse_number(ld, t->line, "rate", rate, PLAN_NUM_ANY, t->rate, NULL);
        else if (!(t->table = plan_find_table(p, table)))
            diag_error(ld->d, ld->name, t->line, 0, "tier names unknown rate table '%.*s%s'",
                       QUOTED(table));
        free(table);
        int is_percent = 0, ok = 1;
        if (upto) {
            t->has_upto = 1;
            ok = parse_number(ld, t->line, "upto", upto, PLAN_NUM_ANY, t->upto, &is_percent) == 0;
        }
        if (ok)
            check_tier(ld, c, i, count, is_percent, &w);
        free(upto);
        free(rate);
    }
}

/* Reads the window attribute of a commission, bonus or curve (default year). */
static void load_window(loader *ld, xmlNode *n, component *c)
{
    char *window = xmlsafe_attr(n, "window");
    c->window = WINDOW_YEAR;
    if (window) {
        int w = WINDOW_MONTH;
        while (w >= WINDOW_YEAR && strcmp(window_names[w], window) != 0)
            w--;
        if (w < WINDOW_YEAR)
            diag_error(ld->d, ld->name, c->line, 0, "unknown window '%.*s%s'", QUOTED(window));
        else
            c->window = (attain_window)w;
        free(window);
    }
}

/* An xs:boolean attribute (whitespace collapsed by the schema): 1 for "true" or "1". */
static int attr_true(xmlNode *n, const char *name)
{
    char *v = xmlsafe_attr(n, name);
    int yes = 0;
    if (v) {
        const char *s = v + strspn(v, " \t\r\n");
        size_t len = strcspn(s, " \t\r\n");
        yes = (len == 4 && strncmp(s, "true", 4) == 0) || (len == 1 && *s == '1');
    }
    free(v);
    return yes;
}

/* Reads an amount attribute into out when present; returns whether it was. */
static int load_amount(loader *ld, xmlNode *n, long line, const char *name, mpq_t out)
{
    char *v = xmlsafe_attr(n, name);
    if (!v)
        return 0;
    parse_number(ld, line, name, v, PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION, out, NULL);
    free(v);
    return 1;
}

/* Reads <clawback policy="..." within-days="..."/> of commission c. */
static void load_clawback(loader *ld, xmlNode *n, component *c)
{
    long line = node_line(n);
    char *policy = xmlsafe_attr(n, "policy"), *within = xmlsafe_attr(n, "within-days");
    c->clawback_line = line > 0 ? line : 1;
    if (policy && strcmp(policy, "original-rate") == 0)
        c->clawback = CLAWBACK_ORIGINAL_RATE;
    else if (policy && strcmp(policy, "recalculate") == 0)
        c->clawback = CLAWBACK_RECALCULATE;
    else
        diag_error(ld->d, ld->name, line, 0, "unknown clawback policy '%.*s%s'",
                   QUOTED(policy ? policy : ""));
    c->has_within_days = within != NULL;
    if (within && parse_whole(within, &c->within_days) < 0)
        diag_error(ld->d, ld->name, line, 0,
                   "within-days '%.*s%s' is not a whole number of days from 0 to 999999999",
                   QUOTED(within));
    free(policy);
    free(within);
}

/* Reads the issue-6 attributes of <commission>: gate, gate-pay, deal-cap, deal-floor, release. */
static void load_pay_attrs(loader *ld, xmlNode *n, component *c)
{
    char *gate = xmlsafe_attr(n, "gate"), *gpay = xmlsafe_attr(n, "gate-pay");
    char *release = xmlsafe_attr(n, "release");
    if (gate) {
        c->gate = GATE_RETROACTIVE;
        parse_number(ld, c->line, "gate", gate, PLAN_NUM_ANY, c->gate_value, &c->gate_percent);
    }
    if (gpay) {
        if (strcmp(gpay, "forward") == 0)
            c->gate = gate ? GATE_FORWARD : GATE_NONE;
        else if (strcmp(gpay, "retroactive") != 0)
            diag_error(ld->d, ld->name, c->line, 0, "unknown gate-pay '%.*s%s'", QUOTED(gpay));
        if (!gate)
            diag_error(ld->d, ld->name, c->line, 0, "commission '%s': gate-pay needs a gate",
                       c->id);
    }
    if (release) {
        if (strcmp(release, "payment") == 0)
            c->release = RELEASE_PAYMENT;
        else if (strcmp(release, "full-payment") == 0)
            c->release = RELEASE_FULL_PAYMENT;
        else if (strcmp(release, "booking") != 0)
            diag_error(ld->d, ld->name, c->line, 0, "unknown release '%.*s%s'", QUOTED(release));
    }
    c->has_deal_cap = load_amount(ld, n, c->line, "deal-cap", c->deal_cap);
    c->has_deal_floor = load_amount(ld, n, c->line, "deal-floor", c->deal_floor);
    if (c->has_deal_cap && c->has_deal_floor && mpq_cmp(c->deal_floor, c->deal_cap) > 0) {
        char *cap = xmlsafe_attr(n, "deal-cap"), *floor = xmlsafe_attr(n, "deal-floor");
        diag_error(ld->d, ld->name, c->line, 0,
                   "commission '%s': deal-floor %.*s%s is above deal-cap %.*s%s", c->id,
                   QUOTED(floor), QUOTED(cap));
        free(cap);
        free(floor);
    }
    for (xmlNode *x = n->children; x; x = x->next)
        if (xmlsafe_is_element(x, "clawback"))
            load_clawback(ld, x, c);
    free(gate);
    free(gpay);
    free(release);
}

/* Reads <commission>; rate tables are p's. */
static void load_commission(loader *ld, xmlNode *n, const plan *p, component *c)
{
    char *mode = xmlsafe_attr(n, "mode"), *cap = xmlsafe_attr(n, "cap");
    c->kind = COMP_COMMISSION;
    if (mode && strcmp(mode, "retroactive") == 0)
        c->retroactive = 1;
    else if (mode && strcmp(mode, "marginal") != 0)
        diag_error(ld->d, ld->name, c->line, 0, "unknown mode '%.*s%s'", QUOTED(mode));
    load_window(ld, n, c);
    if (cap) {
        c->has_cap = 1;
        parse_number(ld, c->line, "cap", cap, PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION, c->cap, NULL);
    }
    load_pay_attrs(ld, n, c);
    load_tiers(ld, n, p, c);
    free(mode);
    free(cap);
}

/* Reads <spif>; from/to default to the plan year. */
static void load_spif(loader *ld, xmlNode *n, const plan *p, component *c)
{
    char *when = xmlsafe_attr(n, "when"), *pay = xmlsafe_attr(n, "pay");
    char *from = xmlsafe_attr(n, "from"), *to = xmlsafe_attr(n, "to");
    c->kind = COMP_SPIF;
    if (when)
        c->when = compile_when(ld, c->line, when);
    parse_number(ld, c->line, "pay", pay ? pay : "", PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION,
                 c->pay, NULL);
    int year = p->year ? p->year : 1;
    c->from = date_from_ymd(year, 1, 1);
    c->to = date_from_ymd(year, 12, 31);
    int ok = 1;
    if (from && parse_date_attr(ld, c->line, "from", from, &c->from) < 0)
        ok = 0;
    if (to && parse_date_attr(ld, c->line, "to", to, &c->to) < 0)
        ok = 0;
    if (ok && c->from > c->to) {
        char a[11], b[11];
        date_format(c->from, a);
        date_format(c->to, b);
        diag_error(ld->d, ld->name, c->line, 0, "spif '%s' starts (%s) after it ends (%s)",
                   c->id, a, b);
    }
    free(when);
    free(pay);
    free(from);
    free(to);
}

/* Reads <bonus> and its levels: at least one, above 0, strictly increasing. */
static void load_bonus(loader *ld, xmlNode *n, component *c)
{
    c->kind = COMP_BONUS;
    load_window(ld, n, c);
    size_t count = xmlsafe_count_children(n, "level");
    c->levels = xcalloc(count ? count : 1, sizeof *c->levels);
    const bonus_level *prev = NULL;
    for (xmlNode *x = n->children; x; x = x->next) {
        if (!xmlsafe_is_element(x, "level"))
            continue;
        bonus_level *l = &c->levels[c->nlevels++];
        l->line = node_line(x);
        mpq_init(l->attainment);
        mpq_init(l->pay);
        char *at = xmlsafe_attr(x, "attainment"), *pay = xmlsafe_attr(x, "pay");
        int ok = parse_number(ld, l->line, "attainment", at ? at : "", PLAN_NUM_ANY,
                              l->attainment, NULL) == 0;
        parse_number(ld, l->line, "pay", pay ? pay : "", PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION,
                     l->pay, NULL);
        if (ok && mpq_sgn(l->attainment) <= 0) {
            diag_error(ld->d, ld->name, l->line, 0, "level attainment must be above zero");
        } else if (ok) {
            if (prev && mpq_cmp(l->attainment, prev->attainment) <= 0)
                diag_error(ld->d, ld->name, l->line, 0,
                           "level attainment is not above the previous level (line %ld)",
                           prev->line);
            prev = l;
        }
        free(at);
        free(pay);
    }
    if (count == 0)
        diag_error(ld->d, ld->name, c->line, 0, "bonus '%s' has no level", c->id);
}

/* Reads <curve> and its points: at least two, the first at 0, strictly increasing. */
static void load_curve(loader *ld, xmlNode *n, component *c)
{
    c->kind = COMP_CURVE;
    load_window(ld, n, c);
    load_amount(ld, n, c->line, "target", c->target);
    c->extend = attr_true(n, "extend");
    size_t count = xmlsafe_count_children(n, "point");
    c->points = xcalloc(count ? count : 1, sizeof *c->points);
    const curve_point *prev = NULL;
    for (xmlNode *x = n->children; x; x = x->next) {
        if (!xmlsafe_is_element(x, "point"))
            continue;
        curve_point *pt = &c->points[c->npoints++];
        pt->line = node_line(x);
        mpq_init(pt->attainment);
        mpq_init(pt->payout);
        char *at = xmlsafe_attr(x, "attainment"), *payout = xmlsafe_attr(x, "payout");
        int ok = parse_number(ld, pt->line, "attainment", at ? at : "", PLAN_NUM_ANY,
                              pt->attainment, NULL) == 0;
        parse_number(ld, pt->line, "payout", payout ? payout : "", PLAN_NUM_ANY, pt->payout, NULL);
        if (ok && c->npoints == 1 && mpq_sgn(pt->attainment) != 0)
            diag_error(ld->d, ld->name, pt->line, 0,
                       "the first point of curve '%s' must be at attainment 0%%", c->id);
        else if (ok && prev && mpq_cmp(pt->attainment, prev->attainment) <= 0)
            diag_error(ld->d, ld->name, pt->line, 0,
                       "point attainment is not above the previous point (line %ld)", prev->line);
        if (ok)
            prev = pt;
        free(at);
        free(payout);
    }
    if (count < 2)
        diag_error(ld->d, ld->name, c->line, 0, "curve '%s' has fewer than 2 points", c->id);
}

/* Reads <draw>; recovery-limit and forgive need recoverable="true". */
static void load_draw(loader *ld, xmlNode *n, component *c)
{
    c->kind = COMP_DRAW;
    load_amount(ld, n, c->line, "amount", c->draw_amount);
    c->recoverable = attr_true(n, "recoverable");
    c->has_recovery_limit = load_amount(ld, n, c->line, "recovery-limit", c->recovery_limit);
    char *forgive = xmlsafe_attr(n, "forgive");
    if (forgive) {
        c->has_forgive = 1;
        parse_date_attr(ld, c->line, "forgive", forgive, &c->forgive);
    }
    if (!c->recoverable && c->has_recovery_limit)
        diag_error(ld->d, ld->name, c->line, 0,
                   "draw '%s': recovery-limit needs recoverable=\"true\"", c->id);
    if (!c->recoverable && forgive)
        diag_error(ld->d, ld->name, c->line, 0, "draw '%s': forgive needs recoverable=\"true\"",
                   c->id);
    free(forgive);
}

/* Whether x is a component element: <commission>, <spif>, <bonus>, <curve> or <draw>. */
static int is_component(xmlNode *x)
{
    return xmlsafe_is_element(x, "commission") || xmlsafe_is_element(x, "spif") ||
           xmlsafe_is_element(x, "bonus") || xmlsafe_is_element(x, "curve") ||
           xmlsafe_is_element(x, "draw");
}

/* Reads one <role> and its components, in plan order. */
static void load_role(loader *ld, xmlNode *n, const plan *p, role *r)
{
    r->line = node_line(n);
    r->id = xmlsafe_attr(n, "id");
    if (!r->id)
        r->id = xstrdup("");
    size_t count = 0;
    for (xmlNode *x = n->children; x; x = x->next)
        count += is_component(x);
    r->components = xcalloc(count, sizeof *r->components);
    idset ids;
    idset_init(&ids, count);
    long first_draw = 0;
    for (xmlNode *x = n->children; x; x = x->next) {
        if (!is_component(x))
            continue;
        component *c = &r->components[r->ncomponents++];
        component_init(c);
        c->line = node_line(x);
        c->id = xmlsafe_attr(x, "id");
        if (!c->id)
            c->id = xstrdup("");
        long first = idset_add(&ids, c->id, c->line);
        if (first)
            diag_error(ld->d, ld->name, c->line, 0,
                       "duplicate component id '%s' in role '%s' (first at line %ld)",
                       c->id, r->id, first);
        if (xmlsafe_is_element(x, "commission")) {
            load_commission(ld, x, p, c);
        } else if (xmlsafe_is_element(x, "spif")) {
            load_spif(ld, x, p, c);
        } else if (xmlsafe_is_element(x, "bonus")) {
            load_bonus(ld, x, c);
        } else if (xmlsafe_is_element(x, "curve")) {
            load_curve(ld, x, c);
        } else {
            load_draw(ld, x, c);
            if (first_draw)
                diag_error(ld->d, ld->name, c->line, 0,
                           "role '%s' has more than one draw (first at line %ld)", r->id,
                           first_draw);
            else
                first_draw = c->line > 0 ? c->line : 1;
        }
    }
    idset_free(&ids);
}

/*
 * Splits s into its space-separated words (runs of spaces separate, none is
 * empty); returns the count and sets *out (caller frees each and the array).
 */
static size_t split_words(const char *s, char ***out)
{
    size_t n = 0, cap = 4;
    char **v = xmalloc(cap * sizeof *v);
    for (;;) {
        s += strspn(s, " ");
        size_t len = strcspn(s, " ");
        if (len == 0)
            break;
        if (n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n] = xmalloc(len + 1);
        memcpy(v[n], s, len);
        v[n][len] = '\0';
        n++;
        s += len;
    }
    *out = v;
    return n;
}

static void free_words(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Whether rows a and b of a table with n fields have the same values. */
static int same_values(const rate_row *a, const rate_row *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a->values[i], b->values[i]) != 0)
            return 0;
    return 1;
}

/* Reads one <row> of table t into t->rows (only when its value count is right). */
static void load_rate_row(loader *ld, xmlNode *x, rate_table *t)
{
    long line = node_line(x);
    char *values = xmlsafe_attr(x, "values"), *rate = xmlsafe_attr(x, "rate");
    char **v;
    size_t n = split_words(values ? values : "", &v);
    if (n != t->nfields) {
        diag_error(ld->d, ld->name, line, 0, "row has %zu value%s but rate table '%s' has %zu field%s",
                   n, n == 1 ? "" : "s", t->id, t->nfields, t->nfields == 1 ? "" : "s");
        free_words(v, n);
    } else {
        rate_row *r = &t->rows[t->nrows++];
        r->line = line;
        r->values = v;
        mpq_init(r->rate);
        parse_number(ld, line, "rate", rate ? rate : "", PLAN_NUM_ANY, r->rate, NULL);
        /* Tables are small and written by hand: a quadratic scan is fine. */
        for (size_t i = 0; i + 1 < t->nrows; i++)
            if (same_values(&t->rows[i], r, t->nfields)) {
                diag_error(ld->d, ld->name, line, 0,
                           "row values '%.*s%s' repeat the row at line %ld of rate table '%s'",
                           QUOTED(values), t->rows[i].line, t->id);
                break;
            }
    }
    free(values);
    free(rate);
}

/* Reads one <rate-table>: fields, rows, default. */
static void load_rate_table(loader *ld, xmlNode *n, rate_table *t)
{
    t->line = node_line(n);
    t->id = xmlsafe_attr(n, "id");
    if (!t->id)
        t->id = xstrdup("");
    mpq_init(t->default_rate);
    char *fields = xmlsafe_attr(n, "fields");
    t->nfields = split_words(fields ? fields : "", &t->fields);
    free(fields);
    t->cols = xmalloc((t->nfields ? t->nfields : 1) * sizeof *t->cols);
    for (size_t i = 0; i < t->nfields; i++) {
        t->cols[i] = -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->fields[i], t->fields[j]) == 0) {
                diag_error(ld->d, ld->name, t->line, 0, "rate table '%s' names field '%.*s%s' twice",
                           t->id, QUOTED(t->fields[i]));
                break;
            }
    }
    if (t->nfields == 0)
        diag_error(ld->d, ld->name, t->line, 0, "rate table '%s' has no fields", t->id);
    size_t count = xmlsafe_count_children(n, "row");
    t->rows = xcalloc(count ? count : 1, sizeof *t->rows);
    for (xmlNode *x = n->children; x; x = x->next) {
        if (xmlsafe_is_element(x, "row") && t->nfields > 0) {
            load_rate_row(ld, x, t);
        } else if (xmlsafe_is_element(x, "default")) {
            char *rate = xmlsafe_attr(x, "rate");
            t->has_default = 1;
            parse_number(ld, node_line(x), "rate", rate ? rate : "", PLAN_NUM_ANY,
                         t->default_rate, NULL);
            free(rate);
        }
    }
    if (count == 0 && !t->has_default)
        diag_error(ld->d, ld->name, t->line, 0, "rate table '%s' has no row and no default", t->id);
}

/* Reads every <rate-table> of <plan> (before the roles, whose tiers point into them). */
static void load_rate_tables(loader *ld, xmlNode *root, plan *p)
{
    size_t count = xmlsafe_count_children(root, "rate-table");
    p->tables = count ? xcalloc(count, sizeof *p->tables) : NULL;
    idset ids;
    idset_init(&ids, count);
    for (xmlNode *x = root->children; x; x = x->next) {
        if (!xmlsafe_is_element(x, "rate-table"))
            continue;
        rate_table *t = &p->tables[p->ntables++];
        load_rate_table(ld, x, t);
        long first = idset_add(&ids, t->id, t->line);
        if (first)
            diag_error(ld->d, ld->name, t->line, 0, "duplicate rate-table id '%s' (first at line %ld)",
                       t->id, first);
    }
    idset_free(&ids);
}

/* Reads every <role> of <plan>. */
static void load_roles(loader *ld, xmlNode *root, plan *p)
{
    size_t count = xmlsafe_count_children(root, "role");
    p->roles = xcalloc(count, sizeof *p->roles);
    idset ids;
    idset_init(&ids, count);
    for (xmlNode *x = root->children; x; x = x->next) {
        if (!xmlsafe_is_element(x, "role"))
            continue;
        role *r = &p->roles[p->nroles++];
        load_role(ld, x, p, r);
        long first = idset_add(&ids, r->id, r->line);
        if (first)
            diag_error(ld->d, ld->name, r->line, 0, "duplicate role id '%s' (first at line %ld)",
                       r->id, first);
    }
    idset_free(&ids);
}

/* Builds the plan from a schema-valid document; NULL if a check failed. */
static plan *build_plan(loader *ld, xmlNode *root)
{
    plan *p = xcalloc(1, sizeof *p);
    p->file = xstrdup(ld->name);
    load_plan_attrs(ld, root, p);
    for (xmlNode *c = root->children; c; c = c->next)
        if (xmlsafe_is_element(c, "credit"))
            load_credit(ld, c, p);
    load_rate_tables(ld, root, p);
    load_roles(ld, root, p);
    if (failed(ld)) {
        plan_free(p);
        return NULL;
    }
    return p;
}

/* ------------------------------------------------------------------ */
/* Checks on the raw tree, before and by the schema.                   */
/* ------------------------------------------------------------------ */

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* Whether n is in the plan namespace. */
static int in_plan_ns(const xmlNode *n)
{
    return n->ns && strcmp((const char *)n->ns->href, PLAN_NS) == 0;
}

/*
 * Walks the tree (no deeper than PLAN_MAX_DEPTH, so the walk itself is
 * bounded) reporting the first element nested too deep, elements outside
 * the plan namespace, and xsi: attributes.  The validator lets xsi:
 * attributes through, and names an element without a namespace exactly as
 * it names ours ("Expected is ( credit )" for a <credit xmlns="">), so
 * these get messages of their own.  Returns the number of problems; stops
 * at the first element too deep (*too_deep).
 */
static int check_tree(loader *ld, xmlNode *n, int depth, int *too_deep)
{
    int problems = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        long line = node_line(n);
        if (depth > PLAN_MAX_DEPTH) {
            diag_error(ld->d, ld->name, line, 0, "elements are nested more than %d deep",
                       PLAN_MAX_DEPTH);
            *too_deep = 1;
            return problems + 1;
        }
        if (!n->ns) {
            diag_error(ld->d, ld->name, line, 0,
                       "element <%.*s%s> has no namespace; plan elements are in %s",
                       QUOTED((const char *)n->name), PLAN_NS);
            problems++;
            problems++;
            continue;   /* its subtree is foreign too: one message says it */
        } else if (!in_plan_ns(n)) {
            const char *prefix = n->ns->prefix ? (const char *)n->ns->prefix : "";
            diag_error(ld->d, ld->name, line, 0, "unknown element <%s%s%.*s%s> (namespace %.*s%s)",
                       prefix, *prefix ? ":" : "", QUOTED((const char *)n->name),
                       QUOTED((const char *)n->ns->href));
            problems++;
            continue;
        }
        for (xmlAttr *a = n->properties; a; a = a->next) {
            if (a->ns && strcmp((const char *)a->ns->href, XSI_NS) == 0) {
                diag_error(ld->d, ld->name, line, 0, "unknown attribute '%s:%s'",
                           a->ns->prefix ? (const char *)a->ns->prefix : "xsi",
                           (const char *)a->name);
                problems++;
            }
        }
        problems += check_tree(ld, n->children, depth + 1, too_deep);
        if (*too_deep)
            return problems;
    }
    return problems;
}

/* The root must be <plan> in our namespace; anything else gets one clear error. */
static int check_root(loader *ld, xmlNode *root)
{
    if (root && strcmp((const char *)root->name, "plan") == 0 && root->ns &&
        strcmp((const char *)root->ns->href, PLAN_NS) == 0)
        return 0;
    if (!root)
        diag_error(ld->d, ld->name, 0, 0, "the plan has no root element");
    else if (strcmp((const char *)root->name, "plan") == 0)
        diag_error(ld->d, ld->name, node_line(root), 0,
                   "<plan> must be in the namespace %s (xmlns=\"%s\")", PLAN_NS, PLAN_NS);
    else
        diag_error(ld->d, ld->name, node_line(root), 0,
                   "the root element must be <plan>, not <%.*s%s>",
                   QUOTED((const char *)root->name));
    return -1;
}

/*
 * Validates doc against the embedded schema.  The schema is compiled anew
 * for each load (about 0.3 ms of a 0.4 ms load, measured on the contract
 * example) so that no compiled state is shared between threads.
 */
static void validate(loader *ld, xmlDocPtr doc)
{
    loader schema_ld = {ld->d, "plan.xsd (embedded)", ld->errors_at_start, NULL, 0, 0, 0, 0, NULL};
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt((const char *)embedded_plan_xsd, (int)embedded_plan_xsd_len);
    if (!pc) {
        diag_error(ld->d, ld->name, 0, 0, "internal error: cannot load the plan schema");
        return;
    }
    xmlSchemaSetParserStructuredErrors(pc, on_xml_error, &schema_ld);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    free(schema_ld.last);
    if (!schema) {
        diag_error(ld->d, ld->name, 0, 0, "internal error: the plan schema does not compile");
        return;
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        xmlSchemaFree(schema);
        diag_error(ld->d, ld->name, 0, 0, "internal error: cannot validate against the plan schema");
        return;
    }
    xmlSchemaSetValidStructuredErrors(vc, on_xml_error, ld);
    size_t before = ld->d->errors;
    int rc = xmlSchemaValidateDoc(vc, doc);
    if (rc < 0)
        diag_error(ld->d, ld->name, 0, 0, "internal error while validating the plan");
    else if (rc > 0 && ld->d->errors == before)
        diag_error(ld->d, ld->name, 0, 0, "the plan does not match the plan schema");
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
}

/*
 * SAX start-element handler: libxml2's own, then the element's line kept in
 * its _private field (unused by libxml2), exact at any size; node->line
 * stops at 65535 and BIG_LINES only extends text nodes on 2.9.14.
 */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    if (ctxt->node && ctxt->input && ctxt->input->line > 0)
        ctxt->node->_private = (void *)(intptr_t)ctxt->input->line;
}

/* Parses buf into a document, refusing DOCTYPEs; NULL after reporting. */
static xmlDocPtr parse(loader *ld, const char *buf, size_t len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        diag_error(ld->d, ld->name, 0, 0, "internal error: cannot create an XML parser");
        return NULL;
    }
    ctxt->sax->startElementNs = start_element;   /* this context's own handler table */
    size_t before = ld->d->errors;
    ld->parser = ctxt;
    /* NONET and no NOENT/DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/HUGE: see field notes. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL,
                                      XMLSAFE_PARSE_OPTIONS);
    ld->parser = NULL;
    xmlFreeParserCtxt(ctxt);
    if (!doc) {
        if (ld->d->errors == before)
            diag_error(ld->d, ld->name, 0, 0, "not a well-formed XML document");
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        diag_error(ld->d, ld->name, xmlsafe_doctype_line(buf, len), 0,
                   "DOCTYPE is not allowed in a plan");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Parses, validates and builds; the libxml2 handlers are already ours. */
static plan *load(loader *ld, const char *buf, size_t len)
{
    if (len == 0) {
        diag_error(ld->d, ld->name, 0, 0, "the plan file is empty");
        return NULL;
    }
    xmlDocPtr doc = parse(ld, buf, len);
    if (!doc)
        return NULL;
    plan *p = NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    /* Schema messages would only repeat the tree checks' problems less clearly. */
    int too_deep = 0;
    if (check_root(ld, root) == 0 && check_tree(ld, root, 1, &too_deep) == 0) {
        validate(ld, doc);
        if (!failed(ld))
            p = build_plan(ld, root);
    }
    xmlFreeDoc(doc);
    return p;
}

plan *plan_load_memory(const char *buf, size_t len, const char *name, diag *d)
{
    loader ld = {d, name ? name : "plan", d->errors, NULL, 0, 0, 0, 0, NULL};
    if (len > PLAN_MAX_BYTES) {
        diag_error(d, ld.name, 0, 0, "the plan is larger than %d bytes", PLAN_MAX_BYTES);
        return NULL;
    }
    xmlsafe_handlers saved;
    xmlsafe_take_errors(&saved, &ld, on_xml_error);
    plan *p = load(&ld, buf, len);
    xmlsafe_give_back_errors(&saved);
    free(ld.last);
    return p;
}

plan *plan_load_file(const char *path, const char *name, diag *d)
{
    const char *shown = name ? name : path;
    strbuf sb = STRBUF_INIT;
    plan *p = NULL;
    if (xmlsafe_read_file(&sb, path, PLAN_MAX_BYTES, shown, "plan", d) == 0)
        p = plan_load_memory(sb.p ? sb.p : "", sb.len, shown, d);
    sb_free(&sb);
    return p;
}

/* ------------------------------------------------------------------ */
/* Binding, lookup, freeing.                                           */
/* ------------------------------------------------------------------ */

/* Binds one expression; reports at `line` and returns -1 on error. */
static int bind_when(plan *p, expr *e, long line, const char *const *header, size_t ncols, diag *d)
{
    char err[256];
    if (!e || expr_bind(e, header, ncols, err, sizeof err) == 0)
        return 0;
    diag_error(d, p->file, line, 0, "when: %s", err);
    return -1;
}

int plan_bind(plan *p, const char *const *deal_header, size_t ncols, diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < p->nsplits; i++)
        if (bind_when(p, p->splits[i].when, p->splits[i].line, deal_header, ncols, d) < 0)
            rc = -1;
    for (size_t i = 0; i < p->nroles; i++) {
        role *r = &p->roles[i];
        for (size_t j = 0; j < r->ncomponents; j++)
            if (bind_when(p, r->components[j].when, r->components[j].line, deal_header, ncols, d) < 0)
                rc = -1;
    }
    for (size_t i = 0; i < p->ntables; i++) {
        rate_table *t = &p->tables[i];
        for (size_t f = 0; f < t->nfields; f++) {
            t->cols[f] = -1;
            for (size_t c = 0; c < ncols && t->cols[f] < 0; c++)
                if (strcmp(deal_header[c], t->fields[f]) == 0)
                    t->cols[f] = (long)c;
            if (t->cols[f] < 0) {
                diag_error(d, p->file, t->line, 0,
                           "rate table '%s': column '%s' is not in the deals header", t->id,
                           t->fields[f]);
                rc = -1;
            }
        }
    }
    return rc;
}

const rate_table *plan_find_table(const plan *p, const char *id)
{
    for (size_t i = 0; i < p->ntables; i++)
        if (strcmp(p->tables[i].id, id) == 0)
            return &p->tables[i];
    return NULL;
}

const mpq_t *rate_table_lookup(const rate_table *t, const char *const *deal_fields)
{
    for (size_t i = 0; i < t->nrows; i++) {
        const rate_row *r = &t->rows[i];
        size_t f = 0;
        while (f < t->nfields && (strcmp(r->values[f], "*") == 0 ||
                                  (t->cols[f] >= 0 && strcmp(r->values[f], deal_fields[t->cols[f]]) == 0)))
            f++;
        if (f == t->nfields)
            return (const mpq_t *)&r->rate;
    }
    return t->has_default ? (const mpq_t *)&t->default_rate : NULL;
}

int plan_uses_pay_mechanics(const plan *p)
{
    if (p->ntables)
        return 1;
    for (size_t i = 0; i < p->nroles; i++)
        for (size_t j = 0; j < p->roles[i].ncomponents; j++) {
            const component *c = &p->roles[i].components[j];
            if (c->kind == COMP_BONUS || c->kind == COMP_CURVE || c->kind == COMP_DRAW)
                return 1;
            if (c->kind == COMP_COMMISSION &&
                (c->gate != GATE_NONE || c->has_deal_cap || c->has_deal_floor ||
                 c->release != RELEASE_BOOKING || c->clawback != CLAWBACK_NONE))
                return 1;
        }
    return 0;
}

const role *plan_find_role(const plan *p, const char *id)
{
    for (size_t i = 0; i < p->nroles; i++)
        if (strcmp(p->roles[i].id, id) == 0)
            return &p->roles[i];
    return NULL;
}

void plan_free(plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nsplits; i++)
        split_clear(&p->splits[i]);
    free(p->splits);
    for (size_t i = 0; i < p->nrollups; i++) {
        free(p->rollups[i].role);
        mpq_clear(p->rollups[i].share);
    }
    free(p->rollups);
    for (size_t i = 0; i < p->ntables; i++)
        rate_table_clear(&p->tables[i]);
    free(p->tables);
    for (size_t i = 0; i < p->nroles; i++) {
        role *r = &p->roles[i];
        for (size_t j = 0; j < r->ncomponents; j++)
            component_clear(&r->components[j]);
        free(r->components);
        free(r->id);
    }
    free(p->roles);
    free(p->id);
    free(p->file);
    free(p);
}
