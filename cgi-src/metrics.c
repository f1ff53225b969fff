/* Host-wide counters for GET /metrics; see metrics.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "metrics.h"
#include "shm.h"

#define M_MAGIC		0x4c4b4d4554523031ULL	/* "LKMETR01" */
#define M_SLOTS		160	/* routes of all programs, and "unmatched" */
#define M_ROUTELEN	80

static const int statuses[] = {
	200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405,
	406, 409, 411, 413, 414, 415, 422, 429, 431, 500, 502, 503, 504,
};
#define M_NSTATUS	(sizeof(statuses) / sizeof(statuses[0]) + 1)

/* Upper bounds of the verify histogram, in microseconds. */
static const int64_t bounds[] = {
	250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
	500000, 1000000,
};
#define M_NBOUNDS	(sizeof(bounds) / sizeof(bounds[0]))

struct m_slot {
	char		 route[M_ROUTELEN];
	uint64_t	 n[M_NSTATUS];
};

struct m_file {
	uint64_t	 magic;
	pthread_mutex_t	 lock;		/* claiming a slot; rendering */
	struct m_slot	 slot[M_SLOTS];
	uint64_t	 bucket[M_NBOUNDS + 1];
	uint64_t	 verify_us;
	uint64_t	 verify_n;
	uint64_t	 ev[M_EVENT__MAX];
};

static struct m_file	*mf;

/* This process's slot of each label it has counted (by hash). */
static struct {
	uint64_t	 h;
	int		 slot;
} seen[64];

