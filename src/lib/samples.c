#include "samples.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "err.h"
#include "file.h"
#include "json.h"

#define MAX_SAMPLES_BYTES (4096ull << 20)
#define MAX_SAMPLE_BYTES  (16u << 20)
#define MAX_WARNINGS	  20

struct loader {
	struct vd_samples *s;
	const struct vd_dataset *d;
	uint32_t cap;
	uint32_t unknown; /* samples of tasks the dataset does not know */
};

static int warn(struct loader *l, struct vd_error *err, const char *fmt,
		const char *a, const char *b)
{
	char msg[512];
	char **w;
	if (l->s->n_warnings >= MAX_WARNINGS)
		return 0;
	snprintf(msg, sizeof(msg), fmt, a, b);
	w = vd_realloc(l->s->warnings,
		       (l->s->n_warnings + 1) * sizeof(*l->s->warnings));
	if (!w)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	l->s->warnings = w;
	w[l->s->n_warnings] = vd_strdup(msg);
	if (!w[l->s->n_warnings])
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	l->s->n_warnings++;
	return 0;
}

/* Appends a sample; takes ownership of code and origin. */
static int add(struct loader *l, uint32_t problem, char *code, char *origin,
	       int lang)
{
	struct vd_sample *v;
	if (!code || !origin) {
		vd_free_mem(code);
		vd_free_mem(origin);
		return VD_ENOMEM;
	}
	if (l->s->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 1024;
		v = vd_realloc(l->s->v, cap * sizeof(*v));
		if (!v) {
			vd_free_mem(code);
			vd_free_mem(origin);
			return VD_ENOMEM;
		}
		l->s->v = v;
		l->cap = cap;
	}
	v = &l->s->v[l->s->n++];
	v->problem = problem;
	v->index = l->s->per_task[problem]++;
	v->lang = lang >= 0 ? lang : l->d->problems[problem].lang;
	v->code = code;
	v->prompt_len = 0;
	v->origin = origin;
	return 0;
}

static char *origin_of(const char *path, size_t line)
{
	char buf[4200];
	snprintf(buf, sizeof(buf), "%s:%zu", path, line);
	return vd_strdup(buf);
}

/* code = prompt + completion, for completion-style samples. */
static char *with_prompt(const struct vd_problem *p, const char *completion)
{
	size_t a = strlen(p->prompt), b = strlen(completion);
	char *s = vd_malloc(a + b + 1);
	if (!s)
		return NULL;
	memcpy(s, p->prompt, a);
	memcpy(s + a, completion, b + 1);
	return s;
}

static int jsonl_record(struct loader *l, const struct vd_json_span *obj,
			const char *path, size_t line, struct vd_error *err)
{
	struct vd_json_span k, v, tid = { 0 }, sol = { 0 }, comp = { 0 },
				  lang = { 0 };
	struct vd_json_iter it;
	char *task = NULL, *text = NULL, *lname = NULL;
	int64_t pi;
	int lg = -1, rc = 0;

	if (obj->type != VD_JSON_OBJECT)
		return vd_error_set(err, VD_EPARSE, 0,
				    "%s:%zu: a sample is not a JSON object",
				    path, line);
	vd_json_iter_init(&it, obj);
	while (vd_json_next(&it, &k, &v)) {
		if (vd_json_key_is(&k, "task_id"))
			tid = v;
		else if (vd_json_key_is(&k, "solution"))
			sol = v;
		else if (vd_json_key_is(&k, "completion"))
			comp = v;
		else if (vd_json_key_is(&k, "language"))
			lang = v;
	}
	if (tid.type != VD_JSON_STRING)
		return vd_error_set(err, VD_EPARSE, 0,
				    "%s:%zu: no string 'task_id'", path, line);
	if (sol.type != VD_JSON_STRING && comp.type != VD_JSON_STRING)
		return vd_error_set(
			err, VD_EPARSE, 0,
			"%s:%zu: no string 'solution' or 'completion' (each line holds one sample)",
			path, line);
	if ((rc = vd_json_string_dup(&tid, &task, err)) < 0)
		return vd_error_wrap(err, rc, "%s:%zu", path, line);
	pi = vd_dataset_index(l->d, task);
	if (pi < 0) {
		l->unknown++;
		rc = warn(
			l, err,
			"task %s is found in the samples (%s) but not in the dataset: skipped",
			task, path);
		vd_free_mem(task);
		return rc;
	}
	vd_free_mem(task);
	if (lang.type == VD_JSON_STRING) {
		if ((rc = vd_json_string_dup(&lang, &lname, err)) < 0)
			return vd_error_wrap(err, rc, "%s:%zu", path, line);
		lg = vd_lang_parse(lname);
		vd_free_mem(lname);
		if (lg < 0)
			return vd_error_set(err, VD_EPARSE, 0,
					    "%s:%zu: unknown language", path,
					    line);
	}
	rc = vd_json_string_dup(sol.type == VD_JSON_STRING ? &sol : &comp,
				&text, err);
	if (rc < 0)
		return vd_error_wrap(err, rc, "%s:%zu", path, line);
	if (strlen(text) > MAX_SAMPLE_BYTES) {
		vd_free_mem(text);
		return vd_error_set(err, VD_E2BIG, 0,
				    "%s:%zu: sample larger than %u bytes", path,
				    line, MAX_SAMPLE_BYTES);
	}
	if (sol.type != VD_JSON_STRING) {
		char *full = with_prompt(&l->d->problems[pi], text);
		vd_free_mem(text);
		text = full;
	}
	rc = add(l, (uint32_t)pi, text, origin_of(path, line), lg);
	if (rc == 0 && sol.type != VD_JSON_STRING)
		l->s->v[l->s->n - 1].prompt_len =
			strlen(l->d->problems[pi].prompt);
	return rc ? vd_error_set(err, rc, 0, "out of memory") : 0;
}

