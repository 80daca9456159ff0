// attack: 10 cross-sandbox channel: exclusive flock on a shared read-only inode (python3, libc)
// expect: AC
// stdout: blocked
// args: --time-limit 1
// Every box sees the same /usr inodes. An exclusive flock there would be a
// channel between boxes (and a way to stall a peer that locks): the filter
// refuses flock(LOCK_EX) outright (shared locks cannot conflict with one
// another and stay allowed). A POSIX write lock needs a descriptor open
// for writing, which the read-only binds do not give.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

int main(void)
{
	const char *paths[] = { "/usr/bin/python3", "/etc/ld.so.cache",
				"/usr/lib/x86_64-linux-gnu/libc.so.6" };
	int got = 0;
	for (unsigned i = 0; i < 3; i++) {
		int fd = open(paths[i], O_RDONLY);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			printf("locked %s\n", paths[i]);
			got++;
		}
		if (open(paths[i], O_RDWR) >= 0) {
			printf("opened for writing %s\n", paths[i]);
			got++;
		}
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fcntl(fd, F_SETLK, &fl) == 0) {
			printf("write-locked %s\n", paths[i]);
			got++;
		}
		if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
			printf("ofd-locked %s\n", paths[i]);
			got++;
		}
		close(fd);
	}
	if (!got)
		puts("blocked");
	return 0;
}
