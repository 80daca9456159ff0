// attack: 12 pidfd_open on the parent, then pidfd_getfd to steal its descriptors
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int stolen = 0;
	long pfd = syscall(SYS_pidfd_open, getppid(), 0);
	if (pfd >= 0)
		for (int fd = 0; fd < 64; fd++)
			if (syscall(SYS_pidfd_getfd, pfd, fd, 0) >= 0)
				stolen++;
	long one = syscall(SYS_pidfd_open, 1, 0);
	if (one >= 0 && syscall(SYS_pidfd_send_signal, one, 9, NULL, 0) == 0)
		stolen++;
	if (stolen)
		printf("stole %d\n", stolen);
	else
		puts("blocked");
	return 0;
}