static int load_jsonl(struct loader *l, const struct vd_buf *t,
		      const char *path, struct vd_error *err)
{
	const char *p = t->data, *end = t->data + t->len;
	size_t line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		struct vd_json_span obj;
		int rc;

		line++;
		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < le) {
			rc = vd_json_parse_span(q, (size_t)(le - q), &obj, err);
			if (rc)
				return vd_error_wrap(err, rc,
						     "%s:%zu: broken JSON",
						     path, line);
			rc = jsonl_record(l, &obj, path, line, err);
			if (rc)
				return rc;
		}
		p = le + 1;
	}
	return 0;
}

/* bigcode: [[code, ...], ...] in dataset (file) order. */
static int load_bigcode(struct loader *l, const struct vd_json_span *all,
			const char *path, struct vd_error *err)
{
	struct vd_json_iter outer, inner;
	struct vd_json_span list, code;
	uint32_t task = 0;

	vd_json_iter_init(&outer, all);
	while (vd_json_next(&outer, NULL, &list)) {
		if (task >= l->d->n)
			return vd_error_set(
				err, VD_EPARSE, 0,
				"%s: %u lists of samples for %u tasks", path,
				task + 1, l->d->n);
		if (list.type != VD_JSON_ARRAY)
			return vd_error_set(err, VD_EPARSE, 0,
					    "%s item %u: not a list of strings",
					    path, task + 1);
		vd_json_iter_init(&inner, &list);
		while (vd_json_next(&inner, NULL, &code)) {
			char *text = NULL;
			char where[4200];
			int rc;
			if (code.type != VD_JSON_STRING)
				return vd_error_set(
					err, VD_EPARSE, 0,
					"%s item %u: a sample is not a string",
					path, task + 1);
			rc = vd_json_string_dup(&code, &text, err);
			if (rc)
				return vd_error_wrap(err, rc, "%s item %u",
						     path, task + 1);
			snprintf(where, sizeof(where), "%s[%u][%u]", path, task,
				 l->s->per_task[task]);
			rc = add(l, task, text, vd_strdup(where), -1);
			if (rc)
				return vd_error_set(err, rc, 0,
						    "out of memory");
		}
		task++;
	}
	return 0;
}

