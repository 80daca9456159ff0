#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cgroup_int.h"
#include "err.h"

char *vd_cg_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = vd_malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int vd_cg_open(const char *dir, const char *file, int flags)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

int vd_cg_pwrite(int fd, const char *text)
{
	size_t len = strlen(text);
	ssize_t n = pwrite(fd, text, len, 0);
	return n == (ssize_t)len ? 0 : -1;
}

int vd_cg_write(const char *dir, const char *file, const char *text)
{
	int fd = vd_cg_open(dir, file, O_WRONLY);
	int rc, saved;
	if (fd < 0)
		return -1;
	rc = vd_cg_pwrite(fd, text);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int vd_cg_read_u64(int fd, uint64_t *v)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!strncmp(buf, "max", 3)) {
		*v = UINT64_MAX;
		return 0;
	}
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -1;
	return 0;
}

int vd_cg_read_key(int fd, const char *key, uint64_t *v)
{
	char buf[4096];
	size_t klen = strlen(key);
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *line;
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (line = buf; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			*v = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
		line = next;
	}
	errno = ENOENT;
	return -1;
}

void vd_cg_rmdir_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d))) {
			char *sub;
			if (de->d_type != DT_DIR || de->d_name[0] == '.')
				continue;
			sub = vd_cg_join(dir, de->d_name);
			if (sub) {
				vd_cg_rmdir_tree(sub);
				vd_free_mem(sub);
			}
		}
		closedir(d);
	}
	/* A group whose last process was just reaped (a slot's keeper at
	 * engine teardown) can report EBUSY for a moment: wait up to 1 s. */
	for (int i = 0; i < 1000 && rmdir(dir) < 0 && errno == EBUSY; i++)
		usleep(1000);
}

static void free_dirs(struct vd_cgroup *cg)
{
	vd_free_mem(cg->v2_dir);
	cg->v2_dir = NULL;
	for (int i = 0; i < VD_V1_COUNT; i++) {
		vd_free_mem(cg->v1_dir[i]);
		cg->v1_dir[i] = NULL;
	}
}

int vd_cgroup_open(int mode, struct vd_cgroup **out, struct vd_error *err)
{
	struct vd_cgroup *cg = vd_calloc(1, sizeof(*cg));
	char name[64], why_v2[256] = "", why_v1[256] = "";
	struct vd_error sub;
	int rc;

	if (!cg)
		return vd_error_set(err, VD_ENOMEM, 0, "cgroup: out of memory");
	snprintf(name, sizeof(name), "verdict-%d-%lx", (int)getpid(),
		 (unsigned long)(uintptr_t)cg);
	if (mode == VD_CGROUP_AUTO || mode == VD_CGROUP_V2) {
		memset(&sub, 0, sizeof(sub));
		rc = vd_cgroup_v2_open(cg, name, &sub);
		if (rc == 0) {
			cg->mode = VD_CGROUP_V2;
			snprintf(cg->reason, sizeof(cg->reason),
				 "cgroup v2 at %s (memory yes, pids %s)",
				 cg->v2_dir, cg->v2_pids ? "yes" : "no");
			goto done;
		}
		free_dirs(cg);
		if (mode == VD_CGROUP_V2) {
			vd_free_mem(cg);
			*err = sub;
			return rc;
		}
		snprintf(why_v2, sizeof(why_v2), "%s", sub.msg);
	}
	if (mode == VD_CGROUP_AUTO || mode == VD_CGROUP_V1) {
		memset(&sub, 0, sizeof(sub));
		rc = vd_cgroup_v1_open(cg, name, &sub);
		if (rc == 0) {
			cg->mode = VD_CGROUP_V1;
			snprintf(
				cg->reason, sizeof(cg->reason),
				"cgroup v1 (memory %s, pids %s, cpuacct %s)%s%s",
				cg->v1_dir[VD_V1_MEMORY] ? "yes" : "no",
				cg->v1_dir[VD_V1_PIDS] ? "yes" : "no",
				cg->v1_dir[VD_V1_CPUACCT] ? "yes" : "no",
				why_v2[0] ? "; v2 unusable: " : "", why_v2);
			goto done;
		}
		free_dirs(cg);
		if (mode == VD_CGROUP_V1) {
			vd_free_mem(cg);
			*err = sub;
			return rc;
		}
		snprintf(why_v1, sizeof(why_v1), "%s", sub.msg);
	}
	cg->mode = VD_CGROUP_NONE;
	if (mode == VD_CGROUP_NONE)
		snprintf(cg->reason, sizeof(cg->reason),
			 "cgroups disabled by configuration");
	else
		snprintf(cg->reason, sizeof(cg->reason),
			 "no usable cgroup: v2: %s; v1: %s", why_v2, why_v1);
done:
	*out = cg;
	return 0;
}

void vd_cgroup_close(struct vd_cgroup *cg)
{
	if (!cg)
		return;
	if (cg->v2_dir)
		vd_cg_rmdir_tree(cg->v2_dir);
	for (int i = 0; i < VD_V1_COUNT; i++)
		if (cg->v1_dir[i])
			vd_cg_rmdir_tree(cg->v1_dir[i]);
	free_dirs(cg);
	vd_free_mem(cg);
}

