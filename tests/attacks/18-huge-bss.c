// attack: 18 huge .bss: 8 GiB of zeroes, reserved but never touched
// expect: AC
// args: --time-limit 1 --memory-limit 64
// It links (.bss takes no room in the file) and loads (no RLIMIT_AS: the
// memory limit is the cgroup's), and untouched pages are never charged:
// AC, not MLE, and never a judge fault.
static char big[8ul << 30];
int main(void)
{
	return big[12345];
}
