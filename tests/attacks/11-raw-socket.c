// attack: 11 raw IP and ICMP sockets, bringing up the loopback interface
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int got = 0;
	if (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) >= 0)
		puts("raw icmp"), got++;
	if (socket(AF_INET, SOCK_RAW, IPPROTO_RAW) >= 0)
		puts("raw ip"), got++;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd >= 0) {
		struct ifreq r;
		memset(&r, 0, sizeof(r));
		strcpy(r.ifr_name, "lo");
		r.ifr_flags = IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &r) == 0)
			puts("lo up"), got++;
	}
	if (!got)
		puts("blocked");
	return 0;
}
