// attack: 13 hard links to files outside the box, renames over read-only binds
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int hit = 0;
	if (link("/usr/bin/python3", "/tmp/verdict-attack-py") == 0)
		hit++;
	if (link("/etc/ld.so.cache", "/tmp/verdict-attack-cache") == 0)
		hit++;
	if (rename("/tmp", "/usr/verdict-attack") == 0)
		hit++;
	if (unlink("/etc/ld.so.cache") == 0)
		hit++;
	FILE *f = fopen("/usr/verdict-attack", "w");
	if (f)
		hit++;
	puts(hit ? "linked" : "blocked");
	return 0;
}
