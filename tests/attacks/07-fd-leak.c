// attack: 7 look for descriptors inherited from the judge
// expect: AC
// stdout: blocked
// args: --time-limit 1
// Only 0, 1, 2 (and the directory fd used for the listing) may be open;
// anything else (judge socket, keeper pipe, cgroup fd, memfd of the binary)
// is a leak and is printed.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char path[300], target[256];
	int leaks = 0;

	if (!d) {
		puts("ESCAPED: cannot list /proc/self/fd");
		return 0;
	}
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(path, target, sizeof target - 1);
		target[n > 0 ? n : 0] = 0;
		printf("%sESCAPED: fd %d -> %s", leaks++ ? ", " : "", fd,
		       target);
	}
	puts(leaks ? "" : "blocked");
	return 0;
}
