// attack: 9 /proc/self/mountinfo and /proc/mounts: which host paths leak
// expect: AC
// stdout: clean
// args: --time-limit 1
// Only the toolchains' read-only binds (/usr, parts of /etc, a few /dev
// nodes) and the box's own tmpfs and proc appear: no host home, work,
// judge or cgroup paths.
#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *bad[] = { "/work",	  "/home",	  "/root",
			      "/var/lib", "/run/",	  "cgroup",
			      "/srv",	  "verdict-slot", "/data" };
	char line[1024];
	int leaks = 0;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	if (!f) {
		puts("clean");
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(line, bad[i])) {
				printf("leak: %s", line);
				leaks++;
			}
	fclose(f);
	if (!leaks)
		puts("clean");
	return 0;
}
