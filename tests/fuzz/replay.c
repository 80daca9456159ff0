/*
 * replay: runs inputs through a fuzz target without libFuzzer, for gcc
 * builds (gcc has no -fsanitize=fuzzer) and for replaying the checked-in
 * corpora under gcc's ASan and UBSan.
 *
 * Linked with one target's LLVMFuzzerTestOneInput, it runs every file named
 * on the command line, and every regular file inside a named directory
 * (one level, in name order), then prints "replay: N inputs". Each input
 * gets a heap block of exactly its size, so a read past its end is an ASan
 * error as under libFuzzer. When a check or a sanitizer stops the run, the
 * input being replayed is named on stderr.
 *
 *   gcc -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined \
 *     -fno-sanitize-recover=all -Iinclude -Isrc/lib tests/fuzz/replay.c \
 *     tests/fuzz/fuzz-compare.c src/lib/compare.c -lm -o replay-compare && \
 *     ./replay-compare tests/fuzz/corpus/compare
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target, as under libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
/* Present only in sanitized builds. */
void __sanitizer_set_death_callback(void (*callback)(void))
	__attribute__((weak));

static const char *current; /* the input being replayed */

static void name_current(void)
{
	static const char what[] = "replay: failed on ";
	if (!current)
		return;
	/* write(2) only: this also runs in a signal handler. */
	if (write(2, what, sizeof(what) - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0)
		return;
}

/* A target's failed check aborts: name the input, then die of SIGABRT. */
static void on_abort(int sig)
{
	name_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads a whole file into a block of exactly its size (1 if empty). */
static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *grown;
	size_t len = 0, cap = 0, n;

	if (!f)
		return -1;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*data = malloc(len ? len : 1);
	if (!*data) {
		free(buf);
		return -1;
	}
	memcpy(*data, buf, len);
	free(buf);
	*size = len;
	return 0;
}

static int run_file(const char *path, unsigned long *count)
{
	uint8_t *data;
	size_t size;

	if (read_file(path, &data, &size) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	current = path;
	LLVMFuzzerTestOneInput(data, size);
	current = NULL;
	free(data);
	++*count;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly inside dir, in name order. */
static int run_dir(const char *dir, unsigned long *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown) {
				rc = -1;
				break;
			}
			names = grown;
		}
		names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (!names[n]) {
			rc = -1;
			break;
		}
		snprintf(names[n], strlen(dir) + strlen(de->d_name) + 2,
			 "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = run_file(names[i], count);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(name_current);
	signal(SIGABRT, on_abort);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			failed = 1;
		} else if (S_ISDIR(st.st_mode)) {
			failed |= run_dir(argv[i], &count) < 0;
		} else {
			failed |= run_file(argv[i], &count) < 0;
		}
	}
	printf("replay: %lu inputs\n", count);
	return failed;
}
