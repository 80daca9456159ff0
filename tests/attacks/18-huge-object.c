// attack: 18 huge object file: a 512 MiB initialized array
// expect: CE
// args: --time-limit 1 --compile-time-limit 10 --compile-file-limit 64
// The object file outgrows the compile's file-size limit (SIGXFSZ or a
// write error in the assembler): CE.
#define K1 1, 2, 3, 4, 5, 6, 7, 8
char big[512u << 20] = { K1 };
int main(void)
{
	return big[1];
}
