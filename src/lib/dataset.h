/*
 * dataset: benchmark problems, loaded from the files users already have.
 *
 * Formats (docs/formats.md, "Datasets"):
 *   humaneval   human-eval JSONL: prompt, entry_point, canonical_solution,
 *               test (check(candidate) asserts)                  -> ASSERT
 *   humaneval+  EvalPlus HumanEval+ JSONL(.gz): base_input, plus_input,
 *               atol; expected values from canonical_solution      -> CALL
 *   mbpp+       EvalPlus MBPP+ JSONL(.gz): as humaneval+, with MBPP's
 *               input typing and special oracles                   -> CALL
 *   mbpp        sanitized MBPP JSON array: code, test_list,
 *               test_imports                                       -> ASSERT
 *   apps        APPS / LiveCodeBench records with an `input_output`
 *               JSON string of stdin/stdout pairs                  -> STDIO
 *   native      verdict's own JSONL (docs/formats.md)          -> any kind
 * The format is detected from the first record unless given.
 *
 * The file's text is kept: test inputs of CALL problems stay spans of it,
 * byte for byte, to be handed to the harness (and decoded by value.c only
 * where an oracle needs the arguments). Every error names the file and the
 * line (record) and what is wrong.
 */
#ifndef VD_DATASET_H
#define VD_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hash.h"
#include "verdict.h"

enum vd_problem_kind {
	VD_PROBLEM_CALL = 1,   /* call a function on typed inputs */
	VD_PROBLEM_STDIO = 2,  /* stdin / stdout tests */
	VD_PROBLEM_ASSERT = 3, /* program + test code, judged by exit */
};

enum vd_dataset_format {
	VD_FORMAT_AUTO = 0,
	VD_FORMAT_HUMANEVAL,
	VD_FORMAT_EVALPLUS_HUMANEVAL,
	VD_FORMAT_EVALPLUS_MBPP,
	VD_FORMAT_MBPP,
	VD_FORMAT_APPS,
	VD_FORMAT_NATIVE,
};

/* A span of the dataset's text (raw JSON). */
struct vd_span {
	const char *p;
	size_t n;
};

/* One suite of inputs of a CALL problem ("base", "plus"). */
struct vd_section {
	char name[16];
	uint32_t n;
	struct vd_span *inputs;	  /* JSON array of positional arguments */
	struct vd_span *expected; /* typed expected values given by the
				     dataset (native), or NULL: computed
				     from the reference solution */
};

#define VD_MAX_SECTIONS	   2
#define VD_PERF_MAX_LEVELS 8 /* ENAMEL has 3 timed levels */

struct vd_problem {
	char *task_id;
	int kind;	   /* enum vd_problem_kind */
	int lang;	   /* enum vd_lang of the problem's programs */
	char *prompt;	   /* may be "" */
	char *entry_point; /* CALL and ASSERT (HumanEval's check target) */
	char *reference;   /* full reference program, or NULL */
	char *test;	   /* ASSERT: test code appended to the program */
	char *checker;	   /* STDIO: checker name, NULL = "lines" */
	double atol;
	int oracle;	  /* enum vd_oracle_dataset (oracle.h) */
	bool mbpp_typing; /* MBPP+ input typing in the harness */
	bool typed_args;  /* CALL: arguments in the tagged encoding
			     (native; docs/typed-values.md) */
	bool output_not_none;
	uint32_t n_sections;
	struct vd_section sections[VD_MAX_SECTIONS];
	struct vd_section perf; /* CALL: inputs for `verdict perf` (native
				   `perf_input`); n = 0 if none */
	/* ENAMEL-style levels of the perf inputs (native `perf_level`,
	 * `perf_hardness`): perf_level[i] in 1..n_levels is input i's level,
	 * level_hardness[l - 1] level l's weight in eff@k. n_levels = 0: the
	 * problem has no levels (perf_level is NULL). */
	uint8_t *perf_level;
	double level_hardness[VD_PERF_MAX_LEVELS];
	uint32_t n_levels;
	bool strict_type;      /* CALL: type(out) == type(expected) as well
			     (native `strict_type`; ENAMEL's checker) */
	struct vd_test *tests; /* STDIO */
	uint32_t n_tests;
	uint64_t time_limit_ms;	  /* 0 = the evaluation's default */
	uint64_t memory_limit_kb; /* 0 = the evaluation's default */
};

struct vd_dataset {
	char name[32];		    /* "humaneval+", ... */
	int format;		    /* enum vd_dataset_format */
	char md5[VD_MD5_HEX];	    /* of the file, as EvalPlus's "hash" */
	char sha256[VD_SHA256_HEX]; /* of the file */
	struct vd_buf text;	    /* the file; spans point into it */
	struct vd_problem *problems;
	uint32_t n;
	uint32_t *order; /* indices sorted by task_id, for lookup */
};

/* Loads path in `format` (AUTO: detect). `name` is recorded in reports
 * (NULL: derived from the format). */
int vd_dataset_load(const char *path, int format, const char *name,
		    struct vd_dataset **out, struct vd_error *err);
void vd_dataset_free(struct vd_dataset *d);

/* The problem with this id, or NULL. */
const struct vd_problem *vd_dataset_find(const struct vd_dataset *d,
					 const char *task_id);
/* Its index, or -1. */
int64_t vd_dataset_index(const struct vd_dataset *d, const char *task_id);

/* Parses a format name: humaneval, humaneval+, mbpp, mbpp+, apps, lcb,
 * native, auto. -1 if unknown. */
int vd_dataset_format_parse(const char *name);

#endif
