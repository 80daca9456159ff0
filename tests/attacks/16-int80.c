// attack: 16 the 32-bit ABI from a 64-bit process: int 0x80 (getuid32, then setuid32(0))
// expect: RE
// args: --time-limit 1
// The architecture check kills the process on the first foreign-ABI call:
// RE by SIGSYS.
#include <stdio.h>

int main(void)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(199L) : "memory");
	printf("int 0x80 returned %ld\n", r);
	return 0;
}
