-- wrk script for bench/service.sh: POSTs the lines of $BODY_FILE in turn, one
-- per request ($BATCH unset), or the whole file as one batch: JSON Lines, or
-- what $CONTENT_TYPE says (text/csv for a CSV export).
local path = os.getenv("SCORE_PATH")
local file = os.getenv("BODY_FILE")
local bodies = {}
if os.getenv("BATCH") then
  local f = assert(io.open(file, "rb"))
  bodies[1] = f:read("*a")
  f:close()
else
  for line in io.lines(file) do bodies[#bodies + 1] = line end
end
local headers = {["Content-Type"] = os.getenv("CONTENT_TYPE") or (os.getenv("BATCH") and "application/x-ndjson" or "application/json")}
local i = 0

request = function()
  i = i % #bodies + 1
  return wrk.format("POST", path, headers, bodies[i])
end

response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
    os.exit(1)
  end
end
