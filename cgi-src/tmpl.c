#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ClearSilver.h>

#include "buf.h"
#include "log.h"
#include "tmpl.h"

#define TMPL_MAX	32

struct tmpl {
	HDF	*hdf;
	int	 failed;
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

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
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

void
tmpl_set_item(struct tmpl *t, const char *list, int i, const char *key,
    const char *value)
{
	char	 name[128];

	if (snprintf(name, sizeof(name), "%s.%d.%s", list, i, key) >=
	    (int)sizeof(name)) {
		t->failed = 1;
		return;
	}
	tmpl_set(t, name, value);
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
