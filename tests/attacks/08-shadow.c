// attack: 8 read /etc/shadow, /etc/passwd, /root and the host's ssh keys
// expect: AC
// stdout: blocked
// args: --time-limit 1
// The box's /etc holds only what the toolchains need: none of these exist.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	const char *paths[] = { "/etc/shadow",
				"/etc/passwd",
				"/etc/gshadow",
				"/root/.ssh/id_rsa",
				"/etc/ssh/ssh_host_ed25519_key",
				"/etc/sudoers",
				"/root/.bash_history" };
	int opened = 0;
	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_RDONLY);
		if (fd >= 0) {
			printf("opened %s\n", paths[i]);
			opened++;
			close(fd);
		}
	}
	if (!opened)
		puts("blocked");
	return 0;
}