static void
add(uint64_t *p, uint64_t v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

static uint64_t
get(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static int
init_lock(void *p)
{
	return shm_mutex_init(&((struct m_file *)p)->lock);
}

int
metrics_open(const char *db)
{
	char	 path[4096];

	if (mf != NULL)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s-metrics", db) >=
	    sizeof(path))
		return -1;
	mf = shm_map(path, sizeof(*mf), M_MAGIC, init_lock);
	return mf != NULL ? 0 : -1;
}

void
metrics_close(void)
{
	if (mf != NULL)
		shm_unmap(mf, sizeof(*mf));
	mf = NULL;
}

static uint64_t
fnv(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot named label, claimed if new; the last slot takes what does
 * not fit. -1 if the lock can't be had. */
static int
claim(const char *label)
{
	int	 i;

	if (shm_lock(&mf->lock) == -1)
		return -1;
	for (i = 0; i < M_SLOTS - 1; i++)
		if (mf->slot[i].route[0] == '\0' ||
		    strcmp(mf->slot[i].route, label) == 0)
			break;
	if (mf->slot[i].route[0] == '\0')
		snprintf(mf->slot[i].route, M_ROUTELEN, "%s",
		    i == M_SLOTS - 1 ? "other" : label);
	pthread_mutex_unlock(&mf->lock);
	return i;
}

static int
slot_of(const char *label)
{
	uint64_t	 h = fnv(label);
	size_t		 i = h % (sizeof(seen) / sizeof(seen[0]));

	if (seen[i].h == h && seen[i].slot > 0)
		return seen[i].slot - 1;
	seen[i].h = h;
	seen[i].slot = claim(label) + 1;
	return seen[i].slot - 1;
}

static size_t
status_index(int status)
{
	size_t	 i;

	for (i = 0; i + 1 < M_NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return M_NSTATUS - 1;
}

static void
count_verify(int64_t us)
{
	size_t	 i;

	for (i = 0; i < M_NBOUNDS && us > bounds[i]; i++)
		;
	add(&mf->bucket[i], 1);
	add(&mf->verify_us, us > 0 ? (uint64_t)us : 0);
	add(&mf->verify_n, 1);
}

void
metrics_request(const char *method, const char *pattern, int status,
    int64_t us, int verify)
{
	char	 label[M_ROUTELEN];
	int	 s;

	if (mf == NULL)
		return;
	if (pattern == NULL || method == NULL)
		snprintf(label, sizeof(label), "unmatched");
	else
		snprintf(label, sizeof(label), "%s %s", method, pattern);
	if ((s = slot_of(label)) >= 0)
		add(&mf->slot[s].n[status_index(status)], 1);
	if (status == 429)
		add(&mf->ev[M_RATELIMITED], 1);
	if (verify)
		count_verify(us);
}

void
metrics_event(enum metric_event e)
{
	if (mf != NULL && e < M_EVENT__MAX)
		add(&mf->ev[e], 1);
}

static void
render_requests(struct buf *out)
{
	size_t	 i, j;

	buf_puts(out, "# HELP latchkey_requests_total Requests answered, by "
	    "route and status.\n# TYPE latchkey_requests_total counter\n");
	for (i = 0; i < M_SLOTS && mf->slot[i].route[0] != '\0'; i++)
		for (j = 0; j < M_NSTATUS; j++) {
			if (get(&mf->slot[i].n[j]) == 0)
				continue;
			buf_printf(out, "latchkey_requests_total{route=\"%s\","
			    "status=\"%s%d\"} %llu\n", mf->slot[i].route,
			    j + 1 < M_NSTATUS ? "" : "other",
			    j + 1 < M_NSTATUS ? statuses[j] : 0,
			    (unsigned long long)get(&mf->slot[i].n[j]));
		}
}

static void
render_verify(struct buf *out)
{
	uint64_t	 cum = 0;
	size_t		 i;

	buf_puts(out, "# HELP latchkey_verify_duration_seconds Time to "
	    "answer GET /v1/auth/verify and POST /oauth/introspect.\n"
	    "# TYPE latchkey_verify_duration_seconds histogram\n");
	for (i = 0; i <= M_NBOUNDS; i++) {
		cum += get(&mf->bucket[i]);
		buf_puts(out, "latchkey_verify_duration_seconds_bucket");
		if (i < M_NBOUNDS)
			buf_printf(out, "{le=\"%g\"} %llu\n",
			    (double)bounds[i] / 1e6, (unsigned long long)cum);
		else
			buf_printf(out, "{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	buf_printf(out, "latchkey_verify_duration_seconds_sum %.6f\n"
	    "latchkey_verify_duration_seconds_count %llu\n",
	    (double)get(&mf->verify_us) / 1e6,
	    (unsigned long long)get(&mf->verify_n));
}

static void
render_events(struct buf *out)
{
	buf_printf(out, "# HELP latchkey_ratelimit_denials_total Requests "
	    "refused with 429 (rate limits, quotas, throttles).\n"
	    "# TYPE latchkey_ratelimit_denials_total counter\n"
	    "latchkey_ratelimit_denials_total %llu\n"
	    "# HELP latchkey_signin_failures_total Sign-ins refused for a "
	    "wrong password or an unknown account.\n"
	    "# TYPE latchkey_signin_failures_total counter\n"
	    "latchkey_signin_failures_total %llu\n"
	    "# HELP latchkey_webhook_deliveries_total Webhook delivery "
	    "attempts by result.\n"
	    "# TYPE latchkey_webhook_deliveries_total counter\n"
	    "latchkey_webhook_deliveries_total{result=\"ok\"} %llu\n"
	    "latchkey_webhook_deliveries_total{result=\"failed\"} %llu\n",
	    (unsigned long long)get(&mf->ev[M_RATELIMITED]),
	    (unsigned long long)get(&mf->ev[M_SIGNIN_FAILURE]),
	    (unsigned long long)get(&mf->ev[M_WEBHOOK_OK]),
	    (unsigned long long)get(&mf->ev[M_WEBHOOK_FAILED]));
}

int
metrics_render(struct buf *out)
{
	if (mf == NULL || shm_lock(&mf->lock) == -1)
		return -1;
	render_requests(out);
	pthread_mutex_unlock(&mf->lock);
	render_verify(out);
	render_events(out);
	return out->failed ? -1 : 0;
}

/* ip (text) as 16 bytes, IPv4 as ::ffff:a.b.c.d; its family or -1. */
static int
addr_of(const char *s, unsigned char a[16])
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (inet_pton(AF_INET, s, a + 12) == 1) {
		memcpy(a, mapped, 12);
		return AF_INET;
	}
	return inet_pton(AF_INET6, s, a) == 1 ? AF_INET6 : -1;
}

static int
prefix_match(const unsigned char a[16], const unsigned char b[16], int bits)
{
	int	 n = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)n) != 0)
		return 0;
	return rest == 0 ||
	    ((a[n] ^ b[n]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* One "addr[/len]" of a list against ip; -1 if malformed. */
static int
one_cidr(const char *tok, const unsigned char ip[16])
{
	char		 host[64], *slash, *end;
	unsigned char	 net[16];
	long		 len;
	int		 fam;

	if (strlen(tok) >= sizeof(host))
		return -1;
	snprintf(host, sizeof(host), "%s", tok);
	if ((slash = strchr(host, '/')) != NULL)
		*slash++ = '\0';
	if ((fam = addr_of(host, net)) == -1)
		return -1;
	len = fam == AF_INET ? 32 : 128;
	if (slash != NULL) {
		len = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || len < 0 ||
		    len > (fam == AF_INET ? 32 : 128))
			return -1;
	}
	return prefix_match(net, ip, (int)len + (fam == AF_INET ? 96 : 0));
}

int
metrics_cidr_match(const char *allow, const char *ip)
{
	unsigned char	 a[16];
	char		 tok[64];
	size_t		 n;
	int		 hit = 0, m;

	if (addr_of(ip, a) == -1)
		return 0;
	for (; *allow != '\0'; allow += n) {
		if ((n = strcspn(allow, " ,")) == 0) {
			n = 1;
			continue;
		}
		if (n >= sizeof(tok))
			return -1;
		memcpy(tok, allow, n);
		tok[n] = '\0';
		if ((m = one_cidr(tok, a)) == -1)
			return -1;
		hit |= m;
	}
	return hit;
}

int
metrics_allowed(const char *ip)
{
	const char	*allow = getenv("LATCHKEY_METRICS_ALLOW");

	if (ip == NULL)
		return 0;
	if (metrics_cidr_match("127.0.0.0/8 ::1", ip) == 1)
		return 1;
	return allow != NULL && metrics_cidr_match(allow, ip) == 1;
}
