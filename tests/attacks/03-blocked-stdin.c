// attack: 3 wait for more stdin than the judge gives (read() loop on fd 0)
// expect: TLE
// args: --time-limit 0.5
// stdin: 1 2
// stdin is a sealed memfd: read() returns EOF instead of blocking, and the
// program then waits for "more" with pause(): wall backstop -> TLE.
#include <unistd.h>

int main(void)
{
	char buf[4096];
	while (read(0, buf, sizeof buf) > 0)
		;
	pause();
	return 0;
}
