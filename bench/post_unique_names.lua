-- wrk script: POST /items with a name no other request of the run uses
-- (bench/perf.py, bench/scale_out.sh). From the environment: NAME_PREFIX,
-- unique to the run (and to the wrk process when several run at once), and
-- TOKEN, an access token.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local sent = 0
request = function()
  sent = sent + 1
  local body = string.format('{"name":"%s-%d-%d"}', os.getenv("NAME_PREFIX"), tid, sent)
  return wrk.format("POST", "/items", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN")}, body)
end
