// attack: 19 deliberate SIGSEGV after writing part of the answer
// expect: RE
// args: --time-limit 1
#include <stdio.h>

int main(void)
{
	volatile int *p = (int *)16;
	printf("partial");
	fflush(stdout);
	*p = 1;
	return 0;
}
