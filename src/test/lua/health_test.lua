-- Runs Argo CD health checks laid out as in Argo CD's resource_customizations:
--   <dir>/health.lua, <dir>/health_test.yaml (tests: [{inputPath, healthStatus: {status, message}}]),
--   <dir>/testdata/*.yaml
-- Usage: lua5.1 src/test/lua/health_test.lua DIR...   (exit 1 when any case fails)
local scriptDir = arg[0]:match("^(.*)/[^/]*$") or "."
package.path = scriptDir .. "/?.lua;" .. package.path
local yaml = require("yaml")

local VALID = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true, Unknown = true }

local function readFile(path)
  local file, err = io.open(path, "r")
  if file == nil then error(err) end
  local text = file:read("*a")
  file:close()
  return text
end

-- Argo CD opens only the safe libraries; so does this sandbox, so a script using io or os fails here too.
local function sandbox(input)
  return {
    obj = input,
    ipairs = ipairs, pairs = pairs, next = next, type = type, select = select, unpack = unpack,
    tostring = tostring, tonumber = tonumber, error = error, pcall = pcall,
    string = string, table = table, math = math,
  }
end

local function evaluate(script, input)
  local chunk = assert(loadstring(script, "health.lua"))
  setfenv(chunk, sandbox(input))
  return chunk()
end

local failures, total = 0, 0
for _, dir in ipairs(arg) do
  dir = dir:gsub("/$", "")
  local script = readFile(dir .. "/health.lua")
  local spec = yaml.parse(readFile(dir .. "/health_test.yaml"))
  if spec == nil or spec.tests == nil or #spec.tests == 0 then
    error(dir .. "/health_test.yaml has no tests")
  end
  for _, case in ipairs(spec.tests) do
    total = total + 1
    local expected = case.healthStatus
    local ok, result = pcall(function()
      return evaluate(script, yaml.parse(readFile(dir .. "/" .. case.inputPath)))
    end)
    local problem = nil
    if not ok then
      problem = "error: " .. tostring(result)
    elseif type(result) ~= "table" or not VALID[result.status] then
      problem = "returned no valid health status"
    elseif result.status ~= expected.status then
      problem = "status " .. result.status .. ", expected " .. expected.status .. " (message: " .. tostring(result.message) .. ")"
    elseif expected.message ~= nil and result.message ~= expected.message then
      problem = "message '" .. tostring(result.message) .. "', expected '" .. expected.message .. "'"
    end
    if problem == nil then
      print("ok   " .. dir .. "/" .. case.inputPath .. " -> " .. expected.status)
    else
      failures = failures + 1
      print("FAIL " .. dir .. "/" .. case.inputPath .. ": " .. problem)
    end
  end
end
print(string.format("lua health checks: %d cases, %d failed", total, failures))
if failures > 0 or total == 0 then
  os.exit(1)
end
