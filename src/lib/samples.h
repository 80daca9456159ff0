/*
 * samples: model outputs to evaluate, in the shapes users already have.
 *
 *   jsonl      EvalPlus / human-eval: {"task_id", "solution" | "completion"}
 *              per line; "solution" (full code) wins over "completion"
 *              (appended to the prompt); optional "language".
 *   directory  EvalPlus: DIR/<task_id with '/' as '_'>/<n>.py, n ascending.
 *   bigcode    a JSON array of arrays of strings, in dataset order; program
 *              = candidate (bigcode appends the test itself).
 *   lcb        LiveCodeBench: [{"question_id", "code_list": [...]}].
 * Samples of one task keep their order (the completion id). Task ids the
 * dataset does not know are skipped with a warning (as EvalPlus does);
 * tasks with no sample, duplicate question ids and broken JSON are errors
 * naming the file and line.
 */
#ifndef VD_SAMPLES_H
#define VD_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

struct vd_sample {
	uint32_t problem;  /* index in the dataset */
	uint32_t index;	   /* completion id within its task */
	int lang;	   /* enum vd_lang */
	char *code;	   /* the program to judge */
	size_t prompt_len; /* code = prompt + completion: the prompt's length
			      (0 when the sample gave a whole solution) */
	char *origin;	   /* "file:line" or the .py path */
};

struct vd_samples {
	struct vd_sample *v;
	uint32_t n;
	uint32_t *per_task; /* samples per problem (dataset order) */
	char **warnings;
	uint32_t n_warnings;
	char source_sha256[VD_SHA256_HEX];
};

/* Loads path (file or directory). require_all: every task needs a sample
 * (EvalPlus and human-eval refuse otherwise). */
int vd_samples_load(const char *path, const struct vd_dataset *d,
		    int require_all, struct vd_samples **out,
		    struct vd_error *err);
void vd_samples_free(struct vd_samples *s);

#endif