int vd_cgroup_mode(const struct vd_cgroup *cg)
{
	return cg->mode;
}

const char *vd_cgroup_reason(const struct vd_cgroup *cg)
{
	return cg->reason;
}

const char *vd_cgroup_path(const struct vd_cgroup *cg)
{
	if (cg->mode == VD_CGROUP_V2)
		return cg->v2_dir;
	if (cg->mode == VD_CGROUP_V1 && cg->v1_dir[VD_V1_MEMORY])
		return cg->v1_dir[VD_V1_MEMORY];
	return "";
}

static void slot_reset_fds(struct vd_cgroup_slot *s)
{
	s->mem_limit = s->memsw_limit = s->mem_max_usage = s->mem_usage = -1;
	s->mem_oom = s->mem_failcnt = s->cpu_usage = s->pids_max = -1;
	s->pids_events = s->keeper_dirfd = s->run_dirfd = -1;
	s->run_cpu_stat = s->run_peak = s->run_events = -1;
	s->run_pids_events = s->run_mem_current = -1;
	s->zy_dirfd = s->zy_mem_max = s->zy_mem_current = s->zy_peak = -1;
	s->zy_events = s->zy_pids_max = s->zy_pids_current = -1;
	s->zy_pids_events = s->zy_cpu_stat = -1;
}

int vd_cgroup_slot_new(struct vd_cgroup *cg, uint32_t index,
		       struct vd_cgroup_slot **out, struct vd_error *err)
{
	struct vd_cgroup_slot *s = vd_calloc(1, sizeof(*s));
	char name[32];
	int rc = 0;

	if (!s)
		return vd_error_set(err, VD_ENOMEM, 0, "cgroup: out of memory");
	s->cg = cg;
	slot_reset_fds(s);
	snprintf(name, sizeof(name), "slot-%u", index);
	if (cg->mode == VD_CGROUP_V1)
		rc = vd_cgroup_v1_slot(s, name, err);
	else if (cg->mode == VD_CGROUP_V2)
		rc = vd_cgroup_v2_slot(s, name, err);
	if (rc < 0) {
		vd_cgroup_slot_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void vd_cgroup_slot_free(struct vd_cgroup_slot *s)
{
	if (!s)
		return;
	close_fd(&s->mem_limit);
	close_fd(&s->memsw_limit);
	close_fd(&s->mem_max_usage);
	close_fd(&s->mem_usage);
	close_fd(&s->mem_oom);
	close_fd(&s->mem_failcnt);
	close_fd(&s->cpu_usage);
	close_fd(&s->pids_max);
	close_fd(&s->pids_events);
	close_fd(&s->keeper_dirfd);
	close_fd(&s->run_dirfd);
	close_fd(&s->run_cpu_stat);
	close_fd(&s->run_peak);
	close_fd(&s->run_events);
	close_fd(&s->run_pids_events);
	close_fd(&s->run_mem_current);
	close_fd(&s->zy_dirfd);
	close_fd(&s->zy_mem_max);
	close_fd(&s->zy_mem_current);
	close_fd(&s->zy_peak);
	close_fd(&s->zy_events);
	close_fd(&s->zy_pids_max);
	close_fd(&s->zy_pids_current);
	close_fd(&s->zy_pids_events);
	close_fd(&s->zy_cpu_stat);
	if (s->run_dir) {
		rmdir(s->run_dir);
		vd_free_mem(s->run_dir);
	}
	for (int i = 0; i < VD_V1_COUNT; i++) {
		if (s->dir[i]) {
			vd_cg_rmdir_tree(s->dir[i]);
			vd_free_mem(s->dir[i]);
		}
	}
	vd_free_mem(s);
}

int vd_cgroup_slot_keeper_dirfd(struct vd_cgroup_slot *s)
{
	return s ? s->keeper_dirfd : -1;
}

int vd_cgroup_slot_zygote_dirfd(struct vd_cgroup_slot *s)
{
	return s ? s->zy_dirfd : -1;
}

int vd_cgroup_slot_attach(struct vd_cgroup_slot *s, int pid,
			  struct vd_error *err)
{
	char text[32];

	if (!s || s->cg->mode != VD_CGROUP_V1)
		return 0;
	snprintf(text, sizeof(text), "%d", pid);
	for (int i = 0; i < VD_V1_COUNT; i++) {
		if (!s->dir[i])
			continue;
		if (vd_cg_write(s->dir[i], "cgroup.procs", text) < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: move keeper into %s",
					      s->dir[i]);
	}
	return 0;
}

int vd_cgroup_run_begin(struct vd_cgroup_slot *s,
			const struct vd_cgroup_limits *lim, int *run_dirfd,
			struct vd_error *err)
{
	*run_dirfd = -1;
	if (!s)
		return 0;
	if (s->cg->mode == VD_CGROUP_V1)
		return vd_cgroup_v1_begin(s, lim, err);
	if (s->cg->mode == VD_CGROUP_V2) {
		int rc;
		s->shared_run = lim->shared;
		if (lim->shared)
			return vd_cgroup_v2_shared_begin(s, lim, err);
		rc = vd_cgroup_v2_begin(s, lim, err);
		*run_dirfd = s->run_dirfd;
		return rc;
	}
	return 0;
}

int64_t vd_cgroup_run_cpu_ns(struct vd_cgroup_slot *s)
{
	uint64_t v;

	if (!s)
		return -1;
	if (s->cg->mode == VD_CGROUP_V1 && s->cpu_usage >= 0 &&
	    vd_cg_read_u64(s->cpu_usage, &v) == 0)
		return (int64_t)v;
	if (s->cg->mode == VD_CGROUP_V2 && s->shared_run)
		return vd_cgroup_v2_shared_cpu_ns(s);
	if (s->cg->mode == VD_CGROUP_V2 && s->run_cpu_stat >= 0 &&
	    vd_cg_read_key(s->run_cpu_stat, "usage_usec", &v) == 0)
		return (int64_t)(v * 1000);
	return -1;
}

int64_t vd_cgroup_run_memory_bytes(struct vd_cgroup_slot *s)
{
	uint64_t v;
	int fd = -1;

	if (!s)
		return -1;
	/* v1, and v2 runs in the zygote's group: the group's charge less
	 * the base the run began with; v2 leaves: the leaf's own charge */
	if (s->cg->mode == VD_CGROUP_V1)
		fd = s->mem_usage;
	else if (s->cg->mode == VD_CGROUP_V2)
		fd = s->shared_run ? s->zy_mem_current : s->run_mem_current;
	if (fd < 0 || vd_cg_read_u64(fd, &v) < 0)
		return -1;
	if (s->cg->mode == VD_CGROUP_V2 && !s->shared_run)
		return (int64_t)v;
	return v > s->base_bytes ? (int64_t)(v - s->base_bytes) : 0;
}

int vd_cgroup_run_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u,
		      struct vd_error *err)
{
	int rc = 0;

