// attack: 6 output without any newline (one endless line)
// expect: OLE
// args: --time-limit 1 --output-limit 100000
// The cap is on bytes, not lines: OLE.
#include <unistd.h>

int main(void)
{
	static char buf[4096];
	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = 'x';
	for (;;)
		if (write(1, buf, sizeof buf) < 0)
			return 1;
}
