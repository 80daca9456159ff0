// attack: 12 process_vm_readv / process_vm_writev on the parent (the keeper or zygote)
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	char buf[64];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { (void *)0x400000, sizeof(buf) };
	ssize_t r = process_vm_readv(getppid(), &local, 1, &remote, 1, 0);
	ssize_t w = process_vm_writev(getppid(), &local, 1, &remote, 1, 0);
	if (r >= 0 || w >= 0)
		printf("read %zd write %zd\n", r, w);
	else
		puts("blocked");
	return 0;
}
