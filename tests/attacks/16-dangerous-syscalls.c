// attack: 16 the dangerous syscalls of the checklist, one by one
// expect: AC
// stdout: blocked
// args: --time-limit 1
// Each must fail (EPERM or ENOSYS from the filter); the arguments are
// harmless, so a call the filter missed would still not do damage here,
// but it would be reported.
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const struct {
		const char *name;
		long nr;
	} calls[] = {
		{ "kexec_load", SYS_kexec_load },
		{ "kexec_file_load", SYS_kexec_file_load },
		{ "init_module", SYS_init_module },
		{ "finit_module", SYS_finit_module },
		{ "delete_module", SYS_delete_module },
		{ "bpf", SYS_bpf },
		{ "open_by_handle_at", SYS_open_by_handle_at },
		{ "name_to_handle_at", SYS_name_to_handle_at },
		{ "setns", SYS_setns },
		{ "reboot", SYS_reboot },
		{ "swapon", SYS_swapon },
		{ "swapoff", SYS_swapoff },
		{ "acct", SYS_acct },
		{ "settimeofday", SYS_settimeofday },
		{ "clock_settime", SYS_clock_settime },
		{ "adjtimex", SYS_adjtimex },
		{ "syslog", SYS_syslog },
		{ "quotactl", SYS_quotactl },
		{ "iopl", SYS_iopl },
		{ "ioperm", SYS_ioperm },
		{ "lookup_dcookie", SYS_lookup_dcookie },
		{ "fanotify_init", SYS_fanotify_init },
		{ "mount_setattr", SYS_mount_setattr },
		{ "move_mount", SYS_move_mount },
		{ "fsconfig", SYS_fsconfig },
		{ "vhangup", SYS_vhangup },
		{ "sethostname", SYS_sethostname },
		{ "uselib", SYS_uselib },
	};
	int allowed = 0;
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		/* zero arguments: reboot(0,...) has a bad magic, etc. */
		long r = syscall(calls[i].nr, 0, 0, 0, 0, 0, 0);
		if (r >= 0) {
			printf("%s returned %ld\n", calls[i].name, r);
			allowed++;
		}
	}
	if (!allowed)
		puts("blocked");
	return 0;
}
