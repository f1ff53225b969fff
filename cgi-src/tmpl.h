/*
 * Page rendering; the only file that includes ClearSilver. Templates are
 * parsed once per process with HTML escaping on by default and rendered
 * many times, each time against the data of one request.
 */
#ifndef LK_TMPL_H
#define LK_TMPL_H

#include <stdint.h>

struct buf;
struct tmpl;

/* Remembers the template directory; 0, or -1 if it isn't readable. */
int		 tmpl_init(const char *dir);
void		 tmpl_shutdown(void);

/* Per-request data; NULL on allocation failure. */
struct tmpl	*tmpl_new(void);
void		 tmpl_free(struct tmpl *);
/* Sets a value; NULL values are skipped. Names are HDF paths. */
void		 tmpl_set(struct tmpl *, const char *name, const char *value);
void		 tmpl_set_int(struct tmpl *, const char *name, int64_t);
/* Sets "<list>.<i>.<key>" = value. */
void		 tmpl_set_item(struct tmpl *, const char *list, int i,
		    const char *key, const char *value);
/* A time as the pages show it: name = RFC 3339, name_ago = "3 days
 * ago" (relative to now), name_exact = "2027-01-01 12:00 UTC"; nothing
 * when at is 0 (never). The _item form sets "<list>.<i>.<key>" and the
 * same suffixes. */
void		 tmpl_set_time(struct tmpl *, const char *name, int64_t now,
		    int64_t at);
void		 tmpl_set_item_time(struct tmpl *, const char *list, int i,
		    const char *key, int64_t now, int64_t at);
/* Space-separated words as "<list>.<i>.<key>.0", ".1", ... */
void		 tmpl_set_item_words(struct tmpl *, const char *list, int i,
		    const char *key, const char *words);
/* Marks t as holding a secret: tmpl_free wipes every value first. */
void		 tmpl_sensitive(struct tmpl *);
/* Renders file (e.g. "login.cs") with the data into out; 0 or -1. */
int		 tmpl_render(struct tmpl *, const char *file, struct buf *);

#endif
