-- wrk script of every benchmark scenario (bench/run.sh).
-- Environment:
--   BENCH_METHOD        GET (default) or POST
--   BENCH_HEADERS_FILE  optional: request headers, "Name: value" a line
--   BENCH_BODY_FILE     optional: the request body (sent as is)
--   BENCH_LIMIT         optional: each thread stops after this many
--                       responses (RSS phase); unset = run for -d
-- done() prints one line "BENCHJSON {...}" with req/s and latency
-- percentiles in microseconds, which run.sh parses.

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local hf = os.getenv("BENCH_HEADERS_FILE")
if hf and hf ~= "" then
  for line in slurp(hf):gmatch("[^\r\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end
local bf = os.getenv("BENCH_BODY_FILE")
if bf and bf ~= "" then
  wrk.body = slurp(bf)
end

local limit = tonumber(os.getenv("BENCH_LIMIT") or "")
if limit then
  local seen = 0
  -- Defining response() makes wrk parse every response: only here.
  function response(status, headers, body)
    seen = seen + 1
    if seen >= limit then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCHJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,' ..
    '"err_timeout":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
