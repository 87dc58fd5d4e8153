/*
 * xmlwords.c - libxml2's messages in plain words (xmlwords.h).
 *
 * A template is libxml2's format with '*' where it prints a value; matching
 * takes each '*' as the shortest run before the literal text that follows it
 * (the values in these messages never contain that text).  The templates are
 * those of libxml2 2.9.14's parser.c and xmlschemas.c; a message from
 * another version that matches none is passed on unchanged, so nothing is
 * lost, only less plainly said.
 */
#include "xmlwords.h"

#include <string.h>

#define MAX_CAPTURES 5
#define VALUE_MAX 60   /* bytes of a quoted value kept in a message */

typedef struct capture {
    const char *p;
    size_t n;
} capture;

/* Does msg match tmpl whole?  The '*'s' texts go to cap[0..]. */
static int match(const char *msg, const char *tmpl, capture cap[MAX_CAPTURES])
{
    int k = 0;
    while (*tmpl) {
        if (*tmpl != '*') {
            if (*msg != *tmpl)
                return 0;
            msg++, tmpl++;
            continue;
        }
        tmpl++;
        /* the literal after the '*', up to the next '*' or the end */
        size_t lit = strcspn(tmpl, "*");
        const char *end;
        if (lit == 0)
            end = msg + strlen(msg);
        else {
            char want[128];
            if (lit >= sizeof want || k == MAX_CAPTURES)
                return 0;
            memcpy(want, tmpl, lit);
            want[lit] = '\0';
            end = strstr(msg, want);
            if (!end)
                return 0;
        }
        cap[k].p = msg;
        cap[k].n = (size_t)(end - msg);
        k++;
        msg = end;
    }
    return *msg == '\0';
}

/* A captured value, cut at VALUE_MAX bytes on a UTF-8 boundary. */
static void put_value(strbuf *out, capture c)
{
    size_t n = c.n;
    if (n > VALUE_MAX) {
        n = VALUE_MAX;
        while (n > 0 && ((unsigned char)c.p[n] & 0xC0) == 0x80)
            n--;
    }
    sb_putn(out, c.p, n);
    if (n < c.n)
        sb_puts(out, "...");
}

/* "<ELEMENT> NAME 'VALUE'": values quoted as in Truce's own messages */
static void put_attribute(strbuf *out, capture element, capture name, capture value)
{
    sb_putc(out, '<');
    sb_putn(out, element.p, element.n);
    sb_puts(out, "> ");
    sb_putn(out, name.p, name.n);
    sb_puts(out, " '");
    put_value(out, value);
    sb_putc(out, '\'');
}

/* The restriction patterns of rules/plan.xsd and rules/mapping.xsd, said as what to write. */
static const struct {
    const char *pattern, *words;
} patterns[] = {
    {"[0-9]+(\\.[0-9]+)?%?|[0-9]+/[0-9]+",
     "a number (0.3), a percentage (30%) or a fraction (3/10), without sign or spaces"},
    {"[0-9]+(\\.[0-9]+)?|[0-9]+/[0-9]+",
     "an amount (1500 or 1500.50) or a fraction (2000/3), without sign, % or spaces"},
    {"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date as YYYY-MM-DD (2027-01-31)"},
    {"[A-Z]{3}", "a three-letter currency code in capitals (USD, EUR)"},
    {"[0-9]+", "a whole number, digits only"},
    {"[^\\p{Cc}]+", "a text without control characters (tabs, line breaks)"},
    {"[^\\p{Cc}]*", "a text without control characters (tabs, line breaks)"},
    {"[^/\\\\\\p{Cc}]+", "a name without '/', '\\' or control characters"},
    {"[^0-9\\-+.,' \\p{Cc}]{1,8}",
     "1 to 8 characters, none a digit, a sign, '.', ',', an apostrophe or a space"},
};

/* Levenshtein distance of two short words, capped: enough to suggest a mistyped value. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
    enum { MAX = 40 };
    if (na > MAX || nb > MAX)
        return MAX;
    size_t row[MAX + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/*
 * "{'a', 'b', 'c'}" or "( a, b )" listed as "a, b, c"; the closest item to
 * near (at most 2 edits away, when near is given) into *best, unless two are
 * that close: then no guess is better than a wrong one.
 */
static void put_list(strbuf *out, capture list, capture near, capture *best)
{
    size_t best_d = 3;
    int ties = 0;
    const char *p = list.p, *end = list.p + list.n;
    int first = 1;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '\'' || *p == '(' || *p == ')'))
            p++;
        const char *q = p;
        while (q < end && *q != ',' && *q != '\'' && *q != ' ' && *q != ')')
            q++;
        if (q == p)
            break;
        sb_puts(out, first ? "" : ", ");
        sb_putn(out, p, (size_t)(q - p));
        first = 0;
        if (near.p) {
            size_t d = distance(near.p, near.n, p, (size_t)(q - p));
            if (d > 0 && d < best_d) {
                best_d = d;
                best->p = p;
                best->n = (size_t)(q - p);
                ties = 0;
            } else if (d > 0 && d == best_d)
                ties++;
        }
        p = q;
    }
    if (ties)
        best->p = NULL;
}

