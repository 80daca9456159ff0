// attack: 6 binary output: NUL bytes, invalid UTF-8, lone surrogates, CRs
// expect: AC
// args: --time-limit 1
// With no expected output nothing is compared: the judge must report AC
// and keep its JSON report valid (stdout_head escaped correctly).
#include <unistd.h>

int main(void)
{
	static const char bad[] =
		"ok\0\0\xff\xfe\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80"
		"\r\x1b[2J\x1b]0;title\x07\"\\\n";
	for (int i = 0; i < 100; i++)
		if (write(1, bad, sizeof bad) < 0 ||
		    write(2, bad, sizeof bad) < 0)
			return 1;
	return 0;
}
