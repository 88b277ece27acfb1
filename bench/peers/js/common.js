// Shared by the JavaScript peers (jre.js, zen.js): input, output, and the
// few bench.baton built-ins that neither engine has (XXH3 for one_of,
// RFC 3339 times, the email helpers). The rules themselves are in each peer.
'use strict'
const fs = require('fs')
const readline = require('readline')
const { createXXHash3 } = require('hash-wasm')

const DAY = 86400
const AS_OF = Date.UTC(2026, 10, 23) / 1000 // 2026-11-23T00:00:00Z

// baton's built-in is_free_mail() list (docs/stdlib.md)
const FREE_MAIL = `126.com 163.com aim.com aol.com att.net bigpond.com bol.com.br btinternet.com comcast.net
email.com fastmail.com free.fr freenet.de gmail.com gmx.at gmx.ch gmx.com gmx.de gmx.fr gmx.net googlemail.com
hey.com hotmail.co.uk hotmail.com hotmail.com.br hotmail.de hotmail.es hotmail.fr hotmail.it hushmail.com
icloud.com inbox.ru interia.pl laposte.net libero.it list.ru live.co.uk live.com live.de live.fr live.nl mac.com
mail.com mail.ru mailbox.org me.com msn.com naver.com o2.pl onet.pl orange.fr outlook.com outlook.de outlook.es
outlook.fr pm.me posteo.de proton.me protonmail.com qq.com rambler.ru rediffmail.com rocketmail.com sbcglobal.net
seznam.cz sfr.fr t-online.de tutanota.com uol.com.br verizon.net virgilio.it wanadoo.fr web.de wp.pl yahoo.co.in
yahoo.co.jp yahoo.co.uk yahoo.com yahoo.com.br yahoo.de yahoo.fr yandex.ru`.split(/\s+/)

const COMPETITOR_DOMAINS = ['pipewright.io', 'datacurrent.com', 'streamvane.io', 'flowbeacon.com']

// RE2's \b knows only ASCII word characters; JavaScript's \b too, but with the
// u and i flags it also counts U+017F and U+212A: spell the boundary out.
function titleRegex (pattern) {
  return new RegExp(pattern.replace(/\\b\(/g, '(?<![0-9A-Za-z_])(').replace(/\)\\b/g, ')(?![0-9A-Za-z_])'), 'iu')
}
const TITLE_PATTERNS = {
  exec: '\\b(chief|ceo|cto|cio|cfo|coo|cro|cmo|founder|co-founder|owner|president|managing director)\\b|geschäftsführer|directeur général|generaldirektor|генеральный директор',
  senior: '\\b(vp|svp|evp|vice president|head|director|directeur|direktor|leiter|leiterin)\\b|директор|руководитель',
  practitioner: '\\b(manager|lead|architect|principal|staff|senior|engineer|analyst|developer|consultant)\\b|ingénieur|entwickler|менеджер|инженер',
  data: '\\b(data|analytics|bi|platform|etl|warehouse)\\b|données|daten|данных',
  student: '\\b(student|studentin|intern|trainee|werkstudent|werkstudentin|praktikant|praktikantin|apprentice|phd candidate)\\b|étudiant|студент',
  job_seeker: '\\b(job seeker|seeking|looking for|open to work|unemployed|between jobs|recruiter|talent acquisition|headhunter)\\b|arbeitssuchend|в поиске работы'
}
const TITLE_REGEX = Object.fromEntries(Object.entries(TITLE_PATTERNS).map(([k, p]) => [k, titleRegex(p)]))

// RFC 3339 -> epoch seconds (Date.parse keeps milliseconds; times have second resolution)
function parseTime (s) { return Math.floor(Date.parse(s) / 1000) }

// lower(email_domain(email)): after the last '@', missing when nothing follows
function emailDomain (email) {
  const at = email.lastIndexOf('@')
  return at >= 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : null
}
// is_free_mail(email): the part after the last '@' (or all of it), no trailing dot, ASCII case-insensitive
function mailDomain (email) {
  return email.slice(email.lastIndexOf('@') + 1).replace(/\.+$/, '').replace(/[A-Z]/g, c => c.toLowerCase())
}
// domain_root(domain) in competitor_domains, for these four registrable domains
function isCompetitor (domain) {
  return domain !== null && COMPETITOR_DOMAINS.some(c => domain === c || domain.endsWith('.' + c))
}

function deadline (hours) {
  return hours == null ? null : new Date((AS_OF + hours * 3600) * 1000).toISOString().replace('.000Z', 'Z')
}

// one_of(owners, key): owners[XXH3_64(key) mod n]
let xxh3 = null
async function init () { xxh3 = await createXXHash3(0, 0) }
function xxh3Mod (key, n) {
  xxh3.init()
  xxh3.update(key)
  return Number(BigInt('0x' + xxh3.digest('hex')) % BigInt(n))
}
function oneOf (owners, key) { return owners[xxh3Mod(key, owners.length)] }

// Events by type, with their age in seconds; events after as_of are dropped.
function eventsByType (lead) {
  const out = {}
  for (const e of lead.events || []) {
    const age = AS_OF - parseTime(e.at)
    if (age < 0) continue
    e.age = age
    ;(out[e.type] || (out[e.type] = [])).push(e)
  }
  return out
}

// streak(): longest run of consecutive UTC days
function streak (events) {
  const days = new Set(events.map(e => Math.floor((AS_OF - e.age) / DAY)))
  let best = 0
  for (const d of days) {
    if (days.has(d - 1)) continue
    let run = 1
    while (days.has(d + run)) run++
    if (run > best) best = run
  }
  return best
}

function decisionLine (id, stage, route, hours, scores) {
  return JSON.stringify({ id, stage, route: route ?? null, deadline: route == null ? null : deadline(hours), scores }) + '\n'
}

// Calls scoreLead(lead) -> line (sync or async) for every lead, in order, and writes the lines.
async function main (scoreLead) {
  await init()
  const path = process.argv[2]
  const input = path && path !== '-' ? fs.createReadStream(path) : process.stdin
  const rl = readline.createInterface({ input, crlfDelay: Infinity })
  let buf = []
  for await (const line of rl) {
    if (!line.trim()) continue
    buf.push(await scoreLead(JSON.parse(line)))
    if (buf.length === 1024) {
      const chunk = buf.join('')
      buf = []
      if (!process.stdout.write(chunk)) await new Promise(resolve => process.stdout.once('drain', resolve))
    }
  }
  process.stdout.write(buf.join(''))
}

module.exports = {
  DAY, AS_OF, FREE_MAIL, TITLE_PATTERNS, TITLE_REGEX, parseTime, emailDomain, mailDomain, isCompetitor, deadline, oneOf, xxh3Mod,
  eventsByType, streak, decisionLine, main
}
