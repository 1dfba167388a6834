-- wrk: POST /v1/schools/{id}/events over SCHOOLS schools from FIRST_URN, one note each, every
-- request a different school in turn (keep-alive connections; each wrk thread its own offset).
local first = tonumber(os.getenv("FIRST_URN") or "500000")
local schools = tonumber(os.getenv("SCHOOLS") or "10000")
local token = os.getenv("TOKEN") or ""
local n = 0
local offset = 0
local counter = 0

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function request()
  n = n + 1
  local urn = first + (offset + n) % schools
  local body = '{"type":"note.recorded","data":{"text":"bench ' .. n .. '"}}'
  return wrk.format("POST", "/v1/schools/" .. urn .. "/events",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

-- PACE_MS set: each connection waits that long between requests, so C connections offer about
-- C * 1000 / PACE_MS requests a second (the acknowledgement latency at a set rate, not the most
-- the server can take).
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout))
end
