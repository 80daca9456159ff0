// attack: 8 follow /proc/1/root, /proc/1/cwd and /proc/<ppid>/root out of the box
// expect: AC
// stdout: blocked
// args: --time-limit 1
// Through a process it cannot ptrace (pid 1, the parent), /proc/PID/root
// and /proc/PID/cwd refuse to resolve; its own root is the box's root.
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char path[64];
	int pids[] = { 1, 2, (int)getppid() };
	int escaped = 0;
	for (unsigned i = 0; i < 3; i++) {
		const char *what[] = { "root", "cwd" };
		for (unsigned w = 0; w < 2; w++) {
			snprintf(path, sizeof(path), "/proc/%d/%s/etc/hostname",
				 pids[i], what[w]);
			if (access(path, F_OK) == 0) {
				printf("reached %s\n", path);
				escaped++;
			}
			snprintf(path, sizeof(path), "/proc/%d/%s/", pids[i],
				 what[w]);
			DIR *d = opendir(path);
			if (d) {
				/* only our own box's / may be listable */
				struct dirent *de;
				while ((de = readdir(d)))
					if (de->d_name[0] == 'h' &&
					    (!__builtin_strcmp(de->d_name,
							       "home"))) {
						printf("host root via %s\n",
						       path);
						escaped++;
					}
				closedir(d);
			}
		}
	}
	if (access("/etc/hostname", F_OK) == 0 || access("/home", F_OK) == 0)
		escaped++, puts("host files in the box");
	if (!escaped)
		puts("blocked");
	return 0;
}
