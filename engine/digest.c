/*
 * digest.c - SHA-256 through nettle, for the run manifest.
 *
 * Files are hashed in 1 MiB blocks so that a large deals.csv never has to be
 * held in memory twice; the digest is written as lowercase hex, the form
 * sha256sum prints, so that an auditor can check a file without Truce.
 */
#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"

#define BLOCK (1024 * 1024)

static void to_hex(char hex[DIGEST_HEX_SIZE], struct sha256_ctx *ctx)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t raw[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof raw, raw);
    for (size_t i = 0; i < sizeof raw; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void digest_bytes(char hex[DIGEST_HEX_SIZE], const void *data, size_t len)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    to_hex(hex, &ctx);
}

int digest_file(char hex[DIGEST_HEX_SIZE], uint64_t *size, const char *path, diag *d)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (d)
            diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    char *buf = xmalloc(BLOCK);
    uint64_t total = 0;
    ssize_t n;
    while ((n = read(fd, buf, BLOCK)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        sha256_update(&ctx, (size_t)n, (const uint8_t *)buf);
        total += (uint64_t)n;
    }
    int err = errno;
    free(buf);
    close(fd);
    if (n < 0) {
        if (d)
            diag_error(d, path, 0, 0, "cannot read: %s", strerror(err));
        errno = err;
        return -1;
    }
    to_hex(hex, &ctx);
    *size = total;
    return 0;
}
