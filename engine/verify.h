/*
 * verify.h - `truce verify`: a run's output directory checked against its
 * manifest and a recomputation.
 *
 * First every input the manifest names must still have its recorded size
 * and SHA-256 (a changed input is reported as such, naming the file); then
 * the run is computed again from those inputs, and every file it writes
 * (manifest.xml included) must equal the one in the directory byte for byte,
 * and the directory must hold no other file.
 */
#ifndef TRUCE_VERIFY_H
#define TRUCE_VERIFY_H

#include <stddef.h>
#include "diag.h"

typedef struct verify_summary {
    size_t inputs;           /* inputs whose hashes matched */
    size_t outputs;          /* outputs compared (manifest.xml included) */
    char version[32];        /* the engine version that wrote the run */
} verify_summary;

/*
 * Verifies the run in directory `out`.  Inputs are found at the paths the
 * manifest records (relative to the current directory, as the run was given
 * them), or, when in_dir is set, in in_dir under each path's last component;
 * the closed periods a run with --books trued up against (inputs called
 * "closed", BOOKS/PERIOD/manifest.xml) are found in books_dir when it is set,
 * else at their recorded paths, and the recomputation reads the same books.
 * jobs as in run_options.  Returns 0 when everything matches; -1 after
 * reporting the problem: a changed or missing input (each one), an
 * unreadable manifest, a recomputation that fails, or the first output that
 * differs (file and line, in manifest order, manifest.xml last), a missing
 * output or an extra file.
 */
int verify_output(const char *out, const char *in_dir, const char *books_dir, int jobs,
                 verify_summary *sum, diag *d);

#endif
