/*
 * fuzz-dataset: libFuzzer target for dataset (vd_dataset_load: HumanEval,
 * EvalPlus HumanEval+ and MBPP+, sanitized MBPP, APPS and native files,
 * as JSONL or a JSON array, plain or gzip) on untrusted bytes.
 *
 * The input is the file's content; the loader reads it from a memfd
 * through /proc/self/fd/N. It is loaded with format detection, then with
 * the detected format given, and with one given format picked by a
 * checksum of the input. Beyond "no crash, no leak, no UB", it checks:
 *   - a failure is a known code with a NUL-terminated message naming the
 *     file, and leaves *out alone;
 *   - a loaded dataset has problems with distinct task ids that
 *     vd_dataset_find and vd_dataset_index find again, a known kind and
 *     language, a prompt (samples prepend it), and what the kind needs:
 *     CALL an entry point and sections of argument lists that are valid
 *     JSON spans of the dataset's text, with expected values or a
 *     reference; STDIO tests with strings of the stated lengths; ASSERT
 *     a test;
 *   - limits within the documented ranges; hashes are lowercase hex;
 *   - the detected format, given explicitly, loads the same problems.
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -Iinclude -Isrc/lib \
 *     tests/fuzz/fuzz-dataset.c src/lib/dataset.c src/lib/json.c \
 *     src/lib/file.c src/lib/hash.c src/lib/lang.c src/lib/alloc.c \
 *     src/lib/err.c src/lib/buf.c -lz -lcrypto -lm -o fuzz-dataset && \
 *     ./fuzz-dataset tests/fuzz/corpus/dataset
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "dataset.h"
#include "json.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

/* The memfd that holds the input, and its /proc path. */
static int input_fd = -1;
static char input_path[64];

