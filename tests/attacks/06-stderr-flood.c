// attack: 6 flood stderr only, stdout stays empty
// expect: OLE
// args: --time-limit 1 --output-limit 100000
// stderr has its own cap (1 MiB): crossing it is OLE too, it must not fill
// the judge's memory or hang on a full pipe.
#include <unistd.h>

int main(void)
{
	static char buf[4096];
	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = 'e';
	for (;;)
		if (write(2, buf, sizeof buf) < 0)
			return 1;
}
