// attack: 3 sleep(1000): no CPU used, only wall time
// expect: TLE
// args: --time-limit 1
// The CPU limit never fires; the wall backstop (2 x 1 + 1 = 3 s) does:
// TLE with limit "wall".
#include <unistd.h>

int main(void)
{
	sleep(1000);
	return 0;
}
