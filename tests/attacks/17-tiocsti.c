// attack: 17 TIOCSTI / TIOCLINUX keystroke injection into a controlling terminal (bwrap CVE-2017-5226)
// expect: AC
// stdout: blocked
// args: --time-limit 1
// The run is a session leader with no terminal: no descriptor is a tty and
// /dev/tty does not exist.
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	int hit = 0;
	char c = 'x';
	for (int fd = 0; fd < 3; fd++) {
		if (isatty(fd))
			hit++;
		if (ioctl(fd, TIOCSTI, &c) == 0)
			hit++;
		char sub = 6; /* TIOCL_GETSHIFTSTATE */
		if (ioctl(fd, TIOCLINUX, &sub) == 0)
			hit++;
	}
	int tty = open("/dev/tty", O_RDWR);
	if (tty >= 0 && ioctl(tty, TIOCSTI, &c) == 0)
		hit++;
	if (getsid(0) != getpid() && tty >= 0)
		hit++;
	puts(hit ? "injected" : "blocked");
	return 0;
}
