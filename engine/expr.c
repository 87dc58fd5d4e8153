/*
 * expr.c - the `when` language of contract section 3.5: compile, bind, evaluate.
 *
 * A recursive-descent parser (one function per grammar rule, the rule in a
 * comment above it, as in Lua's lparser.c) builds a tree of nodes in one
 * array; a checking pass gives every node its type and decides once how each
 * comparison compares; evaluation walks the tree with exact rationals.
 *
 * Why this shape:
 *  - A chain (a + b - c, p and q and r) is one node whose members form a
 *    linked list, so long chains cost no C stack.  Only '(', 'not' and unary
 *    '-' nest; the parser counts them against EXPR_MAX_DEPTH, which bounds
 *    every recursion here (parse, check, evaluate).
 *  - A comparison of a column or number literal with a column or number
 *    literal (the common `amount >= 50000`) compares decimal text by value,
 *    digit by digit, without GMP; string comparisons are memcmp.  Only
 *    arithmetic uses mpq_t, in temporaries on the C stack of expr_eval.
 *  - Nothing is written after expr_bind, so threads may evaluate at once.
 */
#include "expr.h"
#include "money.h"
#include "strbuf.h"

#include <gmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Most mpq_t temporaries one evaluation can need.  Only a non-first member of
 * a sum or a product takes one more (per parenthesis level: one in a sum, one
 * in the product inside it) and a rational comparison takes two, so the need
 * is at most 2 * (EXPR_MAX_DEPTH + 1) + 2; the checker still enforces it.
 */
#define EXPR_MAX_TEMPS (2 * EXPR_MAX_DEPTH + 4)

/* Longest column value quoted back in an evaluation error. */
#define SHOWN_VALUE_MAX 64

/* ---- the compiled form -------------------------------------------------- */

typedef enum {
    N_NUM,   /* number or percent literal: a = index in e->nums */
    N_STR,   /* string literal: a = byte offset of its contents in e->src, b = length */
    N_COL,   /* column: a = index in e->cols */
    N_NEG,   /* - a */
    N_SUM,   /* a + ... - ...: members from a, linked by next, each joined by its link */
    N_PROD,  /* a * ... / ...: likewise */
    N_CMP,   /* a op b */
    N_IN,    /* a in (b, ...): the literals from b, linked by next */
    N_NOT,   /* not a */
    N_AND,   /* members from a, linked by next */
    N_OR     /* likewise */
} node_kind;

/* What a node yields; a column is a number or text, decided per row. */
typedef enum { T_BOOL, T_NUM, T_STR, T_COL } value_type;

/* How a comparison or `in` compares, decided by the checker. */
typedef enum {
    CMP_TEXT,     /* a string literal is involved: bytewise */
    CMP_DECIMAL,  /* only columns and number literals: decimal text by value */
    CMP_RATIONAL  /* arithmetic on a side: evaluated into mpq_t */
} cmp_mode;

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;

typedef struct node {
    unsigned char kind;  /* node_kind */
    unsigned char op;    /* cmp_op of an N_CMP */
    unsigned char link;  /* token_kind (+ - * /) joining a sum or product member to what precedes it */
    unsigned char type;  /* value_type, set by the checker */
    unsigned char mode;  /* cmp_mode of an N_CMP or N_IN, set by the checker */
    int pos;             /* byte offset in src of the node's first token, for errors */
    int a, b;            /* operands or literal data, by kind (see node_kind) */
    int next;            /* next member of the chain or list this node is in; -1 */
    int need;            /* mpq_t temporaries its evaluation needs, set by the checker */
} node;

/* A number literal, kept both ways: as a rational, and as decimal text for comparisons. */
typedef struct numlit {
    mpq_t value;
    char *text;  /* -?[0-9]+(\.[0-9]+)? with the same value; owned */
    size_t len;
} numlit;

struct expr {
    char *src;          /* owned copy of the source */
    node *nodes;
    int nnodes, capnodes;
    numlit *nums;
    int nnums, capnums;
    char **cols;        /* distinct column names in order of first use; owned */
    size_t ncols, capcols;
    size_t *colidx;     /* header index of each column; NULL until bound */
    int root;
    int ntemps;         /* mpq_t temporaries one evaluation needs */
};

/* ---- tokens ------------------------------------------------------------- */

typedef enum {
    TK_EOF, TK_NUMBER, TK_PERCENT, TK_STRING, TK_NAME,
    TK_AND, TK_OR, TK_NOT, TK_IN,
    TK_LPAREN, TK_RPAREN, TK_COMMA,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
    TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE
} token_kind;

typedef struct token {
    token_kind kind;
    int pos;  /* byte offset in src */
    int len;  /* bytes, quotes and '%' included */
} token;

typedef struct parser {
    expr *e;
    const char *src;  /* e->src */
    int next;         /* byte offset where the token after tok starts to be read */
    token tok;        /* the current token */
    int depth;        /* '(', 'not' and unary '-' open right now */
    char *err;
    size_t errlen;
    int failed;
    int errpos;       /* byte offset of the fault, -1 when none applies */
} parser;

