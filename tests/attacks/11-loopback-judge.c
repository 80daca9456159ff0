// attack: 11 connect to the judge's port on 127.0.0.1 (the driver listens there)
// expect: AC
// stdout: blocked
// args: --time-limit 1
// stdin: {port}
// A fresh network namespace: its loopback is down and empty.
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int port = 0;
	if (scanf("%d", &port) != 1)
		return 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		puts("connected");
	else
		puts("blocked");
	return 0;
}
