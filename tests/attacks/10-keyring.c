// attack: 10 kernel keyrings as a channel: add_key, keyctl, request_key
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long a = syscall(SYS_add_key, "user", "verdict-attack", "x", 1,
			 -3 /* KEY_SPEC_SESSION_KEYRING */);
	long k = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 1);
	long r = syscall(SYS_request_key, "user", "verdict-attack", NULL, 0);
	if (a >= 0 || k >= 0 || r >= 0)
		printf("add_key %ld keyctl %ld request_key %ld\n", a, k, r);
	else
		puts("blocked");
	return 0;
}
