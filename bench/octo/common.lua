-- Shared by the OCTO wrk scripts: reads the files octo_bench_server wrote (BENCH_DIR).
local M = {}
M.dir = os.getenv("BENCH_DIR") or "/tmp/paseo-octo-bench"

function M.read_line(name)
  local f = assert(io.open(M.dir .. "/" .. name, "r"))
  local line = f:read("*l")
  f:close()
  return line
end

function M.read_lines(name)
  local out = {}
  for line in io.lines(M.dir .. "/" .. name) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end

-- "YYYY-MM-DD" plus n days (calendar arithmetic at noon UTC, so no DST edge moves the date).
function M.add_days(date, n)
  local y, m, d = date:match("(%d+)-(%d+)-(%d+)")
  local noon = os.time({year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12})
  return os.date("!%Y-%m-%d", noon + n * 86400)
end

function M.headers()
  return {
    ["Authorization"] = "Bearer " .. M.read_line("key.txt"),
    ["Content-Type"] = "application/json",
    ["Octo-Capabilities"] = "octo/pricing",
  }
end

-- Random v4-looking UUID (uniqueness is what matters; math.random is seeded per thread).
function M.uuid()
  local t = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(t, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

return M
