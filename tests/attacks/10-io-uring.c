// attack: 10,16 io_uring (a second syscall interface that bypasses seccomp)
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned char params[120];
	memset(params, 0, sizeof(params));
	long fd = syscall(SYS_io_uring_setup, 8, params);
	long e = syscall(SYS_io_uring_enter, 0, 1, 0, 0, NULL, 0);
	long r = syscall(SYS_io_uring_register, 0, 0, NULL, 0);
	if (fd >= 0 || e >= 0 || r >= 0)
		printf("io_uring %ld %ld %ld\n", fd, e, r);
	else
		puts("blocked");
	return 0;
}
