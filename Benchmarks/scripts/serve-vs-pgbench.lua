-- wrk script for serve-vs-pgbench.sh: signed POST /api/v3/order, each a BUY LIMIT IOC of 0.001 BTCUSDT at
-- 25000.00 (inside every filter of the fixture's exchangeInfo with reference price 26000.00; it never rests, so
-- nothing piles up), HMAC-SHA256 as Binance signs (hex over the query string), a unique newClientOrderId per
-- request, newOrderRespType=ACK. Every answered clientOrderId is collected so that the caller can check each in
-- the orders table; a non-200 answer or an answer without a clientOrderId is counted as a failure.
--
-- Environment: BENCH_API_KEY, BENCH_API_SECRET, BENCH_TAG (the client order id prefix of this run),
-- BENCH_ANSWERED (file for the answered ids, one a line), BENCH_RESULT (file for the summary line).
local hmac = require "openssl.hmac"

local key = os.getenv("BENCH_API_KEY")
local secret = os.getenv("BENCH_API_SECRET")
local tag = os.getenv("BENCH_TAG")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local n = 0
answered = {}
failures = 0

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

function request()
  n = n + 1
  local q = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.00100&price=25000.00"
    .. "&newOrderRespType=ACK&newClientOrderId=" .. tag .. "t" .. id .. "n" .. n
    .. "&timestamp=" .. string.format("%d", os.time() * 1000)
  return wrk.format("POST", "/api/v3/order?" .. q .. "&signature=" .. hex(hmac.new(secret, "sha256"):final(q)),
    { ["X-MBX-APIKEY"] = key })
end

function response(status, headers, body)
  local cid = status == 200 and body:match('"clientOrderId":"([^"]+)"') or nil
  if cid then
    answered[#answered + 1] = cid
  else
    failures = failures + 1
    if failures <= 3 then io.stderr:write("non-2xx or unexpected answer: ", status, " ", body, "\n") end
  end
end

function done(summary, latency, requests)
  local ids = io.open(os.getenv("BENCH_ANSWERED"), "w")
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
    for _, cid in ipairs(thread:get("answered")) do ids:write(cid, "\n") end
  end
  ids:close()
  local errors = summary.errors
  local result = io.open(os.getenv("BENCH_RESULT"), "w")
  -- requests seconds p50_us p99_us p999_us failures socket_errors
  result:write(string.format("%d %.6f %d %d %d %d %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), failed,
    errors.connect + errors.read + errors.write + errors.timeout))
  result:close()
end
