# The sqlmap targets and how one is scanned and judged, shared by
# tests/sqlmap.sh (the real server) and tests/sqlmap/selftest.sh (the
# deliberately injectable toy, tests/sqlmap/toy.py). Sourced, not run.
#
# The caller sets:
#   base      the server's base URL (http://127.0.0.1:PORT, or the toy's
#             http://127.0.0.1:PORT/vuln)
#   work      a directory for sqlmap's output and traffic files
#   budget    seconds a target may take
#   email     the admin's email; probe, an email no account has
#   key key_id user_id   an API key of the admin, its id, the admin's id
#   csrf session leaked  the pre-session CSRF cookie, the admin's session
#             cookie, a well-formed key that was never issued
#   extra     (array, may be empty) more sqlmap arguments, e.g. --technique
#
# Each target compares responses on something that is the same on every
# response of its kind: a status code (--code), or a fixed string that
# only a "true" answer holds (--string). Never on whole pages: the JSON
# errors carry a request id and a timestamp, API responses a falling
# X-RateLimit-Remaining, the audit log "N minutes ago", so page ratios
# move from request to request and sqlmap's boolean heuristics read that
# as a signal (then reject it, or not, depending on luck).

sqlmap_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# A new client address on every request (the server trusts X-Forwarded-For
# from 127.0.0.1 for the scan, so the per-IP sign-in and leaked-key
# throttles don't turn it into a wall of 429s); the probe email replaced by
# a fresh one whenever sqlmap sends it unchanged (i.e. tests another field),
# for the per-account sign-in throttle.
sqlmap_common() {
	local eval_code="import random; _locals['auxHeaders']['X-Forwarded-For'] = '10.%d.%d.%d' % (random.randint(0, 255), random.randint(0, 255), random.randint(1, 254)); email = ('sqlmap%d@example.com' % random.randint(1, 10 ** 9)) if globals().get('email') == '$probe' else globals().get('email')"
	common=(--batch --level=2 --risk=1 --threads=1 --timeout=10 --retries=1 --time-sec=2
		--disable-coloring --flush-session --drop-set-cookie --skip-waf --ignore-code=401 -v 1
		--eval="$eval_code")
}

# The sqlmap arguments of target $1 into the array args, and the judge's
# into judge_args (how many parameters must get a verdict, what must and
# must not be seen; see judge.py).
sqlmap_target() {
	case "$1" in
	login-form)
		# A wrong password is a 401 whatever the email, by design (no
		# user enumeration), so a boolean test has nothing to tell apart:
		# compare on the status alone; errors, time and UNION still apply.
		# Not --method=POST, and a CSRF URL that differs from the target's:
		# sqlmap 1.7 otherwise fetches the token with a POST of the form.
		args=(-u "$base/login" --data="email=$probe&password=wrong+password+123&next=%2Fsettings%2Fapi-keys&csrf_token=x"
			--cookie="__Host-latchkey_csrf=$csrf" --csrf-token=csrf_token
			--csrf-url="$base/login?next=%2Fsettings%2Fapi-keys" -p "email,password,next"
			--code=401)
		judge_args=(--params 3 --forbid-code 403 --require-text 'Incorrect email or password') ;;
	api-login)
		args=(-u "$base/v1/auth/login" --data="{\"email\":\"$probe\",\"password\":\"wrong password 123\"}"
			-H "Content-Type: application/json" -p "email,password" --code=401)
		judge_args=(--params 2 --require-text 'Incorrect email or password') ;;
	verify)
		# The admin's key: 200 with it, 401 (or 400) with anything else.
		args=(-u "$base/v1/auth/verify?scope=read*" --headers="X-API-Key: $key*" --code=200)
		judge_args=(--params 2 --require-text "\"key_id\":\"$key_id\"") ;;
	revoke-leaked)
		args=(-u "$base/v1/keys/revoke-leaked" --data="{\"keys\":[\"$leaked*\"]}"
			-H "Content-Type: application/json" --code=200)
		judge_args=(--params 1 --require-text '"revoked":0') ;;
	admin-keys)
		# Filters that match the admin's key: a true condition lists it (its
		# id is on the page only then), a false one lists nothing.
		args=(-u "$base/admin/keys?owner=${email/@/%40}&q=sqlmap&page=1"
			--cookie="__Host-latchkey_session=$session" -p "owner,q,page"
			--string="$key_id")
		judge_args=(--params 3 --require-text "$key_id") ;;
	admin-audit)
		# The admin's sign-ins: the admin's user id is on the page only in
		# the rows of the events found.
		args=(-u "$base/admin/audit?actor=${email/@/%40}&action=login.success&from=2020-01-01&to=2099-12-31"
			--cookie="__Host-latchkey_session=$session" -p "actor,action,from,to"
			--string="$user_id")
		judge_args=(--params 4 --require-text "$user_id") ;;
	*) echo "sqlmap: unknown target $1" >&2; return 2 ;;
	esac
}

# Scan target $1 and judge the run; prints the judge's lines. Returns 0 if
# the target passed, 1 if it failed (the output stays in $work).
sqlmap_scan() {
	local t=$1 out=$work/$1.out traffic=$work/$1.traffic start=$SECONDS rc=0
	local -a common args judge_args
	sqlmap_common
	sqlmap_target "$t" || return 1
	rm -f "$traffic"
	timeout "$budget" sqlmap "${common[@]}" "${args[@]}" "${extra[@]}" \
		--output-dir="$work/out-$t" -t "$traffic" </dev/null >"$out.raw" 2>&1 || rc=$?
	# sqlmap redraws status lines with CR: one message a line.
	tr '\r' '\n' <"$out.raw" >"$out"
	python3 "$sqlmap_dir/judge.py" --name "$t" --out "$out" --traffic "$traffic" \
		--rc "$rc" --budget "$budget" --secs $((SECONDS - start)) "${judge_args[@]}" ||
		{ printf '        (output: %s, traffic: %s)\n' "$out" "$traffic"; return 1; }
}