static node *at(const parser *p, int n)
{
    return &p->e->nodes[n];
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* Records the first error only: later ones are consequences of it. */
__attribute__((format(printf, 3, 4)))
static int fail(parser *p, int pos, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    p->errpos = pos;
    if (p->err && p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- lexer -------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* A byte that may continue a name or number: seen next to a number, it makes the number malformed. */
static int is_word(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || is_upper(c) || c == '_';
}

static int set_token(parser *p, token_kind kind, int pos, int len)
{
    p->tok.kind = kind;
    p->tok.pos = pos;
    p->tok.len = len;
    return 0;
}

/* number := [0-9]+ ( '.' [0-9]+ )?   percent := number '%' */
static int lex_number(parser *p, int i)
{
    const char *s = p->src;
    int j = i, digits = 0;
    while (is_digit(s[j]))
        j++, digits++;
    if (s[j] == '.' && is_digit(s[j + 1])) {
        j++;
        while (is_digit(s[j]))
            j++, digits++;
    }
    if (s[j] == '.' || is_word(s[j])) {
        int end = j;
        while (s[end] == '.' || is_word(s[end]))
            end++;
        return fail(p, i, "malformed number '%.*s'", end - i, s + i);
    }
    if (digits > MONEY_MAX_DIGITS)
        return fail(p, i, "number has more than %d digits", MONEY_MAX_DIGITS);
    if (s[j] == '%')
        return set_token(p, TK_PERCENT, i, j + 1 - i);
    return set_token(p, TK_NUMBER, i, j - i);
}

/* string := "'" any byte but "'" "'" (no escapes) */
static int lex_string(parser *p, int i)
{
    const char *close = strchr(p->src + i + 1, '\'');
    if (!close)
        return fail(p, i, "unterminated string");
    return set_token(p, TK_STRING, i, (int)(close - p->src) + 1 - i);
}

/* name := [a-z_][a-z0-9_]* unless it is a keyword; upper case makes it an unknown token. */
static int lex_word(parser *p, int i)
{
    static const struct { const char *word; token_kind kind; } keywords[] = {
        {"and", TK_AND}, {"or", TK_OR}, {"not", TK_NOT}, {"in", TK_IN},
    };
    const char *s = p->src;
    int j = i, upper = 0;
    for (; is_word(s[j]); j++)
        upper |= is_upper(s[j]);
    if (upper)
        return fail(p, i, "unknown token '%.*s' (names and keywords are lower case)", j - i, s + i);
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == (size_t)(j - i) && !memcmp(keywords[k].word, s + i, (size_t)(j - i)))
            return set_token(p, keywords[k].kind, i, j - i);
    return set_token(p, TK_NAME, i, j - i);
}

/* Bytes in the UTF-8 sequence starting at s, or 0 if it is not one. */
static int utf8_length(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    int n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    for (int k = 1; k < n; k++)
        if (((unsigned char)s[k] & 0xc0) != 0x80)
            return 0;
    return n;
}

static int unknown_character(parser *p, int i)
{
    const char *s = p->src + i;
    unsigned char c = (unsigned char)*s;
    int n = c >= 0x80 ? utf8_length(s) : 0;
    if (c > 0x20 && c < 0x7f)
        return fail(p, i, "unknown token '%c'", *s);
    if (n > 0)
        return fail(p, i, "unknown token '%.*s'", n, s);
    return fail(p, i, "unknown token (byte 0x%02x)", c);
}

/* Operators and punctuation; '!' is only the first half of '!='. */
static int lex_punct(parser *p, int i)
{
    const char *s = p->src;
    switch (s[i]) {
    case '(': return set_token(p, TK_LPAREN, i, 1);
    case ')': return set_token(p, TK_RPAREN, i, 1);
    case ',': return set_token(p, TK_COMMA, i, 1);
    case '+': return set_token(p, TK_PLUS, i, 1);
    case '-': return set_token(p, TK_MINUS, i, 1);
    case '*': return set_token(p, TK_STAR, i, 1);
    case '/': return set_token(p, TK_SLASH, i, 1);
    case '=': return set_token(p, TK_EQ, i, 1);
    case '<': return s[i + 1] == '=' ? set_token(p, TK_LE, i, 2) : set_token(p, TK_LT, i, 1);
    case '>': return s[i + 1] == '=' ? set_token(p, TK_GE, i, 2) : set_token(p, TK_GT, i, 1);
    case '!':
        if (s[i + 1] == '=')
            return set_token(p, TK_NE, i, 2);
        break;
    }
    return unknown_character(p, i);
}

/* Reads the token after the current one into p->tok; 0, or -1 on a lexical error. */
static int advance(parser *p)
{
    const char *s = p->src;
    int i = p->next, r;
    while (is_space(s[i]))
        i++;
    if (s[i] == '\0')
        r = set_token(p, TK_EOF, i, 0);
    else if (is_digit(s[i]))
        r = lex_number(p, i);
    else if (s[i] == '\'')
        r = lex_string(p, i);
    else if (is_word(s[i]))
        r = lex_word(p, i);
    else
        r = lex_punct(p, i);
    if (r == 0)
        p->next = p->tok.pos + p->tok.len;
    return r;
}

static int is_keyword(token_kind k)
{
    return k == TK_AND || k == TK_OR || k == TK_NOT || k == TK_IN;
}

/* Fails at the current token: "expected WHAT but found X", or "unexpected X" when what is NULL. */
static int token_error(parser *p, const char *what)
{
    const token *t = &p->tok;
    strbuf found = STRBUF_INIT;
    if (t->kind == TK_EOF)
        sb_puts(&found, "end of expression");
    else
        sb_printf(&found, "%s%.*s%s", t->kind == TK_STRING ? "string " : is_keyword(t->kind) ? "reserved word '" : "'",
                  t->len, p->src + t->pos, t->kind == TK_STRING ? "" : "'");
    if (what)
        fail(p, t->pos, "expected %s but found %s", what, found.p);
    else
        fail(p, t->pos, "unexpected %s", found.p);
    sb_free(&found);
    return -1;
}

/* ---- building the tree -------------------------------------------------- */

static int new_node(parser *p, node_kind kind, int pos)
{
    expr *e = p->e;
    if (e->nnodes == e->capnodes) {
        e->capnodes = e->capnodes ? 2 * e->capnodes : 32;
        e->nodes = xrealloc(e->nodes, (size_t)e->capnodes * sizeof *e->nodes);
    }
    node *x = &e->nodes[e->nnodes];
    memset(x, 0, sizeof *x);
    x->kind = (unsigned char)kind;
    x->pos = pos;
    x->a = x->b = x->next = -1;
    return e->nnodes++;
}

/* The index of column name s[0..len), added at the end if new (order of first use). */
static int intern_column(expr *e, const char *s, int len)
{
    for (size_t i = 0; i < e->ncols; i++)
        if (strlen(e->cols[i]) == (size_t)len && !memcmp(e->cols[i], s, (size_t)len))
            return (int)i;
    if (e->ncols == e->capcols) {
        e->capcols = e->capcols ? 2 * e->capcols : 8;
        e->cols = xrealloc(e->cols, e->capcols * sizeof *e->cols);
    }
    e->cols[e->ncols] = xstrndup(s, (size_t)len);
    return (int)e->ncols++;
}

/*
 * The decimal text of (digits)/100 for percent literal digits s[0..len):
 * the decimal point moves two places left ("30" -> "0.30", "12.5" -> "0.125").
 */
static char *percent_text(const char *s, size_t len, size_t *outlen)
{
    strbuf sb = STRBUF_INIT, digits = STRBUF_INIT;
    const char *dot = memchr(s, '.', len);
    size_t ilen = dot ? (size_t)(dot - s) : len;
    sb_putn(&digits, s, ilen);
    if (dot)
        sb_putn(&digits, dot + 1, len - ilen - 1);
    if (ilen > 2) {
        sb_putn(&sb, digits.p, ilen - 2);
        sb_putc(&sb, '.');
        sb_puts(&sb, digits.p + ilen - 2);
    } else {
        sb_puts(&sb, ilen == 2 ? "0." : "0.0");
        sb_puts(&sb, digits.p);
    }
    sb_free(&digits);
    *outlen = sb.len;
    return sb_detach(&sb);
}

/* Adds the literal s[0..len) (a percent when the last byte is '%'); its index, or -1 if money rejects it. */
static int add_number(expr *e, const char *s, int len)
{
    int percent = s[len - 1] == '%';
    size_t dlen = (size_t)len - (size_t)percent;
    if (e->nnums == e->capnums) {
        e->capnums = e->capnums ? 2 * e->capnums : 8;
        e->nums = xrealloc(e->nums, (size_t)e->capnums * sizeof *e->nums);
    }
    numlit *n = &e->nums[e->nnums];
    mpq_init(n->value);
    if (money_parse_decimal(n->value, s, dlen) != MONEY_OK) {
        mpq_clear(n->value);
        return -1;
    }
    mpq_canonicalize(n->value);
    if (percent) {
        mpz_mul_ui(mpq_denref(n->value), mpq_denref(n->value), 100);
        mpq_canonicalize(n->value);
        n->text = percent_text(s, dlen, &n->len);
    } else {
        n->text = xstrndup(s, dlen);
        n->len = dlen;
    }
    return e->nnums++;
}

/* Folds '-' into number literal node n, so `x > -5` still compares without GMP. */
static void negate_literal(parser *p, int n, int pos)
{
    numlit *lit = &p->e->nums[at(p, n)->a];
    mpq_neg(lit->value, lit->value);
    if (lit->text[0] == '-') {
        memmove(lit->text, lit->text + 1, lit->len);
        lit->len--;
    } else {
        lit->text = xrealloc(lit->text, lit->len + 2);
        memmove(lit->text + 1, lit->text, lit->len + 1);
        lit->text[0] = '-';
        lit->len++;
    }
    at(p, n)->pos = pos;
}

/* ---- parser ------------------------------------------------------------- */

/* Opens one level of '(', 'not' or unary '-'; the caller closes it with p->depth--. */
static int enter(parser *p, int pos)
{
    if (++p->depth > EXPR_MAX_DEPTH)
        return fail(p, pos, "expression nested too deeply");
    return 0;
}

static int parse_or(parser *p);

typedef int (*rule_fn)(parser *);

/*
 * Parses  sub { op sub }  for the operators ops[0..nops).  One member is
 * returned as it is; more become a chain node of `kind`.
 */
static int parse_chain(parser *p, node_kind kind, const token_kind *ops, int nops, rule_fn sub)
{
    int first = sub(p);
    if (first < 0)
        return -1;
    int chain = -1, last = first;
    for (;;) {
        int k = 0;
        while (k < nops && p->tok.kind != ops[k])
            k++;
        if (k == nops)
            return chain >= 0 ? chain : first;
        if (chain < 0) {
            chain = new_node(p, kind, at(p, first)->pos);
            at(p, chain)->a = first;
        }
        int member;
        if (advance(p) < 0 || (member = sub(p)) < 0)
            return -1;
        at(p, member)->link = (unsigned char)ops[k];
        at(p, last)->next = member;
        last = member;
    }
}

/* literal := number | percent | 'string' */
static int parse_literal(parser *p)
{
    token t = p->tok;
    int n;
    if (t.kind == TK_STRING) {
        n = new_node(p, N_STR, t.pos);
        at(p, n)->a = t.pos + 1;
        at(p, n)->b = t.len - 2;
    } else if (t.kind == TK_NUMBER || t.kind == TK_PERCENT) {
        int lit = add_number(p->e, p->src + t.pos, t.len);
        if (lit < 0)
            return fail(p, t.pos, "number '%.*s' is not valid", t.len, p->src + t.pos);
        n = new_node(p, N_NUM, t.pos);
        at(p, n)->a = lit;
    } else {
        return token_error(p, "a number, percent or string in the 'in' list");
    }
    return advance(p) < 0 ? -1 : n;
}

/* '(' or ')': the node keeps the position of its '(' for error messages. */
static int parse_group(parser *p)
{
    int pos = p->tok.pos;
    if (enter(p, pos) < 0 || advance(p) < 0)
        return -1;
    int inner = parse_or(p);
    if (inner < 0)
        return -1;
    if (p->tok.kind != TK_RPAREN)
        return token_error(p, "')'");
    p->depth--;
    if (advance(p) < 0)
        return -1;
    at(p, inner)->pos = pos;
    return inner;
}

/* atom := number | percent | 'string' | column | '(' or ')' */
static int parse_atom(parser *p)
{
    token t = p->tok;
    switch (t.kind) {
    case TK_NUMBER:
    case TK_PERCENT:
    case TK_STRING:
        return parse_literal(p);
    case TK_LPAREN:
        return parse_group(p);
    case TK_NAME: {
        int n = new_node(p, N_COL, t.pos);
        at(p, n)->a = intern_column(p->e, p->src + t.pos, t.len);
        return advance(p) < 0 ? -1 : n;
    }
    default:
        return token_error(p, "a value");
    }
}

/* unary := '-' unary | atom */
static int parse_unary(parser *p)
{
    if (p->tok.kind != TK_MINUS)
        return parse_atom(p);
    int pos = p->tok.pos;
    if (enter(p, pos) < 0 || advance(p) < 0)
        return -1;
    int operand = parse_unary(p);
    p->depth--;
    if (operand < 0)
        return -1;
    if (at(p, operand)->kind == N_NUM) {
        negate_literal(p, operand, pos);
        return operand;
    }
    int n = new_node(p, N_NEG, pos);
    at(p, n)->a = operand;
    return n;
}

/* term := unary { ('*'|'/') unary } */
static int parse_term(parser *p)
{
    static const token_kind ops[] = {TK_STAR, TK_SLASH};
    return parse_chain(p, N_PROD, ops, 2, parse_unary);
}

/* sum := term { ('+'|'-') term } */
static int parse_sum(parser *p)
{
    static const token_kind ops[] = {TK_PLUS, TK_MINUS};
    return parse_chain(p, N_SUM, ops, 2, parse_term);
}

/* The `in` half of cmp:  'in' '(' literal { ',' literal } ')' */
static int parse_in(parser *p, int left)
{
    int n = new_node(p, N_IN, at(p, left)->pos), last = -1;
    at(p, n)->a = left;
    if (advance(p) < 0)
        return -1;
    if (p->tok.kind != TK_LPAREN)
        return token_error(p, "'(' after 'in'");
    do {
        int lit;
        if (advance(p) < 0 || (lit = parse_literal(p)) < 0)
            return -1;
        if (last < 0)
            at(p, n)->b = lit;
        else
            at(p, last)->next = lit;
        last = lit;
    } while (p->tok.kind == TK_COMMA);
    if (p->tok.kind != TK_RPAREN)
        return token_error(p, "',' or ')'");
    return advance(p) < 0 ? -1 : n;
}

/* The comparison operator a token is, or -1. */
static int cmp_op_of(token_kind k)
{
    switch (k) {
    case TK_EQ: return OP_EQ;
    case TK_NE: return OP_NE;
    case TK_LT: return OP_LT;
    case TK_LE: return OP_LE;
    case TK_GT: return OP_GT;
    case TK_GE: return OP_GE;
    default: return -1;
    }
}

/* cmp := sum [ ('='|'!='|'<'|'<='|'>'|'>=') sum | 'in' '(' literal { ',' literal } ')' ] */
static int parse_cmp(parser *p)
{
    int left = parse_sum(p);
    if (left < 0)
        return -1;
    if (p->tok.kind == TK_IN)
        return parse_in(p, left);
    int op = cmp_op_of(p->tok.kind);
    if (op < 0)
        return left;
    int right;
    if (advance(p) < 0 || (right = parse_sum(p)) < 0)
        return -1;
    int n = new_node(p, N_CMP, at(p, left)->pos);
    at(p, n)->op = (unsigned char)op;
    at(p, n)->a = left;
    at(p, n)->b = right;
    return n;
}

/* not := 'not' not | cmp */
static int parse_not(parser *p)
{
    if (p->tok.kind != TK_NOT)
        return parse_cmp(p);
    int pos = p->tok.pos;
    if (enter(p, pos) < 0 || advance(p) < 0)
        return -1;
    int operand = parse_not(p);
    p->depth--;
    if (operand < 0)
        return -1;
    int n = new_node(p, N_NOT, pos);
    at(p, n)->a = operand;
    return n;
}

/* and := not { 'and' not } */
static int parse_and(parser *p)
{
    static const token_kind ops[] = {TK_AND};
    return parse_chain(p, N_AND, ops, 1, parse_not);
}

/* or := and { 'or' and } */
static int parse_or(parser *p)
{
    static const token_kind ops[] = {TK_OR};
    return parse_chain(p, N_OR, ops, 1, parse_and);
}

/* The whole source: an or, then the end. */
static int parse_expression(parser *p)
{
    if (advance(p) < 0)
        return -1;
    if (p->tok.kind == TK_EOF)
        return fail(p, -1, "empty expression");
    int root = parse_or(p);
    if (root >= 0 && p->tok.kind != TK_EOF)
        return token_error(p, NULL);
    return root;
}

/* ---- type checker ------------------------------------------------------- */

static int check(parser *p, int n);

static int set_type(parser *p, int n, value_type t, int need)
{
    at(p, n)->type = (unsigned char)t;
    at(p, n)->need = need;
    return (int)t;
}

/* A column or number literal: compared by its decimal text, no arithmetic. */
static int is_decimal_leaf(parser *p, int n)
{
    return at(p, n)->kind == N_NUM || at(p, n)->kind == N_COL;
}

/* - a, a + b - c, a * b / c: every member a number or a column. */
static int check_arith(parser *p, int n)
{
    int need = 0, first = 1;
    for (int k = at(p, n)->a; k >= 0; k = at(p, k)->next, first = 0) {
        int t = check(p, k);
        if (t < 0)
            return -1;
        if (t == T_STR)
            return fail(p, at(p, k)->pos, "a string cannot be used in arithmetic");
        if (t == T_BOOL)
            return fail(p, at(p, k)->pos, "a condition cannot be used in arithmetic");
        need = max_int(need, at(p, k)->need + !first);
    }
    return set_type(p, n, T_NUM, need);
}

/* not, and, or: every operand a condition. */
static int check_logic(parser *p, int n)
{
    node_kind kind = (node_kind)at(p, n)->kind;
    const char *name = kind == N_NOT ? "not" : kind == N_AND ? "and" : "or";
    int need = 0;
    for (int k = at(p, n)->a; k >= 0; k = at(p, k)->next) {
        int t = check(p, k);
        if (t < 0)
            return -1;
        if (t != T_BOOL)
            return fail(p, at(p, k)->pos, "operand of '%s' must be a comparison or 'in'", name);
        need = max_int(need, at(p, k)->need);
    }
    return set_type(p, n, T_BOOL, need);
}

/* a op b: text when a string literal is involved, else numbers. */
static int check_cmp(parser *p, int n)
{
    int a = at(p, n)->a, b = at(p, n)->b;
    int ta = check(p, a);
    if (ta < 0)
        return -1;
    int tb = check(p, b);
    if (tb < 0)
        return -1;
    if (ta == T_BOOL || tb == T_BOOL)
        return fail(p, at(p, ta == T_BOOL ? a : b)->pos, "a condition cannot be compared");
    if (ta == T_STR || tb == T_STR) {
        if (ta == T_NUM || tb == T_NUM)
            return fail(p, at(p, ta == T_STR ? a : b)->pos,
                        "a string can be compared only with a column or another string");
        at(p, n)->mode = CMP_TEXT;
        return set_type(p, n, T_BOOL, 0);
    }
    if (is_decimal_leaf(p, a) && is_decimal_leaf(p, b)) {
        at(p, n)->mode = CMP_DECIMAL;
        return set_type(p, n, T_BOOL, 0);
    }
    at(p, n)->mode = CMP_RATIONAL;
    return set_type(p, n, T_BOOL, 2 + max_int(at(p, a)->need, at(p, b)->need));
}

/* a in (literals): one kind of literal, and a left side that can match it. */
static int check_in(parser *p, int n)
{
    int left = at(p, n)->a, first = at(p, n)->b;
    int tl = check(p, left);
    if (tl < 0)
        return -1;
    if (tl == T_BOOL)
        return fail(p, at(p, left)->pos, "a condition cannot be compared");
    int strings = at(p, first)->kind == N_STR;
    for (int k = first; k >= 0; k = at(p, k)->next) {
        if ((at(p, k)->kind == N_STR) != strings)
            return fail(p, at(p, k)->pos, "an 'in' list cannot mix strings and numbers");
        check(p, k);
    }
    if (strings) {
        if (tl == T_NUM)
            return fail(p, at(p, left)->pos, "a number cannot be compared with a list of strings");
        at(p, n)->mode = CMP_TEXT;
        return set_type(p, n, T_BOOL, 0);
    }
    if (tl == T_STR)
        return fail(p, at(p, left)->pos, "a string cannot be compared with a list of numbers");
    if (is_decimal_leaf(p, left)) {
        at(p, n)->mode = CMP_DECIMAL;
        return set_type(p, n, T_BOOL, 0);
    }
    at(p, n)->mode = CMP_RATIONAL;
    return set_type(p, n, T_BOOL, 1 + at(p, left)->need);
}

/* Gives node n (and everything under it) its type; the type, or -1 on a type error. */
static int check(parser *p, int n)
{
    switch ((node_kind)at(p, n)->kind) {
    case N_NUM: return set_type(p, n, T_NUM, 0);
    case N_STR: return set_type(p, n, T_STR, 0);
    case N_COL: return set_type(p, n, T_COL, 0);
    case N_NEG:
    case N_SUM:
    case N_PROD: return check_arith(p, n);
    case N_CMP: return check_cmp(p, n);
    case N_IN: return check_in(p, n);
    case N_NOT:
    case N_AND:
    case N_OR: return check_logic(p, n);
    }
    return -1;
}

/* The root must be a condition, and its evaluation must fit the temporaries of expr_eval. */
static int check_root(parser *p, int root)
{
    int t = check(p, root);
    if (t < 0)
        return -1;
    if (t != T_BOOL)
        return fail(p, at(p, root)->pos, "expression must be a comparison or 'in'");
    if (at(p, root)->need > EXPR_MAX_TEMPS)
        return fail(p, at(p, root)->pos, "expression nested too deeply");
    return 0;
}

/* ---- compile, bind, free ------------------------------------------------ */

/* 1-based character (not byte) position of byte offset off in UTF-8 text s. */
static int char_column(const char *s, int off)
{
    int col = 1;
    for (int i = 0; i < off; i++)
        col += ((unsigned char)s[i] & 0xc0) != 0x80;
    return col;
}

expr *expr_compile(const char *src, char *err, size_t errlen, int *errcol)
{
    size_t len = strnlen(src, EXPR_MAX_LENGTH + 1);
    parser p;
    memset(&p, 0, sizeof p);
    p.err = err;
    p.errlen = errlen;
    p.errpos = -1;
    if (err && errlen)
        err[0] = '\0';
    if (errcol)
        *errcol = 0;
    if (len > EXPR_MAX_LENGTH) {
        fail(&p, -1, "expression is longer than %d bytes", EXPR_MAX_LENGTH);
        return NULL;
    }
    expr *e = xcalloc(1, sizeof *e);
    e->src = xstrndup(src, len);
    p.e = e;
    p.src = e->src;
    int root = parse_expression(&p);
    if (root < 0 || check_root(&p, root) < 0) {
        if (errcol && p.errpos >= 0)
            *errcol = char_column(e->src, p.errpos);
        expr_free(e);
        return NULL;
    }
    e->root = root;
    e->ntemps = at(&p, root)->need;
    return e;
}

size_t expr_column_count(const expr *e)
{
    return e->ncols;
}

const char *expr_column_name(const expr *e, size_t i)
{
    return i < e->ncols ? e->cols[i] : NULL;
}

int expr_bind(expr *e, const char *const *header, size_t ncols, char *err, size_t errlen)
{
    size_t *idx = xmalloc(e->ncols * sizeof *idx);
    for (size_t i = 0; i < e->ncols; i++) {
        size_t j = 0;
        while (j < ncols && strcmp(header[j], e->cols[i]) != 0)
            j++;
        if (j == ncols) {
            if (err && errlen)
                snprintf(err, errlen, "column '%s' is not in the deals header", e->cols[i]);
            free(idx);
            return -1;
        }
        idx[i] = j;
    }
    free(e->colidx);
    e->colidx = idx;
    return 0;
}

const char *expr_source(const expr *e)
{
    return e->src;
}

void expr_free(expr *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nnums; i++) {
        mpq_clear(e->nums[i].value);
        free(e->nums[i].text);
    }
    for (size_t i = 0; i < e->ncols; i++)
        free(e->cols[i]);
    free(e->nums);
    free(e->cols);
    free(e->colidx);
    free(e->nodes);
    free(e->src);
    free(e);
}

/* ---- evaluation --------------------------------------------------------- */

typedef struct evalctx {
    const expr *e;
    const char *const *fields;
    char *err;
    size_t errlen;
} evalctx;

__attribute__((format(printf, 2, 3)))
static int eval_error(const evalctx *c, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, c->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const node *node_at(const evalctx *c, int n)
{
    return &c->e->nodes[n];
}

static const char *field_of(const evalctx *c, const node *col)
{
    return c->fields[c->e->colidx[col->a]];
}

/* Appends a column value for an error message: control bytes as '?', long values cut at a character. */
static void put_shown_value(strbuf *sb, const char *v)
{
    size_t len = strlen(v), n = len;
    if (n > SHOWN_VALUE_MAX) {
        n = SHOWN_VALUE_MAX;
        while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        sb_putc(sb, ch < 0x20 || ch == 0x7f ? '?' : (char)ch);
    }
    if (n < len)
        sb_puts(sb, "...");
}

typedef enum { DEC_OK, DEC_NOT_A_NUMBER, DEC_TOO_LONG } decimal_status;

/* Whether s is in the amount grammar -?[0-9]+(\.[0-9]+)? within the digit cap; *len gets its length. */
static decimal_status scan_decimal(const char *s, size_t *len)
{
    size_t i = s[0] == '-', digits = 0;
    if (!is_digit(s[i]))
        return DEC_NOT_A_NUMBER;
    for (; is_digit(s[i]); i++)
        digits++;
    if (s[i] == '.') {
        if (!is_digit(s[++i]))
            return DEC_NOT_A_NUMBER;
        for (; is_digit(s[i]); i++)
            digits++;
    }
    if (s[i] != '\0')
        return DEC_NOT_A_NUMBER;
    *len = i;
    return digits > MONEY_MAX_DIGITS ? DEC_TOO_LONG : DEC_OK;
}

static int not_a_number(const evalctx *c, const node *col, const char *v, decimal_status st)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "column '%s' value '", c->e->cols[col->a]);
    put_shown_value(&sb, v);
    if (st == DEC_TOO_LONG)
        sb_printf(&sb, "' has more than %d digits", MONEY_MAX_DIGITS);
    else
        sb_puts(&sb, "' is not a number");
    eval_error(c, "%s", sb.p);
    sb_free(&sb);
    return -1;
}

