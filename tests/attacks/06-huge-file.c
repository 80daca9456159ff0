// attack: 6 write a huge file in /tmp instead of stdout
// expect: OLE
// args: --time-limit 1 --memory-limit 256
// RLIMIT_FSIZE is the file-size limit (64 MiB): the write that crosses it
// raises SIGXFSZ, which the judge reports as OLE. The pwrite at 1 GiB makes
// it certain even if tmpfs filled first.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 20];
	int fd = open("/tmp/verdict-attack-huge", O_CREAT | O_WRONLY, 0600);

	memset(buf, 'z', sizeof buf);
	for (int i = 0; i < 60; i++)
		if (write(fd, buf, sizeof buf) < 0)
			return 1;
	pwrite(fd, buf, 1, 1L << 30);
	return 0;
}
