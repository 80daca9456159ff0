/* Unit tests of file: capped, gzip-aware reads and atomic writes. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "file.h"
#include "harness.h"

static char dir[] = "/tmp/verdict-t-file-XXXXXX";

static void path_of(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", dir, name);
}

TEST(plain_and_gzip_read)
{
	char p[256], q[256];
	struct vd_buf b;
	struct vd_error e;
	gzFile gz;
	FILE *f;

	path_of(p, sizeof(p), "plain.txt");
	f = fopen(p, "w");
	fputs("hello world\n", f);
	fclose(f);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read(p, 1000, &b, &e), 0);
	CHECK_STREQ(b.data, "hello world\n");
	vd_buf_release(&b);
	path_of(q, sizeof(q), "data.gz");
	gz = gzopen(q, "wb");
	gzputs(gz, "inflated text\n");
	gzclose(gz);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read(q, 1000, &b, &e), 0);
	CHECK_STREQ(b.data, "inflated text\n");
	vd_buf_release(&b);
}

TEST(caps_and_errors_name_the_file)
{
	char p[256];
	struct vd_buf b;
	struct vd_error e;
	gzFile gz;

	path_of(p, sizeof(p), "big.gz");
	gz = gzopen(p, "wb");
	for (int i = 0; i < 1000; i++)
		gzputs(gz, "0123456789");
	gzclose(gz);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read(p, 5000, &b, &e), VD_E2BIG);
	CHECK(strstr(e.msg, "big.gz") != NULL);
	vd_buf_release(&b);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read("/nonexistent/x", 10, &b, &e), VD_ENOENT);
	CHECK(strstr(e.msg, "/nonexistent/x") != NULL);
	CHECK_EQ_INT(vd_file_read(dir, 10, &b, &e), VD_EIO);
	vd_buf_release(&b);
}

TEST(corrupt_gzip_is_an_error)
{
	char p[256];
	struct vd_buf b;
	struct vd_error e;
	FILE *f;
	path_of(p, sizeof(p), "bad.gz");
	f = fopen(p, "w");
	fputs("\x1f\x8bthis is not deflate data at all", f);
	fclose(f);
	vd_buf_init(&b, 0);
	CHECK(vd_file_read(p, 1000, &b, &e) < 0);
	CHECK(strstr(e.msg, "bad.gz") != NULL);
	vd_buf_release(&b);
}

TEST(atomic_write_replaces_whole)
{
	char p[256];
	struct vd_buf b;
	struct vd_error e;
	path_of(p, sizeof(p), "out.json");
	CHECK_EQ_INT(vd_file_write_atomic(p, "old", 3, &e), 0);
	CHECK_EQ_INT(vd_file_write_atomic(p, "new content", 11, &e), 0);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read(p, 100, &b, &e), 0);
	CHECK_STREQ(b.data, "new content");
	vd_buf_release(&b);
	/* a directory that does not exist: an error, no file */
	path_of(p, sizeof(p), "nodir/out.json");
	CHECK_EQ_INT(vd_file_write_atomic(p, "x", 1, &e), VD_EIO);
	CHECK(access(p, F_OK) != 0);
}

TEST(full_disk_leaves_the_old_file)
{
	char mnt[256], p[300], cmd[512];
	struct vd_buf b;
	struct vd_error e;
	char *big;
	if (geteuid() != 0) {
		printf("# skip: mounting a small tmpfs needs root\n");
		return;
	}
	path_of(mnt, sizeof(mnt), "small");
	mkdir(mnt, 0755);
	snprintf(cmd, sizeof(cmd), "mount -t tmpfs -o size=64k tmpfs %s", mnt);
	if (system(cmd) != 0) {
		printf("# skip: cannot mount a tmpfs here\n");
		return;
	}
	snprintf(p, sizeof(p), "%s/r.json", mnt);
	CHECK_EQ_INT(vd_file_write_atomic(p, "previous", 8, &e), 0);
	big = calloc(1, 1 << 20);
	CHECK_EQ_INT(vd_file_write_atomic(p, big, 1 << 20, &e), VD_EIO);
	CHECK(strstr(e.msg, "r.json") != NULL);
	free(big);
	vd_buf_init(&b, 0);
	CHECK_EQ_INT(vd_file_read(p, 100, &b, &e), 0);
	CHECK_STREQ(b.data, "previous");
	vd_buf_release(&b);
	snprintf(cmd, sizeof(cmd), "umount %s", mnt);
	CHECK(system(cmd) == 0);
}

TEST(mkdirs)
{
	char p[256];
	struct stat st;
	path_of(p, sizeof(p), "a/b/c");
	CHECK_EQ_INT(vd_file_mkdirs(p, NULL), 0);
	CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_EQ_INT(vd_file_mkdirs(p, NULL), 0);
}

int main(void)
{
	char cmd[300];
	if (!mkdtemp(dir))
		return 1;
	RUN(plain_and_gzip_read);
	RUN(caps_and_errors_name_the_file);
	RUN(corrupt_gzip_is_an_error);
	RUN(atomic_write_replaces_whole);
	RUN(full_disk_leaves_the_old_file);
	RUN(mkdirs);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
