// attack: 2 mmap(MAP_NORESERVE) of 64 GiB, then touch it page by page
// expect: MLE
// args: --time-limit 1 --memory-limit 64
// MAP_NORESERVE dodges overcommit accounting, not the memory cgroup: the
// touched pages are charged and the OOM kill gives MLE.
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
	size_t len = 64ul << 30;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		puts("mmap failed");
		return 1;
	}
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	return 0;
}