/* The text of a string literal or a column. */
static const char *text_of(const evalctx *c, int n, size_t *len)
{
    const node *x = node_at(c, n);
    if (x->kind == N_STR) {
        *len = (size_t)x->b;
        return c->e->src + x->a;
    }
    const char *v = field_of(c, x);
    *len = strlen(v);
    return v;
}

/* The decimal text of a number literal or a column; -1 when the column's value is not a number. */
static int decimal_of(const evalctx *c, int n, const char **s, size_t *len)
{
    const node *x = node_at(c, n);
    if (x->kind == N_NUM) {
        *s = c->e->nums[x->a].text;
        *len = c->e->nums[x->a].len;
        return 0;
    }
    const char *v = field_of(c, x);
    decimal_status st = scan_decimal(v, len);
    if (st != DEC_OK)
        return not_a_number(c, x, v, st);
    *s = v;
    return 0;
}

/* Bytewise order: memcmp, then the shorter first. */
static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int r = memcmp(a, b, alen < blen ? alen : blen);
    if (r != 0)
        return r < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen;
}

/* A decimal reduced for comparison: no sign on zero, no leading integer zeros, no trailing fraction zeros. */
typedef struct decimal {
    int negative;
    const char *ip, *fp;
    size_t ilen, flen;
} decimal;

