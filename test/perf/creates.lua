-- wrk script: CreateContact with a unique alias per request, from the
-- lines "alias amz-date signed-headers signature [idempotency-token]" that
-- `perf presign-creates` wrote, each signed over exactly the body built here. Thread k of n takes the
-- lines k, k+n, k+2n…, so no alias is sent twice; a thread that runs out
-- wraps around, and the repeats then show as non-2xx responses.
--
-- usage: wrk -t N -s creates.lua URL -- LINES_FILE N

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local credential = "AWS4-HMAC-SHA256 Credential=test/%s/us-east-2/ssm-contacts/aws4_request, " ..
  "SignedHeaders=%s, Signature=%s"

function init(args)
  local file, n = args[1], tonumber(args[2])
  requests = {}
  local i = 0
  for line in io.lines(file) do
    if i % n == id then
      local alias, date, signed, sig, token = line:match("^(%S+) (%S+) (%S+) (%S+) ?(%S*)$")
      local headers = {
        ["Content-Type"] = "application/x-amz-json-1.1",
        ["X-Amz-Target"] = "SSMContacts.CreateContact",
        ["X-Amz-Date"] = date,
        ["Authorization"] = string.format(credential, date:sub(1, 8), signed, sig),
      }
      local body = '{"Alias":"' .. alias .. '","Type":"PERSONAL","Plan":{"Stages":[]}'
      if token ~= "" then
        body = body .. ',"IdempotencyToken":"' .. token .. '"'
      end
      body = body .. '}'
      table.insert(requests, wrk.format("POST", "/", headers, body))
    end
    i = i + 1
  end
  cursor = 0
end

function request()
  cursor = cursor % #requests + 1
  return requests[cursor]
end
