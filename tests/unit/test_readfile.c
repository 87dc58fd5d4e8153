/*
 * test_readfile.c - the one whole-file reader: a file read whole and appended,
 * the cap at its edge (cap bytes read, cap + 1 refused, the first cap + 1
 * kept for a caller that refuses it in its own words), a device and a FIFO
 * that have no size, and the one wording of each failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readfile.h"

/* n bytes of a repeating pattern in a new temporary file; returns its path (caller unlinks). */
static char *temp_file(size_t n)
{
    char *path = xstrdup("/tmp/truce-readfile-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    for (size_t i = 0; i < n; i++) {
        char c = (char)('a' + i % 26);
        assert_int_equal(write(fd, &c, 1), 1);
    }
    close(fd);
    return path;
}

static void check_pattern(const char *p, size_t from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(p[from + i], (char)('a' + i % 26));
}

static void whole_file_appended(void **state)
{
    (void)state;
    /* Sizes around the one-byte probe and the buffer's doublings. */
    static const size_t sizes[] = {0, 1, 63, 64, 65, 127, 128, 100000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        char *path = temp_file(sizes[k]);
        strbuf sb = STRBUF_INIT;
        sb_puts(&sb, "head:");
        int err = 0;
        assert_int_equal(read_file_capped(&sb, path, READ_NO_CAP, &err), READ_OK);
        assert_int_equal(sb.len, 5 + sizes[k]);
        assert_memory_equal(sb.p, "head:", 5);
        check_pattern(sb.p, 5, sizes[k]);
        assert_int_equal(sb.p[sb.len], '\0');
        sb_free(&sb);

        diag d;
        diag_init(&d);
        assert_int_equal(read_whole_file(&sb, path, sizes[k], "x", &d), 0);
        assert_int_equal(sb.len, sizes[k]);
        assert_int_equal(d.n, 0);
        sb_free(&sb);
        diag_free(&d);
        unlink(path);
        free(path);
    }
}

static void cap_edge(void **state)
{
    (void)state;
    char *path = temp_file(1000);
    strbuf sb = STRBUF_INIT;
    int err = 0;
    assert_int_equal(read_file_capped(&sb, path, 1000, &err), READ_OK);
    assert_int_equal(sb.len, 1000);
    sb_reset(&sb);
    /* One byte over: the first cap + 1 bytes are kept. */
    assert_int_equal(read_file_capped(&sb, path, 999, &err), READ_TOO_BIG);
    assert_int_equal(sb.len, 1000);
    sb_reset(&sb);
    assert_int_equal(read_file_capped(&sb, path, 10, &err), READ_TOO_BIG);
    assert_int_equal(sb.len, 11);
    check_pattern(sb.p, 0, 11);
    assert_int_equal(sb.p[11], '\0');

    /* read_whole_file refuses it and leaves the buffer as it was. */
    sb_reset(&sb);
    sb_puts(&sb, "kept");
    diag d;
    diag_init(&d);
    assert_int_equal(read_whole_file(&sb, path, 999, NULL, &d), -1);
    assert_string_equal(sb.p, "kept");
    assert_int_equal(sb.len, 4);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, path);
    assert_string_equal(d.v[0].msg, "is larger than 999 bytes");
    diag_free(&d);
    sb_free(&sb);
    unlink(path);
    free(path);
}

/* A device with no end is cut at the cap, not read forever. */
static void endless_device(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    int err = 0;
    assert_int_equal(read_file_capped(&sb, "/dev/zero", 100000, &err), READ_TOO_BIG);
    assert_int_equal(sb.len, 100001);
    sb_free(&sb);
    diag d;
    diag_init(&d);
    assert_int_equal(read_whole_file(&sb, "/dev/zero", 4096, "zero", &d), -1);
    assert_int_equal(sb.len, 0);
    assert_string_equal(d.v[0].file, "zero");
    assert_string_equal(d.v[0].msg, "is larger than 4096 bytes");
    diag_free(&d);
    sb_free(&sb);
}

static void *fifo_writer(void *arg)
{
    FILE *f = fopen(arg, "w");
    if (f) {
        for (int i = 0; i < 20000; i++)
            fprintf(f, "line %d\n", i);
        fclose(f);
    }
    return NULL;
}

/* A FIFO has no size to read from fstat: read to its end all the same. */
static void fifo(void **state)
{
    (void)state;
    char dir[] = "/tmp/truce-readfile-dir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, fifo_writer, path), 0);
    strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
    int err = 0;
    assert_int_equal(read_file_capped(&sb, path, READ_NO_CAP, &err), READ_OK);
    pthread_join(tid, NULL);
    for (int i = 0; i < 20000; i++)
        sb_printf(&want, "line %d\n", i);
    assert_int_equal(sb.len, want.len);
    assert_memory_equal(sb.p, want.p, want.len);
    sb_free(&sb);
    sb_free(&want);
    unlink(path);
    rmdir(dir);
}

static void failures(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    int err = 0;
    assert_int_equal(read_file_capped(&sb, "/nonexistent/truce/x", 10, &err), READ_CANNOT_OPEN);
    assert_int_equal(err, ENOENT);
    assert_int_equal(read_file_capped(&sb, "/tmp", 10, &err), READ_CANNOT_READ);
    assert_int_equal(err, EISDIR);
    assert_int_equal(sb.len, 0);

    diag d;
    diag_init(&d);
    char want[256];
    assert_int_equal(read_whole_file(&sb, "/nonexistent/truce/x", 10, "in/x", &d), -1);
    snprintf(want, sizeof want, "cannot open: %s", strerror(ENOENT));
    assert_string_equal(d.v[0].file, "in/x");
    assert_int_equal(d.v[0].line, 0);
    assert_string_equal(d.v[0].msg, want);
    assert_int_equal(read_whole_file(&sb, "/tmp", 10, NULL, &d), -1);
    snprintf(want, sizeof want, "cannot read: %s", strerror(EISDIR));
    assert_string_equal(d.v[1].file, "/tmp");
    assert_string_equal(d.v[1].msg, want);
    assert_int_equal(d.errors, 2);
    diag_free(&d);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_file_appended),
        cmocka_unit_test(cap_edge),
        cmocka_unit_test(endless_device),
        cmocka_unit_test(fifo),
        cmocka_unit_test(failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