static void decimal_split(const char *s, size_t len, decimal *d)
{
    const char *end = s + len;
    d->negative = *s == '-';
    s += d->negative;
    while (s < end && *s == '0')
        s++;
    const char *dot = memchr(s, '.', (size_t)(end - s));
    d->ip = s;
    d->ilen = (size_t)((dot ? dot : end) - s);
    d->fp = dot ? dot + 1 : end;
    d->flen = (size_t)(end - d->fp);
    while (d->flen > 0 && d->fp[d->flen - 1] == '0')
        d->flen--;
    if (d->ilen == 0 && d->flen == 0)
        d->negative = 0;
}

/* Orders two texts of the amount grammar by value (exact: digit by digit). */
static int decimal_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    decimal x, y;
    decimal_split(a, alen, &x);
    decimal_split(b, blen, &y);
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    int mag;
    if (x.ilen != y.ilen)
        mag = x.ilen < y.ilen ? -1 : 1;
    else if ((mag = memcmp(x.ip, y.ip, x.ilen)) == 0)
        mag = bytes_cmp(x.fp, x.flen, y.fp, y.flen);
    mag = (mag > 0) - (mag < 0);
    return x.negative ? -mag : mag;
}

static int eval_num(const evalctx *c, int n, mpq_ptr out, mpq_t *tmp);

