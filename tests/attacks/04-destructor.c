// attack: 4 work hidden in a destructor (__attribute__((destructor)))
// expect: TLE
// args: --time-limit 1
// Runs after main() returns, before the process exits: counted, TLE.
#include <stdio.h>

__attribute__((destructor)) static void burn(void)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
}

int main(void)
{
	puts("done");
	return 0;
}
