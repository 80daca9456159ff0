// attack: 2 memory hidden in a /dev/shm file (tmpfs pages, charged as shmem)
// expect: MLE
// args: --time-limit 1 --memory-limit 32
// /dev/shm is a 64 MiB tmpfs; 48 MiB written there (and kept mapped) are
// charged to the run's cgroup as shmem, over the 32 MiB limit: OOM -> MLE.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 20];
	int fd = open("/dev/shm/verdict-attack-mem", O_CREAT | O_RDWR, 0600);

	if (fd < 0) {
		puts("open failed");
		return 1;
	}
	memset(buf, 7, sizeof buf);
	for (int i = 0; i < 48; i++)
		if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
			puts("write failed");
			return 1;
		}
	puts("wrote 48 MiB to /dev/shm");
	return 0;
}
