/*
 * test_xmlwords.c - libxml2's messages in plain words.  Each input is a message
 * as libxml2 2.9.14 wrote it for a broken plan (copied from `truce check`'s
 * output before this rewriting, namespaces removed); the expected text is what
 * a comp designer should read.  A message no template knows comes back unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "xmlwords.h"

static void expect_plain(const char *msg, const char *want)
{
    strbuf sb = STRBUF_INIT;
    xmlwords_plain(&sb, msg);
    assert_string_equal(sb.p, want);
    sb_free(&sb);
}

static void test_enumeration(void **state)
{
    expect_plain("Element 'plan', attribute 'rounding': [facet 'enumeration'] The value 'half_up' is "
                 "not an element of the set {'half-up', 'half-even', 'down', 'up'}.",
                 "<plan> rounding 'half_up': write one of half-up, half-even, down, up "
                 "(did you mean 'half-up'?)");
    /* z-shaped is one edit from u-, w- and j-shaped: no guess */
    expect_plain("Element 'marketing', attribute 'model': [facet 'enumeration'] The value 'z-shaped' "
                 "is not an element of the set {'linear', 'u-shaped', 'w-shaped', 'j-shaped'}.",
                 "<marketing> model 'z-shaped': write one of linear, u-shaped, "
                 "w-shaped, j-shaped");
    /* far from every item: no guess either */
    expect_plain("Element 'plan', attribute 'rounding': [facet 'enumeration'] The value 'banker' is "
                 "not an element of the set {'half-up', 'half-even', 'down', 'up'}.",
                 "<plan> rounding 'banker': write one of half-up, half-even, down, up");
}

static void test_pattern(void **state)
{
    expect_plain("Element 'tier', attribute 'rate': [facet 'pattern'] The value 'ten' is not accepted "
                 "by the pattern '[0-9]+(\\.[0-9]+)?%?|[0-9]+/[0-9]+'.",
                 "<tier> rate 'ten': write a number (0.3), a percentage (30%) or a "
                 "fraction (3/10), without sign or spaces");
    expect_plain("Element 'plan', attribute 'currency': [facet 'pattern'] The value 'usd' is not "
                 "accepted by the pattern '[A-Z]{3}'.",
                 "<plan> currency 'usd': write a three-letter currency code in "
                 "capitals (USD, EUR)");
    expect_plain("Element 'plan', attribute 'effective-from': [facet 'pattern'] The value '2027-1-01' "
                 "is not accepted by the pattern '[0-9]{4}-[0-9]{2}-[0-9]{2}'.",
                 "<plan> effective-from '2027-1-01': write a date as YYYY-MM-DD "
                 "(2027-01-31)");
    expect_plain("Element 'plan', attribute 'id': [facet 'pattern'] The value '' is not accepted by "
                 "the pattern '[^\\p{Cc}]+'.",
                 "<plan> id '': the value is empty");
    /* a pattern of another schema version: said as it is */
    expect_plain("Element 'x', attribute 'y': [facet 'pattern'] The value 'a' is not accepted by the "
                 "pattern '[b]'.",
                 "<x> y 'a': the value must match the pattern [b]");
}

static void test_lengths(void **state)
{
    char msg[600], want[300];
    char v[202];
    memset(v, 'x', 201);
    v[201] = '\0';
    snprintf(msg, sizeof msg, "Element 'plan', attribute 'id': [facet 'maxLength'] The value '%s' has "
             "a length of '201'; this exceeds the allowed maximum length of '200'.", v);
    /* the value is cut at 60 bytes */
    snprintf(want, sizeof want, "<plan> id '%.60s...': at most 200 characters (this "
             "one has 201)", v);
    expect_plain(msg, want);
    expect_plain("Element 'rate-table', attribute 'fields': [facet 'minLength'] The value '' has a "
                 "length of '0'; this underruns the allowed minimum length of '1'.",
                 "<rate-table> fields '': the value is empty");
}

