-- Argo CD health check for rootaccess.io/PrivilegedRootTask (Lua 5.1, global `obj`).
-- A one-shot task, like a Job: Succeeded = Healthy, Failed = Degraded, otherwise Progressing.
local hs = {}

local status = obj.status
local generation = obj.metadata.generation
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the task"
elseif generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
else
  local phase = status.phase
  if phase == "Succeeded" then
    hs.status = "Healthy"
  elseif phase == "Failed" then
    hs.status = "Degraded"
  else
    hs.status = "Progressing"
  end
  hs.message = status.message or ("Phase " .. phase)
end
return hs
