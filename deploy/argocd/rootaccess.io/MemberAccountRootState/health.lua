-- Argo CD health check for rootaccess.io/MemberAccountRootState (Lua 5.1, global `obj`).
-- status.phase: Compliant = Healthy; Blocked, Failed, Refused = Degraded; OnHold (break-glass) =
-- Suspended; anything else = Progressing, as is a status not yet caught up with the spec.
local hs = {}

local function readyMessage(status)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == "Ready" and c.message ~= nil and c.message ~= "" then
        return c.message
      end
    end
  end
  return nil
end

local status = obj.status
local generation = obj.metadata.generation
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first audit"
elseif generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
else
  local phase = status.phase
  local message = status.attention or readyMessage(status) or ("Phase " .. phase)
  if phase == "Compliant" then
    hs.status = "Healthy"
  elseif phase == "Blocked" or phase == "Failed" or phase == "Refused" then
    hs.status = "Degraded"
  elseif phase == "OnHold" then
    hs.status = "Suspended"
    if status.holdUntil ~= nil then
      message = "On hold until " .. status.holdUntil .. " (task " .. (status.holdTask or "unknown") .. ")"
    end
  else
    hs.status = "Progressing"
  end
  hs.message = message
end
return hs
