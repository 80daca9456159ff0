/*
 * report: the JSON form of a struct vd_report (runner.h).
 *
 * Shape (docs/formats.md): {"verdict", "language", "flags", "checker",
 * "limits", "compile": {...} | null, "tests": [{"name", "verdict",
 * "exit_code", "signal", "limit", "detail", "cpu_s", "user_s", "sys_s",
 * "wall_s", "peak_memory_kb", "max_rss_kb", "instructions",
 * "stdout_bytes", "stderr_bytes", "leftover_processes", "stdout_head",
 * "stderr_head"}], "isolation": {...}, "measurement": {...},
 * "verdict_version"}. Tests that were skipped (stop on first failure) are
 * listed with verdict null.
 */
#ifndef VD_REPORT_H
#define VD_REPORT_H

#include "buf.h"
#include "runner.h"

int vd_report_write_json(const struct vd_report *rep, struct vd_buf *out,
			 int indent);

#endif
