-- POST /octo/availability: one product, one day (10 departures), with pricing.
package.path = os.getenv("BENCH_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
wrk.method = "POST"
wrk.path = "/octo/availability"
wrk.headers = common.headers()
wrk.body = '{"productId":"bench-spread","optionId":"DEFAULT","localDate":"' ..
  common.read_line("day.txt") .. '","units":[{"id":"adult","quantity":2}]}'

local non200 = 0
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_3xx=%d\n", summary.errors.status))
end