/* A column's value as a rational; -1 when it is not a number. */
static int column_number(const evalctx *c, const node *x, mpq_ptr out)
{
    const char *v = field_of(c, x);
    size_t len;
    decimal_status st = scan_decimal(v, &len);
    if (st != DEC_OK)
        return not_a_number(c, x, v, st);
    if (money_parse_decimal(out, v, len) != MONEY_OK)
        return not_a_number(c, x, v, DEC_NOT_A_NUMBER);
    return 0;
}

/* A sum or product: the first member into out, each next one into tmp[0], combined left to right. */
static int eval_chain(const evalctx *c, const node *x, mpq_ptr out, mpq_t *tmp)
{
    int k = x->a;
    if (eval_num(c, k, out, tmp) < 0)
        return -1;
    for (k = node_at(c, k)->next; k >= 0; k = node_at(c, k)->next) {
        if (eval_num(c, k, tmp[0], tmp + 1) < 0)
            return -1;
        switch (node_at(c, k)->link) {
        case TK_PLUS: mpq_add(out, out, tmp[0]); break;
        case TK_MINUS: mpq_sub(out, out, tmp[0]); break;
        case TK_STAR: mpq_mul(out, out, tmp[0]); break;
        default:
            if (mpq_sgn(tmp[0]) == 0)
                return eval_error(c, "division by zero");
            mpq_div(out, out, tmp[0]);
        }
    }
    return 0;
}

