// attack: 3 CPU busy loop
// expect: TLE
// args: --time-limit 1
// Burns CPU forever: killed when the cgroup CPU counter passes 1 s: TLE.
int main(void)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
}
