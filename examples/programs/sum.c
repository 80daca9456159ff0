/* Reads n and n integers; prints their sum. */
#include <stdio.h>

int main(void)
{
	long n, x, sum = 0;
	if (scanf("%ld", &n) != 1)
		return 1;
	while (n-- > 0 && scanf("%ld", &x) == 1)
		sum += x;
	printf("%ld\n", sum);
	return 0;
}