/* Evaluates numeric node n into out, with tmp[0..need) free for operands; 0, or -1 on an error. */
static int eval_num(const evalctx *c, int n, mpq_ptr out, mpq_t *tmp)
{
    const node *x = node_at(c, n);
    switch (x->kind) {
    case N_NUM:
        mpq_set(out, c->e->nums[x->a].value);
        return 0;
    case N_COL:
        return column_number(c, x, out);
    case N_NEG:
        if (eval_num(c, x->a, out, tmp) < 0)
            return -1;
        mpq_neg(out, out);
        return 0;
    default:
        return eval_chain(c, x, out, tmp);
    }
}

/* Orders operand a against operand b as the checker decided; 0, or -1 on an evaluation error. */
static int compare(const evalctx *c, cmp_mode mode, int a, int b, mpq_t *tmp, int *order)
{
    const char *sa, *sb;
    size_t la, lb;
    switch (mode) {
    case CMP_TEXT:
        sa = text_of(c, a, &la);
        sb = text_of(c, b, &lb);
        *order = bytes_cmp(sa, la, sb, lb);
        return 0;
    case CMP_DECIMAL:
        if (decimal_of(c, a, &sa, &la) < 0 || decimal_of(c, b, &sb, &lb) < 0)
            return -1;
        *order = decimal_cmp(sa, la, sb, lb);
        return 0;
    case CMP_RATIONAL:
        break;
    }
    if (eval_num(c, a, tmp[0], tmp + 2) < 0 || eval_num(c, b, tmp[1], tmp + 2) < 0)
        return -1;
    int r = mpq_cmp(tmp[0], tmp[1]);
    *order = (r > 0) - (r < 0);
    return 0;
}

