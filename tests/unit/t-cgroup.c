/* Unit tests of cgroup: groups are created below our own and removed. */
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "harness.h"

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

TEST(auto_mode_creates_and_removes)
{
	struct vd_cgroup *cg = NULL;
	struct vd_cgroup_slot *s = NULL;
	struct vd_error e;
	char path[4096];

	CHECK_EQ_INT(vd_cgroup_open(VD_CGROUP_AUTO, &cg, &e), 0);
	if (!cg)
		return;
	printf("# mode %d: %s\n", vd_cgroup_mode(cg), vd_cgroup_reason(cg));
	if (vd_cgroup_mode(cg) == VD_CGROUP_NONE) {
		printf("# skip: no cgroup here\n");
		vd_cgroup_close(cg);
		return;
	}
	snprintf(path, sizeof(path), "%s", vd_cgroup_path(cg));
	CHECK(is_dir(path));
	CHECK(strstr(path, "/verdict-") != NULL);
	CHECK_EQ_INT(vd_cgroup_slot_new(cg, 7, &s, &e), 0);
	{
		char slot[4200];
		snprintf(slot, sizeof(slot), "%s/slot-7", path);
		CHECK(is_dir(slot));
	}
	vd_cgroup_slot_free(s);
	vd_cgroup_close(cg);
	CHECK(!is_dir(path));
}

TEST(none_mode_is_inert)
{
	struct vd_cgroup *cg = NULL;
	struct vd_cgroup_slot *s = NULL;
	struct vd_cgroup_limits lim = { 1 << 20, 4, 1, false };
	struct vd_cgroup_usage u;
	int fd;
	CHECK_EQ_INT(vd_cgroup_open(VD_CGROUP_NONE, &cg, NULL), 0);
	CHECK_EQ_INT(vd_cgroup_mode(cg), VD_CGROUP_NONE);
	CHECK_STREQ(vd_cgroup_path(cg), "");
	CHECK_EQ_INT(vd_cgroup_slot_new(cg, 0, &s, NULL), 0);
	CHECK_EQ_INT(vd_cgroup_run_begin(s, &lim, &fd, NULL), 0);
	CHECK_EQ_INT(fd, -1);
	CHECK_EQ_INT(vd_cgroup_run_cpu_ns(s), -1);
	CHECK_EQ_INT(vd_cgroup_run_end(s, &u, NULL), 0);
	CHECK(!u.have_cpu && !u.have_memory);
	vd_cgroup_slot_free(s);
	vd_cgroup_close(cg);
}

TEST(explicit_unavailable_mode_is_an_error)
{
	struct vd_cgroup *cg = NULL, *probe = NULL;
	struct vd_error e;
	int want;
	/* Ask for the version AUTO did not pick, where AUTO found one. */
	vd_cgroup_open(VD_CGROUP_AUTO, &probe, NULL);
	if (!probe || vd_cgroup_mode(probe) != VD_CGROUP_V1) {
		printf("# skip: only meaningful on a v1 host\n");
		vd_cgroup_close(probe);
		return;
	}
	vd_cgroup_close(probe);
	want = VD_CGROUP_V2;
	CHECK(vd_cgroup_open(want, &cg, &e) < 0);
	CHECK(e.msg[0] != '\0');
}

int main(void)
{
	if (geteuid() != 0) {
		printf("# skip: cgroups need root\n");
		return harness_done();
	}
	RUN(auto_mode_creates_and_removes);
	RUN(none_mode_is_inert);
	RUN(explicit_unavailable_mode_is_an_error);
	return harness_done();
}