/* LiveCodeBench: [{"question_id", "code_list": [...]}]. */
static int load_lcb(struct loader *l, const struct vd_json_span *all,
		    const char *path, struct vd_error *err)
{
	struct vd_json_iter it, f, ci;
	struct vd_json_span item, k, v, qid, codes, code;
	uint32_t nitem = 0;

	vd_json_iter_init(&it, all);
	while (vd_json_next(&it, NULL, &item)) {
		char *task = NULL;
		int64_t pi;
		nitem++;
		memset(&qid, 0, sizeof(qid));
		memset(&codes, 0, sizeof(codes));
		if (item.type != VD_JSON_OBJECT)
			return vd_error_set(err, VD_EPARSE, 0,
					    "%s item %u: not an object", path,
					    nitem);
		vd_json_iter_init(&f, &item);
		while (vd_json_next(&f, &k, &v)) {
			if (vd_json_key_is(&k, "question_id"))
				qid = v;
			else if (vd_json_key_is(&k, "code_list"))
				codes = v;
		}
		if (qid.type != VD_JSON_STRING || codes.type != VD_JSON_ARRAY)
			return vd_error_set(
				err, VD_EPARSE, 0,
				"%s item %u: needs 'question_id' and 'code_list'",
				path, nitem);
		int dup_rc = vd_json_string_dup(&qid, &task, err);
		if (dup_rc < 0)
			return vd_error_wrap(err, dup_rc, "%s item %u", path,
					     nitem);
		pi = vd_dataset_index(l->d, task);
		if (pi >= 0 && l->s->per_task[pi]) {
			vd_error_set(
				err, VD_EPARSE, 0,
				"%s item %u: question_id '%s' appears twice",
				path, nitem, task);
			vd_free_mem(task);
			return VD_EPARSE;
		}
		if (pi < 0) {
			int rc = warn(
				l, err,
				"question %s (%s) is not in the dataset: skipped",
				task, path);
			vd_free_mem(task);
			if (rc)
				return vd_error_set(err, rc, 0,
						    "out of memory");
			continue;
		}
		vd_free_mem(task);
		vd_json_iter_init(&ci, &codes);
		while (vd_json_next(&ci, NULL, &code)) {
			char *text = NULL;
			int rc;
			if (code.type != VD_JSON_STRING)
				return vd_error_set(
					err, VD_EPARSE, 0,
					"%s item %u: a code is not a string",
					path, nitem);
			rc = vd_json_string_dup(&code, &text, err);
			if (rc)
				return vd_error_wrap(err, rc, "%s item %u",
						     path, nitem);
			rc = add(l, (uint32_t)pi, text, origin_of(path, nitem),
				 -1);
			if (rc)
				return vd_error_set(err, rc, 0,
						    "out of memory");
		}
	}
	return 0;
}

struct entry {
	long n;
	char name[256];
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->n > y->n) - (x->n < y->n);
}

/* One task folder: <n>.py files in numeric order. */
static int load_task_dir(struct loader *l, const char *dir, uint32_t pi,
			 struct vd_error *err)
{
	struct entry *e = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d)
		return vd_error_errno(err, VD_EIO, "%s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *end;
		long num;
		if (len < 4 || strcmp(de->d_name + len - 3, ".py"))
			continue;
		num = strtol(de->d_name, &end, 10);
		if (end != de->d_name + len - 3 || num < 0)
			continue;
		if (n == cap) {
			struct entry *ne;
			cap = cap ? cap * 2 : 16;
			ne = vd_realloc(e, cap * sizeof(*e));
			if (!ne) {
				rc = vd_error_set(err, VD_ENOMEM, 0,
						  "out of memory");
				break;
			}
			e = ne;
		}
		e[n].n = num;
		snprintf(e[n].name, sizeof(e[n].name), "%s", de->d_name);
		n++;
	}
	closedir(d);
	if (rc == 0)
		qsort(e, n, sizeof(*e), cmp_entry);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char path[4400];
		struct vd_buf b;
		snprintf(path, sizeof(path), "%s/%s", dir, e[i].name);
		vd_buf_init(&b, MAX_SAMPLE_BYTES);
		rc = vd_file_read(path, MAX_SAMPLE_BYTES, &b, err);
		if (rc == 0) {
			char *code = vd_buf_detach(&b, NULL);
			rc = add(l, pi, code, vd_strdup(path), -1);
			if (rc)
				vd_error_set(err, rc, 0, "out of memory");
		}
		vd_buf_release(&b);
	}
	vd_free_mem(e);
	return rc;
}

