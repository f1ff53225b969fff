#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ClearSilver.h>
#include <sodium.h>

#include "buf.h"
#include "log.h"
#include "timefmt.h"
#include "tmpl.h"

#define TMPL_MAX	32

struct tmpl {
	HDF	*hdf;
	int	 failed;
	int	 sensitive;	/* wipe the values before freeing */
};

struct parsed {
	char		 name[64];
	CSPARSE		*cs;
	HDF		*owner;		/* the HDF cs_init saw */
};

static char		 tdir[1024];
static struct parsed	 cache[TMPL_MAX];
static size_t		 ncache;

static void
log_nerr(const char *what, NEOERR *err)
{
	STRING	 s;

	string_init(&s);
	nerr_error_string(err, &s);
	log_msg("template %s: %s", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(&err);
}

int
tmpl_init(const char *dir)
{
	if (access(dir, R_OK | X_OK) != 0 ||
	    snprintf(tdir, sizeof(tdir), "%s", dir) >= (int)sizeof(tdir)) {
		log_msg("template directory %s is not readable", dir);
		return -1;
	}
	nerr_init();
	return 0;
}

void
tmpl_shutdown(void)
{
	size_t	 i;

	for (i = 0; i < ncache; i++) {
		cs_destroy(&cache[i].cs);
		hdf_destroy(&cache[i].owner);
	}
	ncache = 0;
}

/* Parses file once per process. Escaping is read only by cs_init, so
 * the HDF given to it carries the html mode for every later render. */
static CSPARSE *
parsed(const char *file)
{
	struct parsed	*p;
	NEOERR		*err;
	size_t		 i;

	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].name, file) == 0)
			return cache[i].cs;
	if (ncache == TMPL_MAX || strlen(file) >= sizeof(p->name))
		return NULL;
	p = &cache[ncache];
	if ((err = hdf_init(&p->owner)) != STATUS_OK ||
	    (err = hdf_set_value(p->owner, "hdf.loadpaths.0", tdir)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(p->owner, "Config.VarEscapeMode", "html")) !=
	    STATUS_OK ||
	    (err = cs_init(&p->cs, p->owner)) != STATUS_OK ||
	    (err = cgi_register_strfuncs(p->cs)) != STATUS_OK ||
	    (err = cs_parse_file(p->cs, file)) != STATUS_OK) {
		log_nerr(file, err);
		cs_destroy(&p->cs);
		hdf_destroy(&p->owner);
		return NULL;
	}
	snprintf(p->name, sizeof(p->name), "%s", file);
	ncache++;
	return p->cs;
}

struct tmpl *
tmpl_new(void)
{
	struct tmpl	*t;
	NEOERR		*err;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((err = hdf_init(&t->hdf)) != STATUS_OK) {
		log_nerr("hdf_init", err);
		free(t);
		return NULL;
	}
	return t;
}

/* Overwrites every value below h before it is freed. */
static void
wipe(HDF *h)
{
	char	*v;

	for (; h != NULL; h = hdf_obj_next(h)) {
		if ((v = hdf_obj_value(h)) != NULL)
			sodium_memzero(v, strlen(v));
		wipe(hdf_obj_child(h));
	}
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	if (t->sensitive)
		wipe(t->hdf);
	hdf_destroy(&t->hdf);
	free(t);
}

void
tmpl_set(struct tmpl *t, const char *name, const char *value)
{
	NEOERR	*err;

	if (t == NULL || value == NULL)
		return;
	if ((err = hdf_set_value(t->hdf, name, value)) != STATUS_OK) {
		t->failed = 1;
		nerr_ignore(&err);
	}
}

void
tmpl_set_int(struct tmpl *t, const char *name, int64_t v)
{
	char	 s[24];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	tmpl_set(t, name, s);
}

/* name = "<list>.<i>.<key><suffix>"; 0, or -1 (t failed) if too long. */
static int
item_name(struct tmpl *t, char name[128], const char *list, int i,
    const char *key, const char *suffix)
{
	if (snprintf(name, 128, "%s.%d.%s%s", list, i, key, suffix) < 128)
		return 0;
	t->failed = 1;
	return -1;
}

void
tmpl_set_item(struct tmpl *t, const char *list, int i, const char *key,
    const char *value)
{
	char	 name[128];

	if (item_name(t, name, list, i, key, "") == 0)
		tmpl_set(t, name, value);
}

/* Sets name + suffix; t fails if the name doesn't fit. */
static void
set_suffixed(struct tmpl *t, const char *name, const char *suffix,
    const char *value)
{
	char	 n[128];

	if (snprintf(n, sizeof(n), "%s%s", name, suffix) >= (int)sizeof(n)) {
		t->failed = 1;
		return;
	}
	tmpl_set(t, n, value);
}

void
tmpl_set_time(struct tmpl *t, const char *name, int64_t now, int64_t at)
{
	char	 iso[RFC3339_LEN + 1], ago[48], brief[32];
	char	 exact[TIMEFMT_HUMAN_LEN + 1];

	if (at == 0)
		return;
	timefmt_rfc3339(at, iso);
	timefmt_ago(now, at, ago, sizeof(ago));
	timefmt_ago_short(now, at, brief, sizeof(brief));
	timefmt_human(at, exact);
	tmpl_set(t, name, iso);
	set_suffixed(t, name, "_ago", ago);
	set_suffixed(t, name, "_short", brief);
	set_suffixed(t, name, "_exact", exact);
}

void
tmpl_set_item_time(struct tmpl *t, const char *list, int i, const char *key,
    int64_t now, int64_t at)
{
	char	 name[128];

	if (item_name(t, name, list, i, key, "") == 0)
		tmpl_set_time(t, name, now, at);
}

void
tmpl_set_item_words(struct tmpl *t, const char *list, int i,
    const char *key, const char *words)
{
	char	 name[128], w[256], sub[24];
	size_t	 n;
	int	 j = 0;

	for (; *words != '\0'; words += n + (words[n] == ' ')) {
		n = strcspn(words, " ");
		if (n == 0 || n >= sizeof(w))
			continue;
		memcpy(w, words, n);
		w[n] = '\0';
		snprintf(sub, sizeof(sub), ".%d", j++);
		if (item_name(t, name, list, i, key, sub) == 0)
			tmpl_set(t, name, w);
	}
}

void
tmpl_sensitive(struct tmpl *t)
{
	if (t != NULL)
		t->sensitive = 1;
}

static NEOERR *
emit(void *ctx, char *s)
{
	if (buf_puts(ctx, s) == -1)
		return nerr_raise(NERR_NOMEM, "response too large");
	return STATUS_OK;
}

int
tmpl_render(struct tmpl *t, const char *file, struct buf *out)
{
	CSPARSE	*cs;
	HDF	*saved;
	NEOERR	*err;

	if (t == NULL || t->failed || (cs = parsed(file)) == NULL)
		return -1;
	saved = cs->hdf;
	cs->hdf = t->hdf;
	err = cs_render(cs, out, emit);
	cs->hdf = saved;
	if (err != STATUS_OK) {
		log_nerr(file, err);
		return -1;
	}
	return 0;
}
