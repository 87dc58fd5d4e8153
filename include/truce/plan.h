/*
 * plan.h - a comp plan, loaded from XML and checked, then read-only.
 *
 * The loader parses untrusted XML with the network, external entities and
 * DTDs switched off, validates it against rules/plan.xsd (compiled into the
 * library), then applies the semantic checks the schema cannot express.
 * Every problem is reported with the line of the element at fault.
 */
#ifndef TRUCE_PLAN_H
#define TRUCE_PLAN_H

#include <stddef.h>
#include <gmp.h>
#include "date.h"
#include "diag.h"
#include "expr.h"
#include "money.h"

/* Largest plan accepted, in bytes (added by the plan module): the whole file is
 * read into memory and parsed there, so the cap bounds memory and time. */
#define PLAN_MAX_BYTES (4 * 1024 * 1024)

/* Deepest element nesting accepted (added by the plan module).  A valid plan
 * nests 5 deep (plan/credit/split/marketing/weight); libxml2 itself stops
 * at 256, and this keeps every tree walk shallow. */
#define PLAN_MAX_DEPTH 32

typedef enum {
    MODEL_LINEAR,
    MODEL_TIME_DECAY,
    MODEL_FIRST_TOUCH,
    MODEL_LAST_TOUCH,
    MODEL_LEAD_CREATION,
    MODEL_U_SHAPED,
    MODEL_W_SHAPED,
    MODEL_FULL_PATH,
    MODEL_J_SHAPED,
    MODEL_INVERSE_J,
    MODEL_CUSTOM
} attribution_model;

/* Positions a position model weighs (contract 3.2). */
enum { POS_FIRST, POS_LEAD, POS_OPPORTUNITY, POS_LAST, POS_MIDDLE, POS_COUNT };

typedef struct split {
    long line;                 /* plan line of <split> */
    expr *when;                /* NULL: always holds */
    int has_closer;
    mpq_t closer_share;        /* valid when has_closer */
    long closer_line;
    int has_marketing;
    mpq_t marketing_share;     /* valid when has_marketing */
    long marketing_line;
    attribution_model model;
    long half_life;            /* days, time-decay only (default 7) */
    mpq_t weight[POS_COUNT];   /* position models (and custom): weight of each position; 0 when absent */
} split;

typedef enum { COMP_COMMISSION, COMP_SPIF } component_kind;

typedef struct tier {
    long line;
    int has_upto;              /* 0 only for the last tier */
    mpq_t upto;                /* as written: a fraction of quota when the commission's limits are percentages, else an amount */
    mpq_t rate;
} tier;

typedef struct component {
    component_kind kind;
    char *id;
    long line;
    /* commission */
    int retroactive;           /* mode="retroactive"; 0 = marginal (default) */
    tier *tiers;
    size_t ntiers;
    int upto_percent;          /* limits are percentages of annual_quota */
    int has_cap;
    mpq_t cap;
    /* spif */
    expr *when;                /* NULL: every deal */
    mpq_t pay;
    day_t from, to;            /* inclusive; default the plan year */
} component;

typedef struct role {
    char *id;
    long line;
    component *components;
    size_t ncomponents;
} role;

typedef struct plan {
    char *file;                /* name used in diagnostics */
    char *id;
    int year;
    char currency[4];
    unsigned minor_unit;       /* decimals of the currency */
    round_mode rounding;
    split *splits;
    size_t nsplits;
    role *roles;
    size_t nroles;
} plan;

/*
 * Loads and checks a plan.  `name` is used in diagnostics.  Returns the plan
 * (caller frees with plan_free) or NULL after reporting every problem found
 * to d.  Unknown elements or attributes, a DOCTYPE, a bad number, unknown
 * currency or model, tiers not increasing, mixed %/amount limits, duplicate
 * role or component ids, a custom model weighing a position twice: errors.
 */
plan *plan_load_file(const char *path, const char *name, diag *d);
plan *plan_load_memory(const char *buf, size_t len, const char *name, diag *d);

/*
 * Binds every `when` to the deals.csv header; a column missing from it is an
 * error at the plan line of the element holding the expression.  0 or -1.
 */
int plan_bind(plan *p, const char *const *deal_header, size_t ncols, diag *d);

/* The role with this id, or NULL. */
const role *plan_find_role(const plan *p, const char *id);

/* Name of a model as written in the plan ("w-shaped"). */
const char *attribution_model_name(attribution_model m);

void plan_free(plan *p);

#endif
