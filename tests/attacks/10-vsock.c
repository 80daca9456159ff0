// attack: 10,11 AF_VSOCK to the hypervisor (and AF_NETLINK, AF_PACKET, AF_BLUETOOTH)
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <linux/vm_sockets.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int opened = 0;
	int fd = socket(AF_VSOCK, SOCK_STREAM, 0);
	if (fd >= 0) {
		struct sockaddr_vm a;
		memset(&a, 0, sizeof(a));
		a.svm_family = AF_VSOCK;
		a.svm_cid = VMADDR_CID_HOST;
		a.svm_port = 22;
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
			puts("vsock connected");
			opened++;
		}
		close(fd);
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd >= 0)
		puts("packet socket"), opened++;
	if (!opened)
		puts("blocked");
	return 0;
}
