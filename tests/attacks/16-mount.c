// attack: 16 mount, umount2 the read-only binds, pivot_root, chroot
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int hit = 0;
	if (mount("none", "/tmp", "tmpfs", 0, NULL) == 0)
		hit++;
	if (mount(NULL, "/usr", NULL, MS_REMOUNT | MS_BIND, NULL) == 0)
		hit++;
	if (umount2("/usr", MNT_DETACH) == 0)
		hit++;
	if (syscall(SYS_pivot_root, "/tmp", "/tmp") == 0)
		hit++;
	if (chroot("/tmp") == 0)
		hit++;
	if (syscall(SYS_fsopen, "tmpfs", 0) >= 0)
		hit++;
	if (syscall(SYS_open_tree, -100, "/usr", 1) >= 0)
		hit++;
	puts(hit ? "mounted" : "blocked");
	return 0;
}
