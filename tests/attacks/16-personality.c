// attack: 16 personality(): turn off ASLR, READ_IMPLIES_EXEC, the 32-bit personality
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/personality.h>

int main(void)
{
	int hit = 0;
	int before = personality(0xffffffff);
	if (personality(ADDR_NO_RANDOMIZE) != -1 &&
	    personality(0xffffffff) != before)
		hit++;
	if (personality(READ_IMPLIES_EXEC) != -1 &&
	    personality(0xffffffff) != before)
		hit++;
	if (personality(PER_LINUX32) != -1 && personality(0xffffffff) != before)
		hit++;
	puts(hit ? "changed" : "blocked");
	return 0;
}
