#include <pthread.h>
#include <stdint.h>

#include "hashgate.h"
#include "shm.h"

#define HG_MAGIC	0x4c4b484700000001ULL	/* "LKHG", layout 1 */

struct hg_file {
	uint64_t	 magic;
	char		 pad[56];
	pthread_mutex_t	 slot[HASHGATE_MAX] __attribute__((aligned(64)));
};

static struct hg_file	*hg;
static int		 nslots;

static int
init_slots(void *p)
{
	struct hg_file	*f = p;
	int		 i;

	for (i = 0; i < HASHGATE_MAX; i++)
		if (shm_mutex_init(&f->slot[i]) == -1)
			return -1;
	return 0;
}

int
hashgate_open(const char *path, int n)
{
	if (n < 1 || n > HASHGATE_MAX)
		return -1;
	if (hg == NULL &&
	    (hg = shm_map(path, sizeof(*hg), HG_MAGIC, init_slots)) == NULL)
		return -1;
	nslots = n;
	return 0;
}

void
hashgate_close(void)
{
	shm_unmap(hg, sizeof(*hg));
	hg = NULL;
}

int
hashgate_enter(void)
{
	int	 i;

	if (hg == NULL)
		return HASHGATE_MAX;
	for (i = 0; i < nslots; i++)
		if (shm_trylock(&hg->slot[i]) == 0)
			return i;
	return -1;
}

void
hashgate_leave(int slot)
{
	if (hg != NULL && slot >= 0 && slot < nslots)
		pthread_mutex_unlock(&hg->slot[slot]);
}
