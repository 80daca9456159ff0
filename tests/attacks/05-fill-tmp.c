// attack: 5 fill /tmp with 8 MiB files until the disk is full
// expect: AC
// stdout: full
// args: --time-limit 1 --memory-limit 256
// /tmp is a tmpfs of 64 MiB (the file-size limit): write() ends in ENOSPC
// (each file stays below RLIMIT_FSIZE), the host disk is never touched.
// The tmpfs pages are charged as memory, hence the 256 MiB memory limit.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 20];
	char name[64];
	long total = 0;

	memset(buf, 'x', sizeof buf);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "/tmp/verdict-attack-fill-%d", i);
		int fd = open(name, O_CREAT | O_WRONLY, 0600);
		if (fd < 0)
			break;
		for (int j = 0; j < 8; j++) {
			ssize_t n = write(fd, buf, sizeof buf);
			if (n < 0) {
				fprintf(stderr, "%ld MiB then %s\n",
					total >> 20, strerror(errno));
				puts(errno == ENOSPC
					     ? "full"
					     : "ESCAPED: unexpected error");
				return 0;
			}
			total += n;
		}
		close(fd);
	}
	printf("ESCAPED: wrote %ld MiB without ENOSPC\n", total >> 20);
	return 0;
}
