/* Writes through a null pointer when n is large: RE. */
#include <stdio.h>

int main(void)
{
	long n, x, sum = 0;
	if (scanf("%ld", &n) != 1)
		return 1;
	if (n > 3) {
		volatile long *p = 0;
		*p = n;
	}
	while (n-- > 0 && scanf("%ld", &x) == 1)
		sum += x;
	printf("%ld\n", sum);
	return 0;
}
