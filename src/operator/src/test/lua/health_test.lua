-- Runs the Argo CD health checks in deploy/argocd/<group>/<Kind>/health.lua against the cases in
-- src/operator/src/test/lua/cases/<Kind>/*.yaml. A case file holds the input object and the expected result:
--   expected: {status: Healthy, message: "..."}   (message optional: compared exactly when given)
--   object: {apiVersion: ..., kind: ..., metadata: ..., spec: ..., status: ...}
-- Usage: lua5.1 src/operator/src/test/lua/health_test.lua CHECKS_DIR CASES_DIR   (exit 1 when any case fails)
local scriptDir = arg[0]:match("^(.*)/[^/]*$") or "."
package.path = scriptDir .. "/?.lua;" .. package.path
local yaml = require("yaml")

local checksDir, casesDir = arg[1], arg[2]
if checksDir == nil or casesDir == nil then
  io.stderr:write("usage: lua5.1 health_test.lua CHECKS_DIR CASES_DIR\n")
  os.exit(2)
end

local VALID = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true, Unknown = true }

local function readFile(path)
  local file, err = io.open(path, "r")
  if file == nil then error(err) end
  local text = file:read("*a")
  file:close()
  return text
end

local function list(command)
  local result = {}
  local pipe = assert(io.popen(command))
  for line in pipe:lines() do
    table.insert(result, line)
  end
  pipe:close()
  table.sort(result)
  return result
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

local passed, failed = 0, 0
local function fail(name, problem)
  failed = failed + 1
  print("FAIL " .. name .. ": " .. problem)
end

local scripts = list("find '" .. checksDir .. "' -name health.lua")
if #scripts == 0 then
  fail(checksDir, "no health.lua found")
end
for _, scriptPath in ipairs(scripts) do
  local kind = scriptPath:match("([^/]+)/health.lua$")
  local script = readFile(scriptPath)
  local cases = list("find '" .. casesDir .. "/" .. kind .. "' -name '*.yaml' 2>/dev/null")
  if #cases == 0 then
    fail(kind, "no test cases in " .. casesDir .. "/" .. kind)
  end
  for _, casePath in ipairs(cases) do
    local ok, result = pcall(function()
      local case = yaml.parse(readFile(casePath))
      if type(case) ~= "table" or type(case.expected) ~= "table" or type(case.object) ~= "table" then
        error("a case needs 'expected' and 'object' mappings")
      end
      if case.object.kind ~= kind then
        error("object.kind is " .. tostring(case.object.kind) .. ", expected " .. kind)
      end
      return { expected = case.expected, actual = evaluate(script, case.object) }
    end)
    local problem = nil
    if not ok then
      problem = "error: " .. tostring(result)
    else
      local expected, actual = result.expected, result.actual
      if not VALID[expected.status] then
        problem = "expected.status '" .. tostring(expected.status) .. "' is not an Argo CD health status"
      elseif type(actual) ~= "table" or not VALID[actual.status] then
        problem = "the script returned no valid health status"
      elseif type(actual.message) ~= "string" or actual.message == "" then
        problem = "the script returned no message"
      elseif actual.status ~= expected.status then
        problem = "status " .. actual.status .. ", expected " .. expected.status .. " (message: " .. actual.message .. ")"
      elseif expected.message ~= nil and actual.message ~= expected.message then
        problem = "message '" .. actual.message .. "', expected '" .. tostring(expected.message) .. "'"
      end
    end
    if problem == nil then
      passed = passed + 1
      print("ok   " .. casePath .. " -> " .. result.expected.status)
    else
      fail(casePath, problem)
    end
  end
end
print(string.format("lua-health: %d passed, %d failed", passed, failed))
if failed > 0 or passed == 0 then
  os.exit(1)
end
