-- Argo CD health check for rootaccess.io/RootAccessPolicy (Lua 5.1, global `obj`).
-- Degraded: Stalled=True, Conflict=True, or accounts blocked/failed. Suspended: spec.rollout.paused.
-- Healthy: Ready=True. Progressing: anything else, including status not yet caught up with the spec.
local hs = {}

local function condition(status, conditionType)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function count(status, field)
  if type(status[field]) == "number" then
    return status[field]
  end
  return 0
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

local status = obj.status
local generation = obj.metadata.generation
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
elseif generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
else
  local ready = condition(status, "Ready")
  local stalled = condition(status, "Stalled")
  local conflict = condition(status, "Conflict")
  local blocked = count(status, "blocked")
  local failed = count(status, "failed")
  local paused = obj.spec ~= nil and obj.spec.rollout ~= nil and obj.spec.rollout.paused == true
  if isTrue(stalled) then
    hs.status = "Degraded"
    hs.message = messageOf(stalled, "Stalled")
  elseif isTrue(conflict) then
    hs.status = "Degraded"
    hs.message = messageOf(conflict, "Conflicting policies")
  elseif blocked > 0 or failed > 0 then
    hs.status = "Degraded"
    hs.message = blocked .. " account(s) blocked, " .. failed .. " failed: " .. messageOf(ready, "see status.attention")
  elseif paused then
    hs.status = "Suspended"
    hs.message = "Rollout paused (spec.rollout.paused): " .. count(status, "compliant") .. "/" .. count(status, "selected") .. " accounts compliant"
  elseif isTrue(ready) then
    hs.status = "Healthy"
    hs.message = messageOf(ready, "Ready")
  else
    hs.status = "Progressing"
    hs.message = messageOf(ready, "Reconciling")
  end
end
return hs
