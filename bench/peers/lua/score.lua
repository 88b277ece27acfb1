-- bench/bench.baton written in Lua for LuaJIT, with lua-cjson: the classic
-- embedded-scripting choice.
--
--   luajit bench/peers/lua/score.lua [LEADS.jsonl] > decisions.jsonl
--
-- Reads JSON Lines leads (bench/gen_leads.py --sla bench), scores them as of
-- 2026-11-23T00:00:00Z, prints {"id","stage","route","deadline","scores"}.
-- Input records are assumed valid (baton type-checks them).
--
-- Not exact: Lua has no regular expressions with alternation or case folding,
-- so each title regex is a list of words: "\b(a|b)\b" alternatives are found
-- with plain string.find plus an ASCII word-boundary test, the others as plain
-- substrings, both in a lower-cased title. Lower-casing covers ASCII, Latin-1
-- (À-Þ) and Cyrillic (Ѐ-Я), not all of Unicode as RE2's case folding does:
-- enough for every title the generator writes. one_of()'s XXH3 comes from
-- libxxhash through LuaJIT's FFI.
local cjson = require("cjson")
local ffi = require("ffi")
ffi.cdef [[ uint64_t XXH3_64bits(const void* data, size_t len); ]]
local xxh = ffi.load("xxhash")

local decode, null = cjson.decode, cjson.null
local find, sub, byte, lower, gsub, char = string.find, string.sub, string.byte, string.lower, string.gsub, string.char
local format, concat, min, max, floor = string.format, table.concat, math.min, math.max, math.floor

local DAY = 86400

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)", seconds resolution
local function parse_time(s)
  local y, mo, d = tonumber(sub(s, 1, 4)), tonumber(sub(s, 6, 7)), tonumber(sub(s, 9, 10))
  local t = days_from_civil(y, mo, d) * DAY + tonumber(sub(s, 12, 13)) * 3600 + tonumber(sub(s, 15, 16)) * 60
      + tonumber(sub(s, 18, 19))
  local i = 20
  if byte(s, i) == 46 then -- '.'
    i = i + 1
    while true do
      local c = byte(s, i)
      if not c or c < 48 or c > 57 then break end
      i = i + 1
    end
  end
  local c = byte(s, i)
  if c == 43 or c == 45 then
    local off = tonumber(sub(s, i + 1, i + 2)) * 3600 + tonumber(sub(s, i + 4, i + 5)) * 60
    t = c == 43 and t - off or t + off
  end
  return t
end

local AS_OF = days_from_civil(2026, 11, 23) * DAY

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local TARGET_INDUSTRIES = set { "software", "fintech", "ecommerce", "logistics", "healthcare", "media" }
local ADJACENT_INDUSTRIES = set { "retail", "insurance", "manufacturing", "travel" }
local CORE_COUNTRIES = set { "US", "CA", "GB", "IE", "DE", "AT", "CH", "NL", "FR", "SE", "DK" }
local EMEA = set { "GB", "IE", "DE", "AT", "CH", "NL", "BE", "LU", "FR", "ES", "IT", "PT", "SE", "DK", "NO", "FI", "PL", "CZ" }
local APAC = set { "IN", "JP", "SG", "AU", "NZ", "KR" }
local LATAM = set { "BR", "MX", "AR", "CL", "CO" }
local DACH = set { "DE", "AT", "CH" }
local SANCTIONED = set { "RU", "BY", "IR", "KP" }
local COMPETITORS = { "pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com" }
local PAID_SOURCES = set { "paid_search", "paid_social" }
local STRONG_INTERESTS = set { "cdc", "streaming", "reverse-etl", "governance" }
local SALES_FORMS = set { "contact", "pricing-quote" }
local NEEDS = set { "evaluating", "replacing", "new_project" }
-- baton's built-in is_free_mail() list (docs/stdlib.md)
local FREE_MAIL = set {
  "126.com", "163.com", "aim.com", "aol.com", "att.net", "bigpond.com", "bol.com.br", "btinternet.com",
  "comcast.net", "email.com", "fastmail.com", "free.fr", "freenet.de", "gmail.com", "gmx.at", "gmx.ch",
  "gmx.com", "gmx.de", "gmx.fr", "gmx.net", "googlemail.com", "hey.com", "hotmail.co.uk", "hotmail.com",
  "hotmail.com.br", "hotmail.de", "hotmail.es", "hotmail.fr", "hotmail.it", "hushmail.com", "icloud.com",
  "inbox.ru", "interia.pl", "laposte.net", "libero.it", "list.ru", "live.co.uk", "live.com", "live.de",
  "live.fr", "live.nl", "mac.com", "mail.com", "mail.ru", "mailbox.org", "me.com", "msn.com", "naver.com",
  "o2.pl", "onet.pl", "orange.fr", "outlook.com", "outlook.de", "outlook.es", "outlook.fr", "pm.me",
  "posteo.de", "proton.me", "protonmail.com", "qq.com", "rambler.ru", "rediffmail.com", "rocketmail.com",
  "sbcglobal.net", "seznam.cz", "sfr.fr", "t-online.de", "tutanota.com", "uol.com.br", "verizon.net",
  "virgilio.it", "wanadoo.fr", "web.de", "wp.pl", "yahoo.co.in", "yahoo.co.jp", "yahoo.co.uk", "yahoo.com",
  "yahoo.com.br", "yahoo.de", "yahoo.fr", "yandex.ru" }