static void test_elements(void **state)
{
    expect_plain("Element 'commission': The attribute 'id' is required but missing.",
                 "<commission> needs the attribute 'id' (required)");
    expect_plain("Element 'marketing', attribute 'extra': The attribute 'extra' is not allowed.",
                 "<marketing> has no attribute 'extra'");
    expect_plain("Element 'split', attribute 'overlay': 'yes' is not a valid value of the atomic type "
                 "'xs:boolean'.",
                 "<split> overlay 'yes': write true or false");
    expect_plain("Element 'commission': Missing child element(s). Expected is one of ( clawback, tier ).",
                 "<commission> needs a child element: one of clawback, tier");
    expect_plain("Element 'plan': Missing child element(s). Expected is ( credit ).",
                 "<plan> needs a <credit> element inside it");
    expect_plain("Element 'teir': This element is not expected. Expected is one of ( clawback, tier ).",
                 "<teir> does not belong here; expected one of clawback, tier (did you mean 'tier'?)");
    expect_plain("Element 'closer': This element is not expected. Expected is ( marketing ).",
                 "<closer> does not belong here; expected <marketing>");
    expect_plain("Element 'closer': This element is not expected.",
                 "<closer> does not belong here (or comes once too often)");
    expect_plain("Element 'closer': Element content is not allowed, because the content type is empty.",
                 "<closer> takes nothing inside it: write <closer .../>");
    expect_plain("Element 'closer': Character content is not allowed, because the content type is empty.",
                 "<closer> takes nothing inside it: write <closer .../>");
    expect_plain("Element 'role': Character content other than whitespace is not allowed because the "
                 "content type is 'element-only'.",
                 "<role> holds text; only elements go inside it (remove the text)");
}

static void test_parser(void **state)
{
    expect_plain("Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0x61 0x62",
                 "the file is not UTF-8 (bytes 0xE9 0x20 0x61 0x62): if it was saved as Latin-1 or "
                 "Windows-1252, save it again as UTF-8");
    expect_plain("Detected an entity reference loop",
                 "entities nest or loop here; write the text out (only &amp; &lt; &gt; &quot; &apos; "
                 "are known)");
    expect_plain("EntityValue: '%' forbidden except for entities references",
                 "a '%' inside a DOCTYPE's entity: remove the DOCTYPE (it is not allowed)");
    expect_plain("Entity 'nbsp' not defined", "'&nbsp;' is not an entity: write a literal & as &amp;");
    expect_plain("Opening and ending tag mismatch: role line 4 and plan",
                 "</plan> found where </role> (opened on line 4) was expected: close <role> first");
    expect_plain("Premature end of data in tag plan line 2",
                 "the file ends before <plan> (line 2) is closed: add </plan>");
    expect_plain("Start tag expected, '<' not found",
                 "this is not XML: the file should start with <?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    expect_plain("Unsupported encoding X-NOPE",
                 "encoding 'X-NOPE' is not supported: save the file as UTF-8 and write encoding=\"UTF-8\"");
    expect_plain("Attribute year redefined", "attribute 'year' is written twice in this tag");
    expect_plain("Extra content at the end of the document",
                 "text after the end of the root element: a file holds one root element");
    expect_plain("Unescaped '<' not allowed in attributes values",
                 "a '<' inside an attribute value: write &lt;");
    expect_plain("Excessive depth in document: 256 use XML_PARSE_HUGE option",
                 "elements are nested more than 256 deep");
}

static void test_unknown_kept(void **state)
{
    expect_plain("Some message of a newer libxml2", "Some message of a newer libxml2");
    expect_plain("", "");
    /* a prefix of a template is not the template */
    expect_plain("Attribute year", "Attribute year");
    expect_plain("Element 'x': something else", "Element 'x': something else");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration), cmocka_unit_test(test_pattern),
        cmocka_unit_test(test_lengths),     cmocka_unit_test(test_elements),
        cmocka_unit_test(test_parser),      cmocka_unit_test(test_unknown_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
