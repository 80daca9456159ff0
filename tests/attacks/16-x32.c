// attack: 16 the x32 ABI: a syscall number with __X32_SYSCALL_BIT set
// expect: RE
// args: --time-limit 1
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long r = syscall(0x40000000L | SYS_getpid);
	printf("x32 returned %ld\n", r);
	return 0;
}