local ENTERPRISE_AES = { "ae:grace.holm", "ae:victor.adeyemi" }
local EMEA_AES = { "ae:jonas.weber", "ae:lucia.ferreira", "ae:claire.dumont" }
local INBOUND_AES = { "ae:amara.okafor", "ae:tom.nguyen", "ae:sara.kim", "ae:raj.mehta" }
local SDRS = { "sdr:ines.duarte", "sdr:kofi.mensah", "sdr:hanna.lindqvist", "sdr:pablo.ruiz" }

local function one_of(owners, key)
  return owners[tonumber(xxh.XXH3_64bits(key, #key) % #owners) + 1]
end

-- --- titles -------------------------------------------------------------------

local function lower_utf8(s)
  s = lower(s)
  if not find(s, "[\128-\255]") then return s end
  s = gsub(s, "\195([\128-\158])", function(c) -- Latin-1 À-Þ (not ×)
    local b = byte(c)
    if b == 0x97 then return "\195\151" end
    return char(195, b + 32)
  end)
  s = gsub(s, "\208([\128-\175])", function(c) -- Cyrillic Ѐ-Џ, А-Я
    local b = byte(c)
    if b < 0x90 then return char(209, b + 16) end -- U+0400-040F -> U+0450-045F
    if b < 0xA0 then return char(208, b + 32) end -- U+0410-041F -> U+0430-043F
    return char(209, b - 32)                       -- U+0420-042F -> U+0440-044F
  end)
  return s
end

local function is_word(b) -- RE2's \b: ASCII letters, digits, '_'
  return b and ((b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122) or b == 95)
end

-- words: alternatives inside \b(...)\b; subs: the other alternatives
local function matcher(words, subs)
  return function(t)
    for _, w in ipairs(words) do
      local init = 1
      while true do
        local i, j = find(t, w, init, true)
        if not i then break end
        if not is_word(byte(t, i - 1)) and not is_word(byte(t, j + 1)) then return true end
        init = i + 1
      end
    end
    for _, w in ipairs(subs) do
      if find(t, w, 1, true) then return true end
    end
    return false
  end
end

local EXEC = matcher({ "chief", "ceo", "cto", "cio", "cfo", "coo", "cro", "cmo", "founder", "co-founder", "owner",
  "president", "managing director" }, { "geschäftsführer", "directeur général", "generaldirektor", "генеральный директор" })
local SENIOR = matcher({ "vp", "svp", "evp", "vice president", "head", "director", "directeur", "direktor", "leiter",
  "leiterin" }, { "директор", "руководитель" })
local PRACTITIONER = matcher({ "manager", "lead", "architect", "principal", "staff", "senior", "engineer", "analyst",
  "developer", "consultant" }, { "ingénieur", "entwickler", "менеджер", "инженер" })
local DATA = matcher({ "data", "analytics", "bi", "platform", "etl", "warehouse" }, { "données", "daten", "данных" })
local STUDENT = matcher({ "student", "studentin", "intern", "trainee", "werkstudent", "werkstudentin", "praktikant",
  "praktikantin", "apprentice", "phd candidate" }, { "étudiant", "студент" })
local JOB_SEEKER = matcher({ "job seeker", "seeking", "looking for", "open to work", "unemployed", "between jobs",
  "recruiter", "talent acquisition", "headhunter" }, { "arbeitssuchend", "в поиске работы" })

-- --- scoring --------------------------------------------------------------------

local function deadline(hours)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", AS_OF + hours * 3600)
end
local D4, D8, D12, D24, D48 = deadline(4), deadline(8), deadline(12), deadline(24), deadline(48)

local function v(x) if x == null then return nil end return x end

local function starts(s, p) return sub(s, 1, #p) == p end

local function capped(points, decayed, cap)
  local value = points * decayed
  if value > cap then return cap elseif value < -cap then return -cap end
  return value
end

local function score(lead)
  local email = lead.email
  local at = email:match(".*()@")
  local domain
  if at and at < #email then domain = lower_utf8(lower(sub(email, at + 1))) end
  local fm = lower(gsub(at and sub(email, at + 1) or email, "%.+$", ""))
  local free_mail = fm ~= "" and FREE_MAIL[fm] == true
  -- domain_root(domain) in competitor_domains, for these four registrable domains
  local competitor = false
  if domain then
    for _, c in ipairs(COMPETITORS) do
      if domain == c or (#domain > #c and sub(domain, -#c - 1) == "." .. c) then competitor = true end
    end
  end
  local university = domain ~= nil and (sub(domain, -4) == ".edu" or starts(domain, "uni-")
    or find(domain, "student", 1, true) ~= nil)

  local title = v(lead.job_title)
  local lt = title and lower_utf8(title)
  local is_exec = lt ~= nil and EXEC(lt)
  local senior_m = lt ~= nil and SENIOR(lt)
  local is_senior = senior_m and not is_exec
  local is_pract = lt ~= nil and PRACTITIONER(lt) and not is_exec and not senior_m
  local data_role = lt ~= nil and DATA(lt)

  -- one pass over the events
  local e_pricing, e_docs, e_integ, e_other, e_careers, e_case, e_white, e_dl_other = 0, 0, 0, 0, 0, 0, 0, 0
  local e_web_att, e_web_not, e_click, e_open, e_form_sales, e_form_other = 0, 0, 0, 0, 0, 0
  local e_trial, e_demo, e_meeting, e_unsub = 0, 0, 0, 0
  local pricing_14, pricing_60, careers_60, paid_trial_30, demo_14, meeting_30 = 0, 0, 0, 0, 0, 0
  local demo_30, sales_form_30, trial_30, click_60 = false, false, false, false
  local last_pv_age, pv_days, docs_urls, n_docs = nil, {}, {}, 0
  local events = v(lead.events)
  if events then
    for k = 1, #events do
      local e = events[k]
      local age = AS_OF - parse_time(e.at)
      if age >= 0 then
        local w90, w60, w30, w14 = age <= 90 * DAY, age <= 60 * DAY, age <= 30 * DAY, age <= 14 * DAY
        local d = w90 and 2 ^ (-(age / DAY) / 30) or 0
        local t = e.type
        if t == "page_view" then
          local url = e.url
          if not last_pv_age or age < last_pv_age then last_pv_age = age end
          if w30 then pv_days[floor((AS_OF - age) / DAY)] = true end
          if starts(url, "/pricing") then
            e_pricing = e_pricing + d
            if w14 then pricing_14 = pricing_14 + 1 end
            if w60 then pricing_60 = pricing_60 + 1 end
          elseif starts(url, "/docs") then
            e_docs = e_docs + d
            if w30 and not docs_urls[url] then docs_urls[url] = true; n_docs = n_docs + 1 end
          elseif starts(url, "/careers") then
            e_careers = e_careers + d
            if w60 then careers_60 = careers_60 + 1 end
          else
            e_other = e_other + d
          end
          if starts(url, "/integrations") then e_integ = e_integ + d end
        elseif t == "email_open" then
          e_open = e_open + d
        elseif t == "email_click" then
          e_click = e_click + d
          if w60 then click_60 = true end
        elseif t == "content_download" then
          local kind = e.kind
          if kind == "case-study" then e_case = e_case + d
          elseif kind == "whitepaper" then e_white = e_white + d
          else e_dl_other = e_dl_other + d end
        elseif t == "webinar" then
          if e.attended then e_web_att = e_web_att + d else e_web_not = e_web_not + d end
        elseif t == "form_submit" then
          if SALES_FORMS[e.form] then
            e_form_sales = e_form_sales + d
            if w30 then sales_form_30 = true end
          else
            e_form_other = e_form_other + d
          end
        elseif t == "trial_signup" then
          e_trial = e_trial + d
          if w30 then
            trial_30 = true
            if e.plan ~= "free" then paid_trial_30 = paid_trial_30 + 1 end
          end
        elseif t == "demo_request" then
          e_demo = e_demo + d
          if w30 then demo_30 = true end
          if w14 then demo_14 = demo_14 + 1 end
        elseif t == "meeting_booked" then
          e_meeting = e_meeting + d
          if w30 then meeting_30 = meeting_30 + 1 end
        elseif t == "email_unsubscribe" then
          e_unsub = e_unsub + d
        end
      end
    end
  end

  local student = (lt ~= nil and STUDENT(lt)) or (university and not is_exec and not is_senior)
  local job_seeker = (lt ~= nil and JOB_SEEKER(lt)) or (careers_60 >= 3 and pricing_60 == 0)
  local active_days = 0
  for day in pairs(pv_days) do
    if not pv_days[day - 1] then
      local run = 1
      while pv_days[day + run] do run = run + 1 end
      if run > active_days then active_days = run end
    end
  end

  local size, industry, country = v(lead.company_size), v(lead.industry), v(lead.country)
  local revenue, interests = v(lead.annual_revenue), v(lead.interests)

  local fit = 0
  if size then
    if size < 10 then fit = fit - 10 end
    if size >= 10 and size <= 49 then fit = fit + 3 end
    if size >= 50 and size <= 199 then fit = fit + 8 end
    if size >= 200 and size <= 1999 then fit = fit + 15 end
    if size >= 2000 then fit = fit + 20 end
  end
  if revenue and revenue >= 50000000 then fit = fit + 5 end
  if is_exec then fit = fit + 20 end
  if is_senior then fit = fit + 15 end
  if is_pract then fit = fit + 8 end
  if data_role then fit = fit + 5 end
  if industry and TARGET_INDUSTRIES[industry] then fit = fit + 10 end
  if industry and ADJACENT_INDUSTRIES[industry] then fit = fit + 4 end
  if country and CORE_COUNTRIES[country] then fit = fit + 5 end
  if country and SANCTIONED[country] then fit = fit - 20 end
  if interests then
    for k = 1, #interests do
      if STRONG_INTERESTS[interests[k]] then fit = fit + 3; break end
    end
  end
  if free_mail then fit = fit - 30 end
  if competitor then fit = fit - 100 end
  if student then fit = fit - 60 end
  if job_seeker then fit = fit - 60 end
  if not title then fit = fit - 5 end
  fit = min(fit, 70)

  local eng = capped(10, e_pricing, 30) + capped(3, e_docs, 12) + capped(2, e_integ, 6) + capped(1, e_other, 10)
      + capped(-5, e_careers, 15) + capped(12, e_case, 24) + capped(5, e_white, 10) + capped(3, e_dl_other, 9)
      + capped(15, e_web_att, 30) + capped(3, e_web_not, 6) + capped(3, e_click, 15) + capped(0.5, e_open, 5)
      + capped(20, e_form_sales, 20) + capped(4, e_form_other, 8) + capped(25, e_trial, 25)
      + capped(30, e_demo, 30) + capped(20, e_meeting, 20) + capped(-15, e_unsub, 15)
  eng = max(min(eng, 100), 0)

  local intent = min(8 * pricing_14, 24) + 10 * paid_trial_30 + 15 * demo_14 + 15 * meeting_30
  if n_docs >= 4 then intent = intent + 5 end
  if active_days >= 3 then intent = intent + 5 end
  intent = min(intent, 50)

  local source = v(lead.lead_source)
  local persona = 0
  if (is_exec or is_senior) and data_role then persona = persona + 10 end
  if size and size >= 200 and size <= 5000 then persona = persona + 8 end
  if industry and TARGET_INDUSTRIES[industry] then persona = persona + 6 end
  if source == "partner" or source == "referral" then persona = persona + 6 end
  if source and PAID_SOURCES[source] and not (is_exec or is_senior) then persona = persona - 4 end
  persona = min(persona, 30)

  local total = fit + eng
  local budget, timeline, need = v(lead.budget), v(lead.timeline_days), v(lead.need)
  local bant = ((budget and budget >= 10000) and 1 or 0) + ((lead.authority == true or is_exec) and 1 or 0)
      + ((need and NEEDS[need]) and 1 or 0) + ((timeline and timeline <= 90) and 1 or 0)
  local asked = demo_30 or meeting_30 > 0 or sales_form_30
  local last_seen = last_pv_age and last_pv_age / DAY or 999
  local dormant = last_seen > 60 and not click_60
  local returned_at = v(lead.returned_at)

  local stage, route, dl
  if lead.is_customer == true then
    stage, route, dl = "customer", "team:account-management", D48
  elseif competitor or student or job_seeker or (country and SANCTIONED[country]) then
    stage = "disqualified"
  elseif lead.sales_accepted == true or asked or (total >= 75 and bant >= 3) or (intent >= 40 and fit >= 30) then
    stage = "sql"
    if size and size >= 2000 then route, dl = one_of(ENTERPRISE_AES, email), D4
    elseif size and size >= 200 and country and EMEA[country] then route, dl = one_of(EMEA_AES, email), D8
    elseif country and APAC[country] then route, dl = "team:commercial-apac", D12
    elseif country and LATAM[country] then route, dl = "team:commercial-latam", D12
    else route, dl = one_of(INBOUND_AES, email), D24 end
  elseif returned_at and (AS_OF - parse_time(returned_at)) / DAY <= 180 then
    stage, route = "recycled", "nurture:recycled"
  elseif trial_30 and fit >= 10 and eng >= 20 then
    stage = "pql"
    if country and DACH[country] then route, dl = "sdr:dach-plg", D24
    else route, dl = "team:product-led-growth", D48 end
  elseif (fit >= 25 and eng >= 15 and total >= 60) or (persona >= 20 and eng >= 25) then
    stage = "mql"
    if size and size >= 2000 then route, dl = "sdr:enterprise-desk", D24
    else route, dl = one_of(SDRS, email), D48 end
  elseif fit >= 10 and not dormant then
    stage, route = "nurture", trial_30 and "nurture:trial-onboarding" or "nurture:mid-funnel"
  elseif dormant then
    stage, route = "dormant_lead", "nurture:re-engagement"
  else
    stage = "lead"
  end

  return format('{"id":%s,"stage":"%s","route":%s,"deadline":%s,"scores":{"fit":%.17g,"engagement":%.17g,"intent":%.17g,"persona":%.17g}}\n',
    cjson.encode(lead.id), stage, route and ('"' .. route .. '"') or "null", dl and ('"' .. dl .. '"') or "null",
    fit, eng, intent, persona)
end

local path = arg[1]
local input = (path and path ~= "-") and assert(io.open(path, "rb")) or io.stdin
local out, n = {}, 0
for line in input:lines() do
  if find(line, "%S") then
    n = n + 1
    out[n] = score(decode(line))
    if n == 512 then
      io.write(concat(out))
      out, n = {}, 0
    end
  end
end
io.write(concat(out, "", 1, n))
