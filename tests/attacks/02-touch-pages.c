// attack: 2 touch pages in a loop until the memory limit
// expect: MLE
// args: --time-limit 1 --memory-limit 64
// malloc 1 MiB blocks and write every page: the memory cgroup OOM-kills the
// program at about 64 MiB, which the judge reports as MLE.
#include <stdlib.h>
#include <string.h>

int main(void)
{
	for (;;) {
		char *p = malloc(1 << 20);
		if (!p)
			return 1;
		memset(p, 1, 1 << 20);
	}
}
