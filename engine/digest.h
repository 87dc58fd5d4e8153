/*
 * digest.h - SHA-256 of buffers and files, as lowercase hex.
 *
 * The run manifest names every input and output by its SHA-256 so that an
 * auditor can tell whether a byte changed.  The hashing is nettle's (GMP's
 * sibling), a maintained crypto library: Truce never hand-rolls a hash.
 */
#ifndef TRUCE_DIGEST_H
#define TRUCE_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

/* 64 hex digits and a NUL. */
#define DIGEST_HEX_SIZE 65

/* SHA-256 of data[0..len) into hex. */
void digest_bytes(char hex[DIGEST_HEX_SIZE], const void *data, size_t len);

/*
 * SHA-256 and size of the file at path, read in blocks.  0, or -1 with a
 * message naming the file reported to d (d may be NULL: errno then says why).
 */
int digest_file(char hex[DIGEST_HEX_SIZE], uint64_t *size, const char *path, diag *d);

#endif
