// attack: 10,16 userfaultfd (race widening for kernel exploits) and /dev/userfaultfd
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long fd = syscall(SYS_userfaultfd, O_CLOEXEC);
	int dev = open("/dev/userfaultfd", O_RDWR);
	if (fd >= 0 || dev >= 0)
		printf("userfaultfd %ld %d\n", fd, dev);
	else
		puts("blocked");
	return 0;
}
