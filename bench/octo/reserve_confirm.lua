-- Reserve + confirm over HTTP. Each connection alternates: POST /octo/bookings (ON_HOLD), then
-- POST /octo/bookings/{uuid}/confirm for a hold it got. MODE=spread picks one of 100 departures
-- at random; MODE=hot10 one of 10; MODE=hot sends everything to one departure. Counts confirmed bookings.
package.path = os.getenv("BENCH_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
local mode = os.getenv("MODE") or "spread"
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

local ids, headers, pending, confirmed, reserved, refused, failed
function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
  headers = common.headers()
  if mode == "hot" then
    ids = { common.read_line("hot_id.txt") }
  else
    ids = common.read_lines("spread_ids.txt")
    if mode == "hot10" then  -- 10 hot departures (the PostgreSQL target)
      local ten = {}
      for i = 1, 10 do ten[i] = ids[i] end
      ids = ten
    end
  end
  pending, confirmed, reserved, refused, failed = {}, 0, 0, 0, 0
end

function request()
  local n = #pending
  if n > 0 then
    local uuid = pending[n]
    pending[n] = nil
    return wrk.format("POST", "/octo/bookings/" .. uuid .. "/confirm", headers,
      '{"contact":{"fullName":"Bench Traveller","firstName":"Bench","lastName":"Traveller","emailAddress":"bench@example.com"}}')
  end
  local avail = ids[math.random(1, #ids)]
  local body = '{"uuid":"' .. common.uuid() .. '","productId":"bench-' .. (mode == "hot" and "hot" or "spread") ..
    '","optionId":"DEFAULT","availabilityId":"' .. avail .. '","unitItems":[{"unitId":"adult"}]}'
  return wrk.format("POST", "/octo/bookings", headers, body)
end

function response(status, hdrs, body)
  if status == 200 then
    if string.find(body, '"status":"ON_HOLD"', 1, true) then
      reserved = reserved + 1
      local uuid = string.match(body, '"uuid":"([0-9a-f%-]+)"')
      pending[#pending + 1] = uuid
    elseif string.find(body, '"status":"CONFIRMED"', 1, true) then
      confirmed = confirmed + 1
    end
  elseif status == 400 and string.find(body, "UNPROCESSABLE_ENTITY", 1, true) then
    refused = refused + 1
  else
    failed = failed + 1
  end
  wrk.thread:set("confirmed", confirmed)
  wrk.thread:set("reserved", reserved)
  wrk.thread:set("refused", refused)
  wrk.thread:set("failed", failed)
end

function done(summary, latency, requests)
  local c, r, x, f = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + (t:get("confirmed") or 0)
    r = r + (t:get("reserved") or 0)
    x = x + (t:get("refused") or 0)
    f = f + (t:get("failed") or 0)
  end
  local secs = summary.duration / 1e6
  io.write(string.format("reserved=%d confirmed=%d refused_sold_out=%d failed=%d confirmed_per_s=%.0f\n",
    r, c, x, f, c / secs))
end
