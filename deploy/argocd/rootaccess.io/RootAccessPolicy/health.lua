-- Argo CD health check for rootaccess.io/RootAccessPolicy (Lua 5.1, global `obj`).
-- Follows the policy's kstatus-style conditions (Ready / Reconciling / Stalled, all carrying
-- observedGeneration), so Argo CD and `kubectl wait --for=condition=Ready` agree:
--   Progressing  no status yet, or status.observedGeneration behind metadata.generation, or Reconciling
--   Degraded     Stalled=True, Conflict=True, or Ready=False for a reason that needs a person
--   Suspended    spec.rollout.paused (the rollout waits for a person to resume it)
--   Healthy      Ready=True
local hs = {}

-- Ready=False reasons that mean "a person must act" (PolicyStatusFactory, AWS error mapping).
local FAILURE_REASONS = {
  BlockedByPolicy = true, Failed = true, Conflict = true, NonCompliant = true, NoTargets = true,
  InvalidSpec = true, AccessDenied = true, NotManagementAccount = true, OrganizationNotInAllFeaturesMode = true,
  FeatureNotEnabled = true, NoOrganization = true, AwsRequestRejected = true,
}

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

local function lagging(c, generation)
  return c ~= nil and c.observedGeneration ~= nil and generation ~= nil and c.observedGeneration < generation
end

local status = obj.status
local generation = obj.metadata.generation
local paused = obj.spec ~= nil and obj.spec.rollout ~= nil and obj.spec.rollout.paused == true
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
elseif generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
else
  local ready = condition(status, "Ready")
  local stalled = condition(status, "Stalled")
  local conflict = condition(status, "Conflict")
  if lagging(ready, generation) then
    hs.status = "Progressing"
    hs.message = "Waiting for the operator to observe generation " .. generation
  elseif isTrue(stalled) then
    hs.status = "Degraded"
    hs.message = messageOf(stalled, "Stalled")
  elseif isTrue(conflict) then
    hs.status = "Degraded"
    hs.message = "Conflict: " .. messageOf(conflict, "another policy claims the same accounts")
  elseif ready ~= nil and ready.status == "False" and FAILURE_REASONS[ready.reason] then
    hs.status = "Degraded"
    hs.message = messageOf(ready, ready.reason)
  elseif paused then
    hs.status = "Suspended"
    hs.message = "Rollout paused (spec.rollout.paused): " .. messageOf(ready, "no account is changed")
  elseif isTrue(ready) then
    hs.status = "Healthy"
    hs.message = messageOf(ready, "Ready")
  else
    hs.status = "Progressing"
    hs.message = messageOf(condition(status, "Reconciling"), messageOf(ready, "Reconciling"))
  end
end
return hs
