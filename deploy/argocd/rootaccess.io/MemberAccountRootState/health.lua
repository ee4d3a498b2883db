-- Argo CD health check for rootaccess.io/MemberAccountRootState (Lua 5.1, global `obj`).
--   Progressing  no status yet, status.observedGeneration behind metadata.generation, or being changed
--   Degraded     phase Blocked (an SCP denies a root task), Refused, Failed, or Stalled=True
--   Healthy      phase Compliant, or Ready=True (an audited Audit/DryRun account)
--   Suspended    phase OnHold (break-glass hold), phase Scheduled (owners' notice running: waits for a date,
--                not for the operator), or spec.suspend (the policy's rollout holds it back)
local hs = {}

local DEGRADED_PHASES = { Blocked = true, Refused = true, Failed = true }

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

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

local status = obj.status
local generation = obj.metadata.generation
local suspended = obj.spec ~= nil and obj.spec.suspend == true
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first audit"
elseif generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
else
  local phase = status.phase
  local ready = condition(status, "Ready")
  local stalled = condition(status, "Stalled")
  if DEGRADED_PHASES[phase] or isTrue(stalled) then
    hs.status = "Degraded"
    hs.message = status.attention or messageOf(stalled, messageOf(ready, "Phase " .. phase))
  elseif phase == "Compliant" or isTrue(ready) then
    hs.status = "Healthy"
    hs.message = messageOf(ready, "Phase " .. phase)
  elseif phase == "OnHold" then
    hs.status = "Suspended"
    hs.message = "On hold until " .. (status.holdUntil or "unknown") .. " (break-glass task " .. (status.holdTask or "unknown") .. ")"
  elseif phase == "Scheduled" then
    hs.status = "Suspended"
    hs.message = "Root credential removal scheduled for " .. (status.scheduledAt or "unknown") .. " (owners' notice)"
  elseif suspended then
    hs.status = "Suspended"
    hs.message = messageOf(ready, "spec.suspend is true: no change is made")
  else
    hs.status = "Progressing"
    hs.message = messageOf(ready, "Phase " .. phase)
  end
end
return hs