static int eval_cmp(const evalctx *c, const node *x, mpq_t *tmp)
{
    int order;
    if (compare(c, (cmp_mode)x->mode, x->a, x->b, tmp, &order) < 0)
        return -1;
    switch ((cmp_op)x->op) {
    case OP_EQ: return order == 0;
    case OP_NE: return order != 0;
    case OP_LT: return order < 0;
    case OP_LE: return order <= 0;
    case OP_GT: return order > 0;
    case OP_GE: return order >= 0;
    }
    return -1;
}

/* a in (...): the left side is evaluated once, then matched against each literal. */
static int eval_in(const evalctx *c, const node *x, mpq_t *tmp)
{
    const char *s;
    size_t len;
    int k = x->b;
    switch ((cmp_mode)x->mode) {
    case CMP_TEXT:
        s = text_of(c, x->a, &len);
        for (; k >= 0; k = node_at(c, k)->next) {
            size_t llen;
            const char *lit = text_of(c, k, &llen);
            if (bytes_cmp(s, len, lit, llen) == 0)
                return 1;
        }
        return 0;
    case CMP_DECIMAL:
        if (decimal_of(c, x->a, &s, &len) < 0)
            return -1;
        for (; k >= 0; k = node_at(c, k)->next) {
            const numlit *lit = &c->e->nums[node_at(c, k)->a];
            if (decimal_cmp(s, len, lit->text, lit->len) == 0)
                return 1;
        }
        return 0;
    case CMP_RATIONAL:
        break;
    }
    if (eval_num(c, x->a, tmp[0], tmp + 1) < 0)
        return -1;
    for (; k >= 0; k = node_at(c, k)->next)
        if (mpq_equal(tmp[0], c->e->nums[node_at(c, k)->a].value))
            return 1;
    return 0;
}

