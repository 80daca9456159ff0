// attack: 20 secrets and the judge's settings in the environment (judge0/judge0#564)
// expect: AC
// stdout: clean
// args: --time-limit 1
// The box gets a fixed environment: no LD_PRELOAD, no variable of the
// judge (the battery driver sets VD_BATTERY_SECRET), no host HOME.
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(void)
{
	static const char *allowed[] = { "PATH=",
					 "HOME=",
					 "TMPDIR=",
					 "LANG=",
					 "LC_ALL=",
					 "PYTHONHASHSEED=",
					 "PYTHONDONTWRITEBYTECODE=",
					 "PWD=" };
	int bad = 0;
	for (char **e = environ; *e; e++) {
		int ok = 0;
		for (unsigned i = 0; i < sizeof(allowed) / sizeof(allowed[0]);
		     i++)
			if (!strncmp(*e, allowed[i], strlen(allowed[i])))
				ok = 1;
		if (!ok || strstr(*e, "VDSEC") ||
		    !strncmp(*e, "HOME=/root", 10)) {
			printf("unexpected %s\n", *e);
			bad++;
		}
	}
	if (!bad)
		puts("clean");
	return 0;
}
