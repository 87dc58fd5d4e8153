/*
 * test_digest.c - SHA-256 through nettle: the FIPS 180-2 test vectors, and a
 * file hashed in blocks giving the same digest as its bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"

static void vectors(void **state)
{
    (void)state;
    char hex[DIGEST_HEX_SIZE];
    digest_bytes(hex, "", 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest_bytes(hex, "abc", 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_bytes(hex, two, strlen(two));
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A million 'a's, written to a file: read in 1 MiB blocks, the last one short. */
static void million_a_file(void **state)
{
    (void)state;
    char path[] = "/tmp/truce-digest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    assert_int_equal(write(fd, a, 1000000), 1000000);
    close(fd);
    char hex[DIGEST_HEX_SIZE], mem[DIGEST_HEX_SIZE];
    uint64_t size = 0;
    assert_int_equal(digest_file(hex, &size, path, NULL), 0);
    assert_int_equal(size, 1000000);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    digest_bytes(mem, a, 1000000);
    assert_string_equal(hex, mem);
    unlink(path);
    free(a);
}

static void missing_file(void **state)
{
    (void)state;
    char hex[DIGEST_HEX_SIZE];
    uint64_t size;
    diag d;
    diag_init(&d);
    assert_int_equal(digest_file(hex, &size, "/nonexistent/x.csv", &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, "/nonexistent/x.csv");
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vectors),
        cmocka_unit_test(million_a_file),
        cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
