// attack: 10 SysV IPC: attach the host's segment (the driver made one) and leave segments, semaphores, queues
// expect: AC
// stdout: blocked
// args: --time-limit 1
// Each run has its own IPC namespace: the host's key is not there and what
// the box creates dies with it (the slate check looks for its own key).
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void)
{
	int host = shmget(0x76646101, 0, 0);
	int left = shmget(0x7664, 4096, IPC_CREAT | 0666);
	int sem = semget(0x7665, 1, IPC_CREAT | 0666);
	int msg = msgget(0x7666, IPC_CREAT | 0666);
	(void)left, (void)sem, (void)msg;
	if (host >= 0)
		puts("attached the host's segment");
	else
		puts("blocked");
	return 0;
}
