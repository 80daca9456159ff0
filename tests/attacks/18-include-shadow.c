// attack: 18 compile-time read of host secrets: #include "/etc/shadow"
// expect: CE
// args: --time-limit 1
// The compiler runs in the same box: /etc/shadow is not there.
#include "/etc/shadow"
int main(void)
{
	return 0;
}