static void put_input(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (input_fd < 0) {
		input_fd = memfd_create("fuzz-dataset", MFD_CLOEXEC);
		require(input_fd >= 0);
		snprintf(input_path, sizeof(input_path), "/proc/self/fd/%d",
			 input_fd);
	}
	require(ftruncate(input_fd, 0) == 0);
	while (done < size) {
		ssize_t n =
			pwrite(input_fd, data + done, size - done, (off_t)done);
		require(n > 0);
		done += (size_t)n;
	}
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

/* A span that lies in the dataset's text and is one JSON value. */
static void check_span(const struct vd_dataset *d, struct vd_span s, bool args)
{
	const char *lo = d->text.data, *hi = lo + d->text.len;
	struct vd_json_span v;

	require(s.p >= lo && s.n > 0 && s.n <= (size_t)(hi - s.p));
	require(vd_json_parse_span(s.p, s.n, &v, NULL) == 0);
	require(v.p == s.p && v.n == s.n);
	if (args)
		require(v.type == VD_JSON_ARRAY);
}

static void check_call(const struct vd_dataset *d, const struct vd_problem *p)
{
	bool given = false;

	require(p->entry_point != NULL);
	require(p->n_sections >= 1 && p->n_sections <= VD_MAX_SECTIONS);
	for (uint32_t s = 0; s < p->n_sections; s++) {
		const struct vd_section *sec = &p->sections[s];
		require(strnlen(sec->name, sizeof(sec->name)) > 0);
		require(sec->n == 0 || sec->inputs != NULL);
		for (uint32_t i = 0; i < sec->n; i++) {
			check_span(d, sec->inputs[i], true);
			if (sec->expected)
				check_span(d, sec->expected[i], false);
		}
		given = given || sec->expected;
	}
	require(given || p->reference != NULL);
	/* perf inputs are spans too; levels, where given, name a weighted
	 * level each, and some level weighs something */
	for (uint32_t i = 0; i < p->perf.n; i++)
		check_span(d, p->perf.inputs[i], true);
	require(p->n_levels <= VD_PERF_MAX_LEVELS);
	if (p->n_levels) {
		double sum = 0;
		require(p->perf_level != NULL);
		for (uint32_t l = 0; l < p->n_levels; l++) {
			require(p->level_hardness[l] >= 0);
			sum += p->level_hardness[l];
		}
		require(sum > 0);
		for (uint32_t i = 0; i < p->perf.n; i++)
			require(p->perf_level[i] >= 1 &&
				p->perf_level[i] <= p->n_levels);
	} else {
		require(p->perf_level == NULL);
	}
}

static void check_problem(const struct vd_dataset *d, uint32_t i)
{
	const struct vd_problem *p = &d->problems[i];

	require(p->task_id != NULL && p->prompt != NULL);
	require(vd_dataset_find(d, p->task_id) == p);
	require(vd_dataset_index(d, p->task_id) == (int64_t)i);
	require(p->lang >= 0 && p->lang < VD_LANG_COUNT);
	require(isfinite(p->atol));
	require(p->time_limit_ms <= 3600u * 1000u);
	require(p->memory_limit_kb <= 1048576ull * 1024u);
	switch (p->kind) {
	case VD_PROBLEM_CALL:
		require(p->lang == VD_LANG_PYTHON);
		check_call(d, p);
		break;
	case VD_PROBLEM_STDIO:
		require(p->n_tests == 0 || p->tests != NULL);
		for (uint32_t t = 0; t < p->n_tests; t++) {
			const struct vd_test *x = &p->tests[t];
			require(x->name && x->input && x->expected);
			require(strlen(x->input) == x->input_len);
			require(strlen(x->expected) == x->expected_len);
		}
		break;
	case VD_PROBLEM_ASSERT:
		require(p->test != NULL);
		break;
	default:
		abort();
	}
}

static void check_dataset(const struct vd_dataset *d, int format)
{
	require(d->n > 0 && d->problems && d->order);
	require(d->format > VD_FORMAT_AUTO && d->format <= VD_FORMAT_NATIVE);
	require(format == VD_FORMAT_AUTO || d->format == format);
	require(strnlen(d->name, sizeof(d->name)) > 0);
	require(is_hex(d->md5, VD_MD5_HEX - 1));
	require(is_hex(d->sha256, VD_SHA256_HEX - 1));
	require(d->text.len > 0);
	for (uint32_t i = 0; i < d->n; i++)
		check_problem(d, i);
	require(vd_dataset_find(d, "\x01 no such task") == NULL);
}

/* Does the message name the file? (Every loader error must.) */
static bool names_file(const char *msg)
{
	return strstr(msg, input_path) != NULL;
}

static struct vd_dataset *load(int format)
{
	struct vd_dataset *d = (struct vd_dataset *)&d;
	struct vd_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = vd_dataset_load(input_path, format, NULL, &d, &err);
	if (rc == 0) {
		check_dataset(d, format);
		return d;
	}
	require(rc == VD_EPARSE || rc == VD_E2BIG || rc == VD_ENOTSUP ||
		rc == VD_EIO);
	require(d == (struct vd_dataset *)&d); /* untouched */
	require(strnlen(err.msg, sizeof(err.msg)) < sizeof(err.msg));
	require(names_file(err.msg));
	return NULL;
}

static void same_problems(const struct vd_dataset *a,
			  const struct vd_dataset *b)
{
	require(a->n == b->n && a->format == b->format);
	for (uint32_t i = 0; i < a->n; i++) {
		require(!strcmp(a->problems[i].task_id,
				b->problems[i].task_id));
		require(a->problems[i].kind == b->problems[i].kind);
		require(a->problems[i].n_tests == b->problems[i].n_tests);
		require(a->problems[i].n_sections == b->problems[i].n_sections);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vd_dataset *a, *b;
	unsigned sum = 0;
	int forced;

	for (size_t i = 0; i < size; i++)
		sum = sum * 31 + data[i];
	forced = VD_FORMAT_HUMANEVAL + (int)(sum % VD_FORMAT_NATIVE);
	put_input(data, size);
	a = load(VD_FORMAT_AUTO);
	if (a) {
		b = load(a->format);
		require(b != NULL);
		same_problems(a, b);
		vd_dataset_free(b);
	}
	if (!a || a->format != forced)
		vd_dataset_free(load(forced));
	vd_dataset_free(a);
	return 0;
}
