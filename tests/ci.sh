# ci.sh - sourced by the test runners (tests/run_unit.sh, tests/e2e/run.sh): are we under CI?
#
# CI services set CI (GitHub, GitLab and others set CI=true), and .ci/run sets it when it is
# not set.  Under CI a test that is skipped because a tool .ci/run installs is missing fails
# the run: a test must not pass by not running.  CI empty, 0 or false is not CI.
in_ci() {
    case "${CI:-}" in
        "" | 0 | false | False | FALSE) return 1 ;;
    esac
    return 0
}
