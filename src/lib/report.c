#include "report.h"

#include <string.h>

#include "json.h"

static void outcome_fields(struct vd_jw *w, const struct vd_outcome *o)
{
	vd_jw_key(w, "verdict");
	if (o->run || o->verdict != VD_VERDICT_AC)
		vd_jw_string(w, vd_verdict_name(o->verdict));
	else
		vd_jw_null(w);
	vd_jw_key(w, "exit_code");
	if (o->run && o->exit_code >= 0)
		vd_jw_int(w, o->exit_code);
	else
		vd_jw_null(w);
	vd_jw_key(w, "signal");
	if (o->signal)
		vd_jw_int(w, o->signal);
	else
		vd_jw_null(w);
	vd_jw_key(w, "limit");
	if (o->limit)
		vd_jw_string(w, vd_limit_name(o->limit));
	else
		vd_jw_null(w);
	vd_jw_key(w, "detail");
	vd_jw_string(w, o->detail);
	vd_jw_key(w, "cpu_s");
	vd_jw_double(w, (double)o->cpu_time_us / 1e6);
	vd_jw_key(w, "user_s");
	vd_jw_double(w, (double)o->user_time_us / 1e6);
	vd_jw_key(w, "sys_s");
	vd_jw_double(w, (double)o->sys_time_us / 1e6);
	vd_jw_key(w, "wall_s");
	vd_jw_double(w, (double)o->wall_time_us / 1e6);
	vd_jw_key(w, "peak_memory_kb");
	vd_jw_uint(w, o->peak_memory_kb);
	vd_jw_key(w, "max_rss_kb");
	vd_jw_uint(w, o->max_rss_kb);
	vd_jw_key(w, "instructions");
	if (o->instructions >= 0)
		vd_jw_int(w, o->instructions);
	else
		vd_jw_null(w);
	vd_jw_key(w, "stdout_bytes");
	vd_jw_uint(w, o->stdout_bytes);
	vd_jw_key(w, "stderr_bytes");
	vd_jw_uint(w, o->stderr_bytes);
	vd_jw_key(w, "leftover_processes");
	vd_jw_uint(w, o->leftovers);
}

static void limits(struct vd_jw *w, const struct vd_limits *l)
{
	vd_jw_object(w);
	vd_jw_key(w, "cpu_time_s");
	vd_jw_double(w, (double)l->cpu_time_ms / 1000.0);
	vd_jw_key(w, "wall_time_s");
	vd_jw_double(w, (double)vd_runner_wall_ms(l) / 1000.0);
	vd_jw_key(w, "memory_kb");
	vd_jw_uint(w, l->memory_kb);
	vd_jw_key(w, "processes");
	vd_jw_uint(w, l->processes);
	vd_jw_key(w, "stdout_bytes");
	vd_jw_uint(w, l->stdout_bytes);
	vd_jw_key(w, "stderr_bytes");
	vd_jw_uint(w, l->stderr_bytes);
	vd_jw_key(w, "file_size_bytes");
	vd_jw_uint(w, l->file_size_bytes);
	vd_jw_key(w, "open_files");
	vd_jw_uint(w, l->open_files);
	vd_jw_object_end(w);
}

static void environment(struct vd_jw *w, const struct vd_report *rep)
{
	const struct vd_engine_info *in = &rep->info;
	vd_jw_key(w, "isolation");
	vd_jw_object(w);
	vd_jw_key(w, "mode");
	vd_jw_string(w, in->isolation);
	vd_jw_key(w, "cgroup");
	vd_jw_string(w, in->cgroup);
	vd_jw_key(w, "cgroup_detail");
	vd_jw_string(w, in->cgroup_detail);
	vd_jw_object_end(w);
	vd_jw_key(w, "measurement");
	vd_jw_object(w);
	vd_jw_key(w, "cpu_time");
	vd_jw_string(w, in->cpu_time);
	vd_jw_key(w, "memory");
	vd_jw_string(w, in->memory);
	vd_jw_key(w, "instructions");
	vd_jw_string(w, in->instructions);
	vd_jw_key(w, "counter");
	vd_jw_string(w, rep->counter);
	vd_jw_object_end(w);
}

int vd_report_write_json(const struct vd_report *rep, struct vd_buf *out,
			 int indent)
{
	struct vd_jw w;

	vd_jw_init(&w, out, indent);
	vd_jw_object(&w);
	vd_jw_key(&w, "verdict");
	vd_jw_string(&w, vd_verdict_name(rep->verdict));
	vd_jw_key(&w, "language");
	vd_jw_string(&w, vd_lang_name(rep->lang));
	vd_jw_key(&w, "flags");
	vd_jw_string(&w, rep->flags);
	vd_jw_key(&w, "checker");
	vd_jw_string(&w, rep->checker.name);
	vd_jw_key(&w, "limits");
	limits(&w, &rep->limits);
	vd_jw_key(&w, "compile");
	if (rep->has_compile) {
		vd_jw_object(&w);
		outcome_fields(&w, &rep->compile);
		vd_jw_key(&w, "cached");
		vd_jw_bool(&w, rep->compile_cached);
		vd_jw_key(&w, "stdout_head");
		vd_jw_string_n(&w, rep->compile_out, rep->compile_out_len);
		vd_jw_key(&w, "stderr_head");
		vd_jw_string_n(&w, rep->compile_err, rep->compile_err_len);
		vd_jw_object_end(&w);
	} else {
		vd_jw_null(&w);
	}
	vd_jw_key(&w, "tests");
	vd_jw_array(&w);
	for (uint32_t i = 0; i < rep->n_tests; i++) {
		const struct vd_report_test *t = &rep->tests[i];
		vd_jw_object(&w);
		vd_jw_key(&w, "name");
		vd_jw_string(&w, t->name);
		outcome_fields(&w, &t->o);
		vd_jw_key(&w, "stdout_head");
		vd_jw_string_n(&w, t->out_head, t->out_len);
		vd_jw_key(&w, "stderr_head");
		vd_jw_string_n(&w, t->err_head, t->err_len);
		vd_jw_object_end(&w);
	}
	vd_jw_array_end(&w);
	environment(&w, rep);
	vd_jw_key(&w, "verdict_version");
	vd_jw_string(&w, VD_VERSION_STRING);
	vd_jw_object_end(&w);
	return vd_jw_finish(&w);
}