static void put_suggestion(strbuf *out, capture best)
{
    if (!best.p)
        return;
    sb_puts(out, " (did you mean '");
    sb_putn(out, best.p, best.n);
    sb_puts(out, "'?)");
}

/* The schema validator's messages about an attribute's value. */
static int schema_attribute(strbuf *out, const char *msg)
{
    capture c[MAX_CAPTURES] = {{0}}, best = {0};
    if (match(msg, "Element '*', attribute '*': [facet 'enumeration'] The value '*' is not an "
                   "element of the set {*}.", c)) {
        put_attribute(out, c[0], c[1], c[2]);
        sb_puts(out, ": write one of ");
        put_list(out, c[3], c[2], &best);
        put_suggestion(out, best);
        return 1;
    }
    if (match(msg, "Element '*', attribute '*': [facet 'pattern'] The value '*' is not accepted "
                   "by the pattern '*'.", c)) {
        put_attribute(out, c[0], c[1], c[2]);
        if (c[2].n == 0) {
            sb_puts(out, ": the value is empty");
            return 1;
        }
        for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
            if (strlen(patterns[i].pattern) == c[3].n &&
                memcmp(patterns[i].pattern, c[3].p, c[3].n) == 0) {
                sb_printf(out, ": write %s", patterns[i].words);
                return 1;
            }
        sb_puts(out, ": the value must match the pattern ");
        sb_putn(out, c[3].p, c[3].n);
        return 1;
    }
    return 0;
}

/* The length facets of an attribute's value. */
static int schema_length(strbuf *out, const char *msg)
{
    capture c[MAX_CAPTURES] = {{0}};
    if (match(msg, "Element '*', attribute '*': [facet 'maxLength'] The value '*' has a length of "
                   "'*'; this exceeds the allowed maximum length of '*'.", c)) {
        put_attribute(out, c[0], c[1], c[2]);
        sb_printf(out, ": at most %.*s characters (this one has %.*s)", (int)c[4].n, c[4].p,
                  (int)c[3].n, c[3].p);
        return 1;
    }
    if (match(msg, "Element '*', attribute '*': [facet 'minLength'] The value '*' has a length of "
                   "'*'; this underruns the allowed minimum length of '*'.", c)) {
        put_attribute(out, c[0], c[1], c[2]);
        if (c[3].n == 1 && c[3].p[0] == '0')
            sb_puts(out, ": the value is empty");
        else
            sb_printf(out, ": at least %.*s characters (this one has %.*s)", (int)c[4].n, c[4].p,
                      (int)c[3].n, c[3].p);
        return 1;
    }
    return 0;
}

/* The schema validator's messages about an element's place and content. */
static int schema_element(strbuf *out, const char *msg)
{
    capture c[MAX_CAPTURES] = {{0}}, none = {0}, best = {0};
    if (match(msg, "Element '*', attribute '*': '*' is not a valid value of the atomic type "
                   "'xs:boolean'.", c)) {
        put_attribute(out, c[0], c[1], c[2]);
        sb_puts(out, ": write true or false");
        return 1;
    }
    if (match(msg, "Element '*', attribute '*': The attribute '*' is not allowed.", c)) {
        static const char xml_ns[] = "{http://www.w3.org/XML/1998/namespace}";
        const size_t ns = sizeof xml_ns - 1;
        sb_printf(out, "<%.*s> has no attribute '", (int)c[0].n, c[0].p);
        if (c[1].n > ns && memcmp(c[1].p, xml_ns, ns) == 0)   /* xml:lang, xml:space */
            sb_printf(out, "xml:%.*s'", (int)(c[1].n - ns), c[1].p + ns);
        else
            sb_printf(out, "%.*s'", (int)c[1].n, c[1].p);
        return 1;
    }
    if (match(msg, "Element '*': The attribute '*' is required but missing.", c)) {
        sb_printf(out, "<%.*s> needs the attribute '%.*s' (required)", (int)c[0].n, c[0].p,
                  (int)c[1].n, c[1].p);
        return 1;
    }
    if (match(msg, "Element '*': Missing child element(s). Expected is one of ( * ).", c)) {
        sb_printf(out, "<%.*s> needs a child element: one of ", (int)c[0].n, c[0].p);
        put_list(out, c[1], none, &best);
        return 1;
    }
    if (match(msg, "Element '*': Missing child element(s). Expected is ( * ).", c)) {
        sb_printf(out, "<%.*s> needs a <%.*s> element inside it", (int)c[0].n, c[0].p,
                  (int)c[1].n, c[1].p);
        return 1;
    }
    if (match(msg, "Element '*': This element is not expected. Expected is one of ( * ).", c)) {
        sb_printf(out, "<%.*s> does not belong here; expected one of ", (int)c[0].n, c[0].p);
        put_list(out, c[1], c[0], &best);
        put_suggestion(out, best);
        return 1;
    }
    if (match(msg, "Element '*': This element is not expected. Expected is ( * ).", c)) {
        sb_printf(out, "<%.*s> does not belong here; expected <%.*s>", (int)c[0].n, c[0].p,
                  (int)c[1].n, c[1].p);
        return 1;
    }
    if (match(msg, "Element '*': This element is not expected.", c)) {
        sb_printf(out, "<%.*s> does not belong here (or comes once too often)", (int)c[0].n, c[0].p);
        return 1;
    }
    if (match(msg, "Element '*': Element content is not allowed, because the content type is empty.",
              c) ||
        match(msg, "Element '*': Character content is not allowed, because the content type is empty.",
              c)) {
        sb_printf(out, "<%.*s> takes nothing inside it: write <%.*s .../>", (int)c[0].n, c[0].p,
                  (int)c[0].n, c[0].p);
        return 1;
    }
    if (match(msg, "Element '*': Character content other than whitespace is not allowed because "
                   "the content type is 'element-only'.", c)) {
        sb_printf(out, "<%.*s> holds text; only elements go inside it (remove the text)",
                  (int)c[0].n, c[0].p);
        return 1;
    }
    return 0;
}

