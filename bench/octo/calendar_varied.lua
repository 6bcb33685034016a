-- POST /octo/availability/calendar, 90 days with pricing, each request a different calendar:
-- one of 99 products × one of 60 start dates = 5,940 distinct requests, so the in-process
-- calendar memo (1,024 answers, AvailabilityService::calendar) mostly misses and this measures
-- the computed path. calendar.lua repeats one request: the memoised path.
package.path = os.getenv("BENCH_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
wrk.method = "POST"
wrk.path = "/octo/availability/calendar"
wrk.headers = common.headers()
local first = common.read_line("day.txt")

local bodies = {}
-- octo_bench_server's products: bench-spread, bench-hot (one departure) and fillers bench-2..99.
for p = 1, 99 do
  local product = p == 1 and "bench-spread" or ("bench-" .. p)
  for s = 0, 59 do
    local from = common.add_days(first, s)
    local to = common.add_days(first, s + 89)
    bodies[#bodies + 1] = '{"productId":"' .. product .. '","optionId":"DEFAULT","localDateStart":"' ..
      from .. '","localDateEnd":"' .. to .. '"}'
  end
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
end
function request()
  return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_3xx=%d\n", summary.errors.status))
end