	memset(u, 0, sizeof(*u));
	if (!s)
		return 0;
	if (s->cg->mode == VD_CGROUP_V1)
		rc = vd_cgroup_v1_end(s, u);
	else if (s->cg->mode == VD_CGROUP_V2 && s->shared_run)
		rc = vd_cgroup_v2_shared_end(s, u);
	else if (s->cg->mode == VD_CGROUP_V2)
		rc = vd_cgroup_v2_end(s, u);
	if (rc < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup: read the run's counters");
	return 0;
}

/*
 * Removes directories verdict-<pid>-* below `parent` left by engines whose
 * process is gone (a crash or SIGKILL). Only empty groups can be removed,
 * so live processes are never affected.
 */
void vd_cg_sweep_stale(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		long pid;
		char *end, *sub;
		if (de->d_type != DT_DIR || strncmp(de->d_name, "verdict-", 8))
			continue;
		pid = strtol(de->d_name + 8, &end, 10);
		if (end == de->d_name + 8 || *end != '-' || pid <= 0)
			continue;
		if (pid == getpid() || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		sub = vd_cg_join(parent, de->d_name);
		if (sub) {
			vd_cg_rmdir_tree(sub);
			vd_free_mem(sub);
		}
	}
	closedir(d);
}

/* Does the comma-separated list `list` contain `word`? */
static bool has_word(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == wl && !strncmp(p, word, wl))
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

int vd_cg_find_mount(const char *fstype, const char *option, char *mnt,
		     size_t mnt_len, char *root, size_t root_len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *fields[16], *sep, *save = NULL, *tok;
		char type[64], opts[1024];
		int n = 0;
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		if (sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2)
			continue;
		if (strcmp(type, fstype) || (option && !has_word(opts, option)))
			continue;
		for (tok = strtok_r(line, " ", &save); tok && n < 16;
		     tok = strtok_r(NULL, " ", &save))
			fields[n++] = tok;
		if (n < 5)
			continue;
		snprintf(root, root_len, "%s", fields[3]);
		snprintf(mnt, mnt_len, "%s", fields[4]);
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

int vd_cg_self_path(const char *controller, char *out, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[4096];
	int found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2, *nl;
		if (!c1)
			continue;
		c2 = strchr(c1 + 1, ':');
		if (!c2)
			continue;
		*c2 = '\0';
		nl = strchr(c2 + 1, '\n');
		if (nl)
			*nl = '\0';
		if (controller ? has_word(c1 + 1, controller) : !c1[1]) {
			snprintf(out, len, "%s", c2 + 1);
			found = 0;
			break;
		}
	}
	fclose(f);
	return found;
}

int vd_cg_engine_dir(const char *mnt, const char *mroot, const char *self,
		     char *out, size_t len)
{
	size_t rl = strlen(mroot);
	/* Inside a cgroup namespace or a bind-mounted subtree, the mount's
	 * root is a prefix of the path /proc/self/cgroup shows. */
	if (strcmp(mroot, "/") && !strncmp(self, mroot, rl) &&
	    (self[rl] == '/' || !self[rl]))
		self += rl;
	if ((size_t)snprintf(out, len, "%s%s", mnt,
			     strcmp(self, "/") ? self : "") >= len)
		return -1;
	return 0;
}
