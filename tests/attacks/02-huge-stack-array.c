// attack: 2 huge stack array (1 GiB VLA), far beyond RLIMIT_STACK
// expect: RE
// args: --time-limit 1 --memory-limit 64
// Writing into it jumps past the guard gap: SIGSEGV -> RE.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	(void)argv;
	size_t n = (1ul << 30) + (size_t)argc;
	char a[n];
	memset(a, 1, n);
	printf("%d\n", a[n / 2]);
	return 0;
}
