-- Optional push path: tells the her2-radiomics listener at once that a study became stable,
-- instead of waiting for its next read of /changes. Polling stays on either way (a lost push,
-- e.g. listener down, is still caught from the change log), so this only shortens the delay.
--
-- Install: add this file to Orthanc's "LuaScripts" and set, in Orthanc's environment,
--   HER2_WEBHOOK_URL    e.g. http://127.0.0.1:8080/webhook/stable-study
--   HER2_WEBHOOK_SECRET the same value as the listener's HER2_WEBHOOK_SECRET (24+ characters)
-- or define the Lua globals of the same names in a script listed before this one (a file only
-- Orthanc's user can read, when the environment of the Orthanc service is hard to set).
-- Only Orthanc's own study id is sent (no DICOM identifiers).

local url = HER2_WEBHOOK_URL or os.getenv('HER2_WEBHOOK_URL')
local secret = HER2_WEBHOOK_SECRET or os.getenv('HER2_WEBHOOK_SECRET')

function OnStableStudy(studyId, tags, metadata)
  if url == nil or url == '' or secret == nil or secret == '' then
    return
  end
  local body = '{"studyId":"' .. studyId .. '"}'
  local headers = {
    ['Content-Type'] = 'application/json',
    ['Authorization'] = 'Bearer ' .. secret,
  }
  -- HttpPost returns nil on failure; the listener's polling covers a lost call.
  local answer = HttpPost(url, body, headers)
  if answer == nil then
    print('her2 push: webhook call failed; polling will pick the study up')
  end
end
