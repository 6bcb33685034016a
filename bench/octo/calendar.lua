-- POST /octo/availability/calendar: one product, 90 days, with pricing.
package.path = os.getenv("BENCH_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
wrk.method = "POST"
wrk.path = "/octo/availability/calendar"
wrk.headers = common.headers()
local from = common.read_line("day.txt")
local to = common.add_days(from, 89)
wrk.body = '{"productId":"bench-spread","optionId":"DEFAULT","localDateStart":"' .. from ..
  '","localDateEnd":"' .. to .. '"}'
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_3xx=%d\n", summary.errors.status))
end