static int eval_bool(const evalctx *c, int n, mpq_t *tmp);

/* and / or: members left to right until one yields `decisive`, which is then the result. */
static int eval_junction(const evalctx *c, int k, int decisive, mpq_t *tmp)
{
    for (; k >= 0; k = node_at(c, k)->next) {
        int r = eval_bool(c, k, tmp);
        if (r < 0 || r == decisive)
            return r;
    }
    return !decisive;
}

/* 1 holds, 0 does not, -1 evaluation error. */
static int eval_bool(const evalctx *c, int n, mpq_t *tmp)
{
    const node *x = node_at(c, n);
    int r;
    switch (x->kind) {
    case N_CMP:
        return eval_cmp(c, x, tmp);
    case N_IN:
        return eval_in(c, x, tmp);
    case N_NOT:
        r = eval_bool(c, x->a, tmp);
        return r < 0 ? r : !r;
    case N_AND:
        return eval_junction(c, x->a, 0, tmp);
    default:
        return eval_junction(c, x->a, 1, tmp);
    }
}

int expr_eval(const expr *e, const char *const *fields, char *err, size_t errlen)
{
    evalctx c = {e, fields, err, errlen};
    mpq_t tmp[EXPR_MAX_TEMPS];
    if (e->ncols > 0 && !e->colidx)
        return eval_error(&c, "expression is not bound to a header");
    for (int i = 0; i < e->ntemps; i++)
        mpq_init(tmp[i]);
    int r = eval_bool(&c, e->root, tmp);
    for (int i = 0; i < e->ntemps; i++)
        mpq_clear(tmp[i]);
    return r;
}
