/*
 * test_tree.c - tree_walk: every entry under a directory once, with its path
 * from it, a directory before its entries; symbolic links not followed; a
 * visit that ends the walk ends it; a directory that cannot be opened is
 * reported to the visit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "tree.h"

typedef struct seen {
    char *v[32];
    char kind[32];
    int err[32];
    size_t n;
    size_t stop_after;   /* 0: never */
} seen;

static int record(void *ctx, const tree_entry *e)
{
    seen *s = ctx;
    assert_true(s->n < 32);
    s->v[s->n] = xstrdup(e->rel ? e->rel : "(root)");
    if (e->kind == TREE_ENTRY)
        s->kind[s->n] = S_ISDIR(e->st->st_mode) ? 'd' : S_ISLNK(e->st->st_mode) ? 'l' : 'f';
    else
        s->kind[s->n] = e->kind == TREE_NO_STAT ? '?' : '!';
    s->err[s->n] = e->err;
    s->n++;
    return s->stop_after && s->n == s->stop_after ? -1 : 0;
}

static long find(const seen *s, const char *rel)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], rel) == 0)
            return (long)i;
    return -1;
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
}

static void put(const char *root, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    assert_true(fd >= 0);
    close(fd);
}

static void sub(const char *root, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void remove_all(const char *root)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static void every_entry(void **state)
{
    (void)state;
    char root[] = "/tmp/truce-tree-XXXXXX";
    assert_non_null(mkdtemp(root));
    put(root, "a.csv");
    sub(root, "statements");
    put(root, "statements/ana.txt");
    put(root, "statements/ben.txt");
    sub(root, "statements/deep");
    put(root, "statements/deep/x");
    sub(root, "empty");
    char link[256];
    snprintf(link, sizeof link, "%s/link", root);
    assert_int_equal(symlink("statements", link), 0);

    seen s = {0};
    assert_int_equal(tree_walk(root, record, &s), 0);
    assert_int_equal(s.n, 8);
    static const char *const want[] = {"a.csv", "statements", "statements/ana.txt",
                                       "statements/ben.txt", "statements/deep",
                                       "statements/deep/x", "empty", "link"};
    static const char kinds[] = "fdffdfdl";
    for (size_t i = 0; i < 8; i++) {
        long at = find(&s, want[i]);
        assert_true(at >= 0);
        assert_int_equal(s.kind[at], kinds[i]);
    }
    /* A directory comes before its entries; the link is not followed. */
    assert_true(find(&s, "statements") < find(&s, "statements/ana.txt"));
    assert_true(find(&s, "statements/deep") < find(&s, "statements/deep/x"));
    assert_int_equal(find(&s, "link/ana.txt"), -1);
    seen_free(&s);

    /* A visit that ends the walk ends it, and tree_walk says so. */
    seen t = {.stop_after = 2};
    assert_int_equal(tree_walk(root, record, &t), -1);
    assert_int_equal(t.n, 2);
    seen_free(&t);
    remove_all(root);
}

static void cannot_open(void **state)
{
    (void)state;
    seen s = {0};
    assert_int_equal(tree_walk("/nonexistent/truce/tree", record, &s), 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.v[0], "(root)");
    assert_int_equal(s.kind[0], '!');
    assert_int_equal(s.err[0], ENOENT);
    seen_free(&s);

    seen t = {.stop_after = 1};
    assert_int_equal(tree_walk("/nonexistent/truce/tree", record, &t), -1);
    seen_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_entry),
        cmocka_unit_test(cannot_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
