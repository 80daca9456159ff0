// attack: 10 POSIX message queues as a channel (mq_open, left for the next run)
// expect: AC
// stdout: done
// args: --time-limit 1
// The box has no /dev/mqueue and its own IPC namespace: whatever it opens
// is gone with the run.
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>

int main(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t q = mq_open("/verdict-attack", O_CREAT | O_RDWR, 0666, &a);
	if (q != (mqd_t)-1)
		mq_send(q, "hello", 5, 0);
	puts("done");
	return 0;
}
