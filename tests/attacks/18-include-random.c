// attack: 18 compile-time hang: #include "/dev/random" (an endless file)
// expect: CE
// args: --time-limit 1 --compile-time-limit 3 --compile-memory-limit 256
// The preprocessor reads forever: the compile's memory, CPU or file limit
// ends it, CE, and the judge goes on.
#include "/dev/random"
int main(void)
{
	return 0;
}
