// attack: 2 allocate a lot but never touch it
// expect: AC
// stdout: ok
// args: --time-limit 1 --memory-limit 64
// 4 GiB of address space with the limit at 64 MiB: no page is ever
// touched, so nothing is charged to the cgroup: not MLE and not RE.
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *p = malloc(4ul << 30);
	puts(p ? "ok" : "malloc failed");
	return 0;
}
