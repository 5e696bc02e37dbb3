-- Tribune flood state: every remembering spam rule of ONE message, atomically (redis-flood-store.ts).
-- The semantics are those of the engine's memory store (packages/moderation/src/flood/memory-flood.ts);
-- a differential integration test holds the two equal. Each redis.call costs a few µs of the one Redis thread
-- every node shares, so a message makes few: HMGET, HSET, PEXPIRE for its user, and for a text long enough to be
-- a raid ZADD, PEXPIRE, ZCOUNT (+ ZREMRANGEBYRANK when its sender is new to the text).
--
-- A call judges a batch: the messages of one room that reached this node in one event-loop turn, in order
-- (redis-flood-store.ts), so a busy room pays the script's fixed cost once per turn, not once per message.
--
-- Per message, two keys (KEYS[2i-1], KEYS[2i]):
--   hash  the user in the room: r:<rule id> = "tokens:at" (token bucket), s:<rule id> = ts of the last message
--         that passed slow mode, t = recent normalised texts, newest first, at most ARGV[1], each
--         "ts:byte length:text" (length-prefixed: any text is safe in it)
--   zset  who sent this normalised text in the room: user id -> ts of their latest copy, at most ARGV[2]; the
--         oldest go first, so copies older than every window never crowd out recent ones
-- Every key carries the room's hash tag, so a cluster keeps a batch in one slot.
-- ARGV[1] recent cap  ARGV[2] raid users cap  ARGV[3] rule count, then 4 values per rule: kind ('rate' | 'slow' |
--   'dup' | 'raid'), rule id, a, b  (rate: burst, perSeconds; slow: seconds, 0; dup/raid: windowSeconds, 0)
-- then 4 values per message: ts (ms, node clock), user id, normalised text, 1 when the text is long enough for
--   raids (else the raid rules answer 0 and the zset is not touched)
-- Reply: per message { per-rule answers..., recent texts before this one as "ts:text" }, an answer as a string:
--   rate: tokens before this message (refill included)   slow: ts of the last message that passed ('' = none)
--   dup: '' (judged by the node from the recent texts)     raid: users with this text in the rule's window
local recentCap = tonumber(ARGV[1])
local raidCap = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local kinds, ids, as, bs = {}, {}, {}, {}
-- The longest window of each structure sets how long it lives; a user's fields are read in one HMGET.
local userTtl, dupWindow, raidWindow = 0, 0, 0
local fields = {}
for i = 1, n do
  local kind, id, a, b = ARGV[4 * i], ARGV[4 * i + 1], tonumber(ARGV[4 * i + 2]), tonumber(ARGV[4 * i + 3])
  kinds[i], ids[i], as[i], bs[i] = kind, id, a, b
  if kind == 'rate' then userTtl = math.max(userTtl, b * 1000); fields[#fields + 1] = 'r:' .. id
  elseif kind == 'slow' then userTtl = math.max(userTtl, a * 1000); fields[#fields + 1] = 's:' .. id
  elseif kind == 'dup' then dupWindow = math.max(dupWindow, a * 1000)
  elseif kind == 'raid' then raidWindow = math.max(raidWindow, a * 1000) end
end
if dupWindow > 0 then fields[#fields + 1] = 't' end
userTtl = math.max(userTtl, dupWindow)

local function judge(userKey, raidKey, ts, user, text, raidApplies)
  local stored = {}
  if #fields > 0 then
    local values = redis.call('HMGET', userKey, unpack(fields))
    for i, f in ipairs(fields) do stored[f] = values[i] end
  end
  if raidWindow > 0 and raidApplies then
    if redis.call('ZADD', raidKey, string.format('%d', ts), user) == 1 then
      -- A new member: past the cap, the oldest copies go.
      redis.call('ZREMRANGEBYRANK', raidKey, 0, -(raidCap + 1))
    end
    redis.call('PEXPIRE', raidKey, math.ceil(raidWindow))
  end
  local out = {}
  local writes = {}
  for i = 1, n do
    local kind, id, a, b = kinds[i], ids[i], as[i], bs[i]
    if kind == 'rate' then
      local field = 'r:' .. id
      local tokens, at = a, ts
      local v = stored[field]
      if v then
        local sep = string.find(v, ':', 1, true)
        tokens, at = tonumber(string.sub(v, 1, sep - 1)), tonumber(string.sub(v, sep + 1))
      end
      tokens = math.min(a, tokens + math.max(0, ts - at) / 1000 * (a / b))
      out[#out + 1] = string.format('%.17g', tokens)
      if tokens >= 1 then tokens = tokens - 1 end
      writes[#writes + 1] = field
      writes[#writes + 1] = string.format('%.17g', tokens) .. ':' .. string.format('%d', math.max(at, ts))
    elseif kind == 'slow' then
      local field = 's:' .. id
      local last = stored[field]
      if not last or ts - tonumber(last) >= a * 1000 then
        writes[#writes + 1] = field
        writes[#writes + 1] = string.format('%d', ts)
      end
      out[#out + 1] = last or ''
    elseif kind == 'dup' then
      out[#out + 1] = ''
    elseif kind == 'raid' then
      out[#out + 1] = raidApplies and tostring(redis.call('ZCOUNT', raidKey, string.format('%d', ts - a * 1000), '+inf')) or '0'
    end
  end
  local recent = {}
  if dupWindow > 0 then
    local packed = stored['t'] or ''
    local kept = {}
    if #text > 0 then kept[1] = string.format('%d', ts) .. ':' .. #text .. ':' .. text end
    local pos = 1
    while pos <= #packed do
      local c1 = string.find(packed, ':', pos, true)
      local c2 = string.find(packed, ':', c1 + 1, true)
      local stop = c2 + tonumber(string.sub(packed, c1 + 1, c2 - 1))
      recent[#recent + 1] = string.sub(packed, pos, c1) .. string.sub(packed, c2 + 1, stop)
      if #kept < recentCap then kept[#kept + 1] = string.sub(packed, pos, stop) end
      pos = stop + 1
    end
    writes[#writes + 1] = 't'
    writes[#writes + 1] = table.concat(kept)
  end
  if #writes > 0 then redis.call('HSET', userKey, unpack(writes)) end
  if userTtl > 0 then redis.call('PEXPIRE', userKey, math.ceil(userTtl)) end
  out[#out + 1] = recent
  return out
end

local replies = {}
local first = 4 * n + 4
for m = 1, #KEYS / 2 do
  local at = first + (m - 1) * 4
  replies[m] = judge(KEYS[2 * m - 1], KEYS[2 * m], tonumber(ARGV[at]), ARGV[at + 1], ARGV[at + 2], ARGV[at + 3] == '1')
end
return replies
