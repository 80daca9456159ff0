/*
 * cli: the subcommands of the verdict binary and what they share.
 */
#ifndef VD_CLI_H
#define VD_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

enum vd_cli_exit {
	VD_CLI_OK = 0,
	VD_CLI_USAGE = 2,  /* bad arguments or unreadable input */
	VD_CLI_SYSTEM = 3, /* the judge failed (SE) */
};

int vd_cli_run(int argc, char **argv);
int vd_cli_doctor(int argc, char **argv);
int vd_cli_evaluate(int argc, char **argv);
int vd_cli_perf(int argc, char **argv);

/* Reads a whole file (at most max bytes) into a NUL-terminated heap buffer.
 * Prints "verdict: PATH: problem" and returns NULL on failure. */
char *vd_cli_read_file(const char *path, size_t max, size_t *len);

/* Parses a positive decimal number of seconds or megabytes; prints an error
 * naming the option and returns -1 if it is not one. */
int vd_cli_parse_seconds(const char *opt, const char *s, uint64_t *ms);
int vd_cli_parse_uint(const char *opt, const char *s, uint64_t max,
		      uint64_t *v);

/* Applies the environment to an engine configuration: VERDICT_UID_BASE (the
 * uid of slot 0, to keep several verdicts on one host apart). Prints an
 * error and returns -1 if it is malformed. */
int vd_cli_config_env(struct vd_config *cfg);

/* Parses --python-start zygote|fresh; prints an error and returns -1 if
 * it is neither. */
int vd_cli_parse_python_start(const char *s, int32_t *mode);

/* Prints a library error. */
void vd_cli_error(const char *what, const struct vd_error *err);

#endif
