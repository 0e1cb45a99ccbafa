-- wrk script for bench/load_client.py: method, body, headers and per-connection ids from the environment
local ids = {}
for id in string.gmatch(os.getenv("WRK_IDS") or "", "[^,]+") do ids[#ids + 1] = id end
local counter = 0

function setup(thread)
  thread:set("number", counter)
  counter = counter + 1
end

function init(args)
  local headers = {}
  for line in string.gmatch(os.getenv("WRK_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  local body = os.getenv("WRK_BODY")
  if body == "" then body = nil end
  if body then headers["Content-Type"] = "application/json" end
  local id = tostring(number or 0)
  if #ids > 0 then id = ids[((number or 0) % #ids) + 1] end
  local path = string.gsub(os.getenv("WRK_PATH"), "{i}", id)
  prepared = wrk.format(os.getenv("WRK_METHOD"), path, headers, body)
end

function request()
  return prepared
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "status_errors": %d, "socket_errors": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