/* The parser's messages: what is wrong with the XML itself. */
static const struct {
    const char *tmpl, *words;   /* in words, @K stands for the template's K-th value */
} parser_words[] = {
    {"Input is not proper UTF-8, indicate encoding ! Bytes: *",
     "the file is not UTF-8 (bytes @0): if it was saved as Latin-1 or Windows-1252, save it "
     "again as UTF-8"},
    {"Detected an entity reference loop",
     "entities nest or loop here; write the text out (only &amp; &lt; &gt; &quot; &apos; are "
     "known)"},
    {"Entity '*' not defined",
     "'&@0;' is not an entity: write a literal & as &amp;"},
    {"Attribute references external entity '*'",
     "'&@0;' refers to an external entity, which is not allowed"},
    {"EntityValue: '%' forbidden except for entities references",
     "a '%' inside a DOCTYPE's entity: remove the DOCTYPE (it is not allowed)"},
    {"Start tag expected, '<' not found",
     "this is not XML: the file should start with <?xml version=\"1.0\" encoding=\"UTF-8\"?>"},
    {"Premature end of data in tag * line *",
     "the file ends before <@0> (line @1) is closed: add </@0>"},
    {"Opening and ending tag mismatch: * line * and *",
     "</@2> found where </@0> (opened on line @1) was expected: close <@0> first"},
    {"Unsupported encoding *",
     "encoding '@0' is not supported: save the file as UTF-8 and write encoding=\"UTF-8\""},
    {"Excessive depth in document: * use XML_PARSE_HUGE option",
     "elements are nested more than @0 deep"},
    {"Attribute * redefined", "attribute '@0' is written twice in this tag"},
    {"Double hyphen within comment: *", "'--' inside a comment (<!-- ... -->): remove it"},
    {"Comment not terminated *", "a comment is not closed: end it with -->"},
    {"Extra content at the end of the document",
     "text after the end of the root element: a file holds one root element"},
    {"Unescaped '<' not allowed in attributes values", "a '<' inside an attribute value: write &lt;"},
    {"attributes construct error",
     "an attribute is not written name=\"value\" (a quote may be missing)"},
    {"Couldn't find end of Start Tag * line *", "the tag <@0> of line @1 is not closed with '>'"},
    {"Specification mandates value for attribute *", "attribute '@0' has no =\"value\""},
    {"expected '>'", "'>' expected here: a tag is not closed"},
    {"xmlParseEntityRef: no name", "a '&' that starts no entity: write a literal & as &amp;"},
    {"EndTag: '</' not found", "a closing tag is broken: write </name>"},
    {"StartTag: invalid element name", "'<' starts no tag: write a literal < as &lt;"},
    {"String not closed expecting \" or '", "a quoted value is not closed: add its quote"},
    {"Blank needed here", "a space is needed here (between attributes)"},
    {"Char 0x0 out of allowed range", "the file holds a NUL byte (0x00), which XML forbids"},
};

/* words with @K replaced by capture K. */
static void put_words(strbuf *out, const char *words, const capture *c)
{
    for (const char *w = words; *w; w++) {
        if (w[0] == '@' && w[1] >= '0' && w[1] < '0' + MAX_CAPTURES) {
            put_value(out, c[w[1] - '0']);
            w++;
        } else
            sb_putc(out, *w);
    }
}

static int parser(strbuf *out, const char *msg)
{
    for (size_t i = 0; i < sizeof parser_words / sizeof parser_words[0]; i++) {
        capture c[MAX_CAPTURES] = {{0}};
        if (match(msg, parser_words[i].tmpl, c)) {
            put_words(out, parser_words[i].words, c);
            return 1;
        }
    }
    return 0;
}

void xmlwords_plain(strbuf *out, const char *msg)
{
    /* each rewriter writes only once its template matched */
    if (!schema_length(out, msg) && !schema_attribute(out, msg) && !schema_element(out, msg) &&
        !parser(out, msg))
        sb_puts(out, msg);
}