static int load_dir(struct loader *l, const char *path, struct vd_error *err)
{
	struct dirent *de;
	DIR *d = opendir(path);
	int rc = 0;

	if (!d)
		return vd_error_errno(err, VD_EIO, "%s", path);
	while (rc == 0 && (de = readdir(d))) {
		char task[256], sub[4400];
		struct stat st;
		int64_t pi;
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(task, sizeof(task), "%s", de->d_name);
		for (char *c = task; *c; c++)
			if (*c == '_')
				*c = '/';
		pi = vd_dataset_index(l->d, task);
		if (pi < 0) {
			rc = warn(
				l, err,
				"folder %s (%s) names no task of the dataset: skipped",
				de->d_name, path);
			continue;
		}
		rc = load_task_dir(l, sub, (uint32_t)pi, err);
	}
	closedir(d);
	return rc;
}

static int cmp_sample(const void *a, const void *b)
{
	const struct vd_sample *x = a, *y = b;
	if (x->problem != y->problem)
		return (x->problem > y->problem) - (x->problem < y->problem);
	return (x->index > y->index) - (x->index < y->index);
}

static int check_complete(struct loader *l, const char *path,
			  struct vd_error *err)
{
	char list[200] = "";
	uint32_t missing = 0;
	for (uint32_t i = 0; i < l->d->n; i++) {
		if (l->s->per_task[i])
			continue;
		if (missing++ < 5) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof(list) - len, "%s%s",
				 len ? ", " : "", l->d->problems[i].task_id);
		}
	}
	if (!missing)
		return 0;
	return vd_error_set(err, VD_EPARSE, 0,
			    "%s: %u of %u tasks have no sample (%s%s)", path,
			    missing, l->d->n, list, missing > 5 ? ", ..." : "");
}

int vd_samples_load(const char *path, const struct vd_dataset *d,
		    int require_all, struct vd_samples **out,
		    struct vd_error *err)
{
	struct vd_samples *s = vd_calloc(1, sizeof(*s));
	struct loader l = { s, d, 0, 0 };
	struct vd_buf text;
	struct stat st;
	int rc;

	vd_buf_init(&text, MAX_SAMPLES_BYTES);
	if (!s ||
	    !(s->per_task = vd_calloc(d->n ? d->n : 1, sizeof(uint32_t)))) {
		vd_free_mem(s);
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	if (stat(path, &st) < 0) {
		rc = vd_error_errno(err, errno == ENOENT ? VD_ENOENT : VD_EIO,
				    "%s", path);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = load_dir(&l, path, err);
		if (rc == 0)
			rc = vd_sha256_hex(path, strlen(path),
					   s->source_sha256);
	} else {
		const char *first;
		rc = vd_file_read(path, MAX_SAMPLES_BYTES, &text, err);
		if (rc)
			goto out;
		vd_sha256_hex(text.data ? text.data : "", text.len,
			      s->source_sha256);
		first = text.data ? text.data : "";
		while (*first == ' ' || *first == '\n' || *first == '\r' ||
		       *first == '\t')
			first++;
		if (*first == '[') {
			struct vd_json_span all, item;
			struct vd_json_iter it;
			rc = vd_json_parse_span(text.data, text.len, &all, err);
			if (rc) {
				rc = vd_error_wrap(err, rc, "%s", path);
				goto out;
			}
			vd_json_iter_init(&it, &all);
			if (vd_json_next(&it, NULL, &item) &&
			    item.type == VD_JSON_OBJECT)
				rc = load_lcb(&l, &all, path, err);
			else
				rc = load_bigcode(&l, &all, path, err);
		} else {
			rc = load_jsonl(&l, &text, path, err);
		}
	}
	if (rc)
		goto out;
	if (s->n == 0) {
		rc = vd_error_set(err, VD_EPARSE, 0,
				  "%s: no sample for any task of %s", path,
				  d->name);
		goto out;
	}
	if (require_all) {
		rc = check_complete(&l, path, err);
		if (rc)
			goto out;
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_sample);
out:
	vd_buf_release(&text);
	if (rc) {
		vd_samples_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void vd_samples_free(struct vd_samples *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < s->n; i++) {
		vd_free_mem(s->v[i].code);
		vd_free_mem(s->v[i].origin);
	}
	for (uint32_t i = 0; i < s->n_warnings; i++)
		vd_free_mem(s->warnings[i]);
	vd_free_mem(s->warnings);
	vd_free_mem(s->v);
	vd_free_mem(s->per_task);
	vd_free_mem(s);
}
