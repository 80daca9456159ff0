// attack: 14 become root: setuid(0), setresuid, setgroups, capset
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int hit = 0;
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { ~0u, ~0u, ~0u },
					       { ~0u, ~0u, ~0u } };
	if (setuid(0) == 0 || geteuid() == 0)
		hit++;
	if (setresuid(0, 0, 0) == 0)
		hit++;
	gid_t g = 0;
	if (setgroups(1, &g) == 0)
		hit++;
	if (syscall(SYS_capset, &h, d) == 0)
		hit++;
	puts(hit ? "escalated" : "blocked");
	return 0;
}
