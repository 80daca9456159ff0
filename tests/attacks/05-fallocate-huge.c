// attack: 5 one fallocate of 1 TiB on /tmp
// expect: OLE
// args: --time-limit 1
// Beyond RLIMIT_FSIZE (the file-size limit) the kernel sends SIGXFSZ,
// which the judge reports as OLE (output/file size limit).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>

int main(void)
{
	int fd = open("/tmp/verdict-attack-huge", O_CREAT | O_WRONLY, 0600);
	if (fallocate(fd, 0, 0, 1L << 40) < 0)
		perror("fallocate");
	return 0;
}
