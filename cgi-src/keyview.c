#include <stdio.h>
#include <string.h>

#include "keyview.h"

void
key_view(const struct apikey *k, int64_t now, struct key_view *v)
{
	memset(v, 0, sizeof(*v));
	switch (key_status(k, now)) {
	case KEY_REVOKED:
		v->status = "revoked";
		v->text = "Revoked";
		return;
	case KEY_EXPIRED:
		v->status = "expired";
		v->text = "Expired";
		return;
	default:
		break;
	}
	v->owner_disabled = k->owner_disabled;
	if (k->expires_at != 0 && k->expires_at - now <= KEY_EXPIRING_SOON) {
		v->status = "expiring";
		v->text = k->rolled_to[0] ? "Rolled, expiring" : "Expiring";
		return;
	}
	v->status = "active";
	v->text = "Active";
	v->due_rotation = now - k->created_at >= KEY_ROTATE_AGE;
}
