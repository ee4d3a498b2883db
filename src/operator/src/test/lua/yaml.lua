-- A small YAML reader for the health-check test data: block mappings and sequences, plain and
-- quoted scalars, numbers, booleans, null, empty [] and {}, comments. Enough for Kubernetes
-- manifests written by hand; anything else (anchors, block scalars, flow collections) is an error,
-- so a test input never silently means something else.
local yaml = {}

local function stripComment(text)
  local quote = nil
  for i = 1, #text do
    local ch = text:sub(i, i)
    if quote ~= nil then
      if ch == quote then quote = nil end
    elseif ch == '"' or ch == "'" then
      quote = ch
    elseif ch == "#" and (i == 1 or text:sub(i - 1, i - 1):match("%s")) then
      return text:sub(1, i - 1)
    end
  end
  return text
end

local function lines(source)
  local result = {}
  local number = 0
  for raw in (source .. "\n"):gmatch("(.-)\r?\n") do
    number = number + 1
    if raw:match("^%s*\t") then
      error("line " .. number .. ": tabs are not allowed in YAML indentation")
    end
    local text = stripComment(raw):gsub("%s+$", "")
    local indent, rest = text:match("^( *)(.*)$")
    if rest ~= "" and rest ~= "---" then
      table.insert(result, { indent = #indent, text = rest, number = number })
    end
  end
  return result
end

local function scalar(text, number)
  if text:sub(1, 1) == '"' then
    local body = text:match('^"(.*)"$')
    if body == nil then error("line " .. number .. ": unterminated string") end
    return (body:gsub('\\(.)', { n = "\n", t = "\t", ['"'] = '"', ["\\"] = "\\" }))
  elseif text:sub(1, 1) == "'" then
    local body = text:match("^'(.*)'$")
    if body == nil then error("line " .. number .. ": unterminated string") end
    return (body:gsub("''", "'"))
  elseif text == "[]" or text == "{}" then
    return {}
  elseif text:match("^[%[{&*|>!]") then
    error("line " .. number .. ": unsupported YAML: " .. text)
  elseif text == "true" then
    return true
  elseif text == "false" then
    return false
  elseif text == "null" or text == "~" then
    return nil
  elseif text:match("^-?%d+$") or text:match("^-?%d+%.%d+$") then
    return tonumber(text)
  end
  return text
end

-- "key: value" or "key:" with a plain or double-quoted key; nil when the text is not a mapping entry.
local function splitEntry(text)
  local key, rest = text:match('^"([^"]*)":%s*(.*)$')
  if key == nil then
    key, rest = text:match("^([%w%._/%-]+):%s+(.*)$")
  end
  if key == nil then
    key = text:match("^([%w%._/%-]+):$")
    rest = ""
  end
  return key, rest
end

local function isItem(text)
  return text == "-" or text:sub(1, 2) == "- "
end

local parseBlock

local function parseValue(ls, i, indent, rest, number)
  if rest ~= "" then
    return scalar(rest, number), i + 1
  end
  local nextLine = ls[i + 1]
  if nextLine ~= nil and (nextLine.indent > indent or (nextLine.indent == indent and isItem(nextLine.text))) then
    return parseBlock(ls, i + 1, nextLine.indent)
  end
  return nil, i + 1
end

local function parseMap(ls, i, indent)
  local map = {}
  while ls[i] ~= nil and ls[i].indent == indent and not isItem(ls[i].text) do
    local key, rest = splitEntry(ls[i].text)
    if key == nil then error("line " .. ls[i].number .. ": expected 'key: value', got: " .. ls[i].text) end
    map[key], i = parseValue(ls, i, indent, rest, ls[i].number)
  end
  if ls[i] ~= nil and ls[i].indent > indent then
    error("line " .. ls[i].number .. ": unexpected indentation")
  end
  return map, i
end

local function parseSeq(ls, i, indent)
  local seq = {}
  while ls[i] ~= nil and ls[i].indent == indent and isItem(ls[i].text) do
    local content = ls[i].text:gsub("^%-%s*", "")
    local value
    if content == "" then
      value, i = parseValue(ls, i, indent, "", ls[i].number)
    elseif splitEntry(content) ~= nil then
      -- "- key: value" starts a mapping indented past the dash
      ls[i] = { indent = indent + 2, text = content, number = ls[i].number }
      value, i = parseMap(ls, i, indent + 2)
    else
      value, i = scalar(content, ls[i].number), i + 1
    end
    table.insert(seq, value)
  end
  return seq, i
end

parseBlock = function(ls, i, indent)
  if isItem(ls[i].text) then
    return parseSeq(ls, i, indent)
  end
  return parseMap(ls, i, indent)
end

function yaml.parse(source)
  local ls = lines(source)
  if #ls == 0 then return nil end
  local value, i = parseBlock(ls, 1, ls[1].indent)
  if ls[i] ~= nil then
    error("line " .. ls[i].number .. ": unexpected content: " .. ls[i].text)
  end
  return value
end

return yaml
