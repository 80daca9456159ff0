// attack: 13 mknod device nodes (a disk, /dev/mem) and FIFOs for the judge
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int main(void)
{
	int made = 0;
	if (mknod("/tmp/verdict-attack-disk", S_IFBLK | 0666,
		  makedev(254, 0)) == 0)
		made++;
	if (mknod("/tmp/verdict-attack-mem", S_IFCHR | 0666, makedev(1, 1)) ==
	    0)
		made++;
	if (mknod("/dev/shm/verdict-attack-kmsg", S_IFCHR | 0666,
		  makedev(1, 11)) == 0)
		made++;
	puts(made ? "made devices" : "blocked");
	return 0;
}
