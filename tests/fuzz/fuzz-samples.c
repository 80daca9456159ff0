/*
 * fuzz-samples: libFuzzer target for samples (vd_samples_load on sample
 * files: EvalPlus/human-eval JSONL, bigcode arrays, LiveCodeBench lists,
 * plain or gzip) on untrusted bytes.
 *
 * The input is the sample file's content, read from a memfd through
 * /proc/self/fd/N, against a fixed five-task dataset (task ids t/0, t/1,
 * HumanEval/0, Mbpp/2, abc301_a; prompts of several lengths). It is loaded
 * without and with require_all. Beyond "no crash, no leak, no UB", it
 * checks:
 *   - a failure is a known code with a NUL-terminated message naming the
 *     file, leaves *out alone, and does not depend on require_all;
 *   - loaded samples are sorted by task then completion id, the ids of a
 *     task are 0, 1, ... as counted in per_task, which sums to n; each has
 *     code, an origin naming the file, a known language, and a prompt_len
 *     that is 0 or the task's prompt, which then starts the code;
 *   - at most 20 warnings; the source hash is lowercase hex;
 *   - with require_all the load succeeds exactly when every task has a
 *     sample, and finds the same samples.
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -Iinclude -Isrc/lib \
 *     tests/fuzz/fuzz-samples.c tests/fuzz/lang-parse.c src/lib/samples.c \
 *     src/lib/dataset.c src/lib/json.c src/lib/file.c src/lib/hash.c \
 *     src/lib/alloc.c src/lib/err.c src/lib/buf.c -lz -lcrypto -lm \
 *     -o fuzz-samples && ./fuzz-samples tests/fuzz/corpus/samples
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dataset.h"
#include "samples.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

/* The dataset the samples are loaded against (native format). */
static const char dataset_text[] =
	"{\"task_id\": \"t/0\", \"kind\": \"assert\", \"prompt\": \"def one():\\n\", \"test\": \"assert one() == 1\\n\"}\n"
	"{\"task_id\": \"t/1\", \"kind\": \"stdio\", \"language\": \"c\", \"tests\": []}\n"
	"{\"task_id\": \"HumanEval/0\", \"kind\": \"assert\", \"prompt\": \"from typing import List\\n\\n\\ndef f(xs: List[int]) -> int:\\n    \\\"\\\"\\\" Sum. \\\"\\\"\\\"\\n\", \"test\": \"\"}\n"
	"{\"task_id\": \"Mbpp/2\", \"kind\": \"call\", \"entry_point\": \"f\", \"prompt\": \"\\\"\\\"\\\"\\nWrite f.\\n\\\"\\\"\\\"\\n\", \"tests\": [{\"input\": [1], \"output\": 1}]}\n"
	"{\"task_id\": \"abc301_a\", \"kind\": \"stdio\", \"language\": \"cpp\", \"prompt\": \"Read N.\", \"tests\": []}\n";

/* A memfd holding given bytes, and its /proc path. */
struct memfile {
	int fd;
	char path[64];
};

static void memfile_put(struct memfile *f, const char *name, const void *data,
			size_t size)
{
	size_t done = 0;

	if (f->path[0] == '\0') {
		f->fd = memfd_create(name, MFD_CLOEXEC);
		require(f->fd >= 0);
		snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
	}
	require(ftruncate(f->fd, 0) == 0);
	while (done < size) {
		ssize_t n = pwrite(f->fd, (const char *)data + done,
				   size - done, (off_t)done);
		require(n > 0);
		done += (size_t)n;
	}
}

static struct memfile input, dataset_file;
static struct vd_dataset *dataset;

static void load_dataset(void)
{
	struct vd_error err;

	memfile_put(&dataset_file, "fuzz-samples-dataset", dataset_text,
		    sizeof(dataset_text) - 1);
	require(vd_dataset_load(dataset_file.path, VD_FORMAT_AUTO, "fixture",
				&dataset, &err) == 0);
	require(dataset->n == 5);
}

static bool is_hex(const char *s, size_t n)
{
	if (strnlen(s, n + 1) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void check_sample(const struct vd_samples *s, uint32_t i, uint32_t *seen)
{
	const struct vd_sample *v = &s->v[i];
	const struct vd_problem *p;

	require(v->problem < dataset->n);
	p = &dataset->problems[v->problem];
	if (i > 0)
		require(s->v[i - 1].problem <= v->problem);
	require(v->index == seen[v->problem]++);
	require(v->code != NULL && v->origin != NULL);
	require(strstr(v->origin, input.path) == v->origin);
	require(v->lang >= 0 && v->lang < VD_LANG_COUNT);
	if (v->prompt_len) {
		require(v->prompt_len == strlen(p->prompt));
		require(!strncmp(v->code, p->prompt, v->prompt_len));
	}
}

static void check_samples(const struct vd_samples *s)
{
	uint32_t seen[5] = { 0 }, total = 0;

	require(s->n > 0 && s->v && s->per_task);
	for (uint32_t i = 0; i < s->n; i++)
		check_sample(s, i, seen);
	for (uint32_t t = 0; t < dataset->n; t++) {
		require(seen[t] == s->per_task[t]);
		total += s->per_task[t];
	}
	require(total == s->n);
	require(s->n_warnings <= 20);
	for (uint32_t i = 0; i < s->n_warnings; i++)
		require(s->warnings[i] != NULL);
	require(is_hex(s->source_sha256, VD_SHA256_HEX - 1));
}

static int load(int require_all, struct vd_samples **out)
{
	struct vd_samples *s = (struct vd_samples *)&s;
	struct vd_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = vd_samples_load(input.path, dataset, require_all, &s, &err);
	if (rc == 0) {
		check_samples(s);
		*out = s;
		return 0;
	}
	require(rc == VD_EPARSE || rc == VD_E2BIG || rc == VD_EIO);
	require(s == (struct vd_samples *)&s); /* untouched */
	require(strnlen(err.msg, sizeof(err.msg)) < sizeof(err.msg));
	require(strstr(err.msg, input.path) != NULL);
	*out = NULL;
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vd_samples *any, *all;
	int rc_any, rc_all;
	bool complete = true;

	if (!dataset)
		load_dataset();
	memfile_put(&input, "fuzz-samples", data, size);
	rc_any = load(0, &any);
	rc_all = load(1, &all);
	if (rc_any) {
		require(rc_all == rc_any);
		return 0;
	}
	for (uint32_t t = 0; t < dataset->n; t++)
		complete = complete && any->per_task[t] > 0;
	require((rc_all == 0) == complete);
	if (all) {
		require(all->n == any->n);
		for (uint32_t i = 0; i < any->n; i++)
			require(!strcmp(all->v[i].code, any->v[i].code));
	}
	vd_samples_free(any);
	vd_samples_free(all);
	return 0;
}
