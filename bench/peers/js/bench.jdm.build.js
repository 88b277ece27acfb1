// Writes bench.jdm.json: bench/bench.baton as a ZEN (GoRules) JDM decision
// graph. The graph is the artifact zen.js evaluates; this script only keeps it
// readable and regenerable:   node bench/peers/js/bench.jdm.build.js
//
// request -> lets (expression node) -> distinct and streak (expression node)
// -> event lets (expression node) -> scores (expression node) -> stage
// (decision table, first hit) -> route (decision table, first hit) -> response.
// Expression nodes use passThrough and `$.key` for keys of the same node.
'use strict'
const fs = require('fs')
const path = require('path')
const C = require('./common')

const AS_OF = C.AS_OF
const D = C.DAY
const str = s => JSON.stringify(s)
// a ZEN string literal as written: ZEN does not process backslash escapes, so a regex goes in verbatim
const raw = s => { if (s.includes('"')) throw new Error('quote in ' + s); return '"' + s + '"' }
const list = xs => '[' + xs.map(str).join(', ') + ']'
const esc = s => s.replace(/[.\\+*?^$()[\]{}|-]/g, c => '\\' + c)

// RE2-compatible title regexes for Rust's regex crate: (?i) Unicode case
// folding as in RE2; (?-u:\b) is RE2's ASCII-only word boundary.
const rx = p => '(?i)' + p.replace(/\\b/g, '(?-u:\\b)')
const titleMatch = name => `(job_title != null and matches(job_title, ${raw(rx(C.TITLE_PATTERNS[name]))}))`

// events carry their age (seconds), UTC day and decay factor (half-life 30d), computed once in `ev`
const within = d => `#.age <= ${d * D}`
// +N per EVENT where COND within D max M  (decayed by the block's half-life, 30d here)
function per (arr, points, where, days, cap, decayed) {
  const filt = [where, within(days)].filter(Boolean).join(' and ')
  const value = decayed ? `${points} * sum(map(filter(${arr}, ${filt}), #.decay))` : `${points} * count(${arr}, ${filt})`
  if (cap == null) return value
  return points > 0 ? `min([${value}, ${cap}])` : `max([${value}, -${cap}])`
}
const sw = (field, p) => `startsWith(#.${field}, ${str(p)})`

const TYPES = ['page_view', 'content_download', 'webinar', 'email_click', 'email_open', 'email_unsubscribe',
  'form_submit', 'trial_signup', 'demo_request', 'meeting_booked']

let n = 0
const expr = (key, value) => ({ id: 'x' + (++n), key, value })
const exprNode = (id, name, expressions) => ({ id, type: 'expressionNode', name, content: { passThrough: true, inputField: null, outputPath: null, expressions } })

const SETS = {
  target: ['software', 'fintech', 'ecommerce', 'logistics', 'healthcare', 'media'],
  adjacent: ['retail', 'insurance', 'manufacturing', 'travel'],
  core: ['US', 'CA', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'FR', 'SE', 'DK'],
  emea: ['GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'ES', 'IT', 'PT', 'SE', 'DK', 'NO', 'FI', 'PL', 'CZ'],
  apac: ['IN', 'JP', 'SG', 'AU', 'NZ', 'KR'],
  latam: ['BR', 'MX', 'AR', 'CL', 'CO'],
  dach: ['DE', 'AT', 'CH'],
  sanctioned: ['RU', 'BY', 'IR', 'KP'],
  competitors: ['pipewright.io', 'datacurrent.com', 'streamvane.io', 'flowbeacon.com'],
  paid: ['paid_search', 'paid_social'],
  strong: ['cdc', 'streaming', 'reverse-etl', 'governance'],
  sales_forms: ['contact', 'pricing-quote'],
  needs: ['evaluating', 'replacing', 'new_project']
}
const inSet = (x, s) => `(${x} != null and ${x} in ${list(SETS[s])})`
const num = (x, op, v) => `(${x} != null and ${x} ${op} ${v})`
const between = (x, a, b) => `(${x} != null and ${x} >= ${a} and ${x} <= ${b})`

// 1. lets that need only the record
const lets1 = exprNode('lets1', 'lets', [
  expr('at_parts', 'split(email, "@")'),
  expr('domain', 'len($.at_parts) > 1 and $.at_parts[len($.at_parts) - 1] != "" ? lower($.at_parts[len($.at_parts) - 1]) : null'),
  expr('free_mail', `matches(lower($.at_parts[len($.at_parts) - 1]), ${raw('^(' + C.FREE_MAIL.map(esc).join('|') + ')\\.*$')})`),
  // domain_root(domain) in competitor_domains, for these four registrable domains
  expr('competitor', `$.domain != null and some(${list(SETS.competitors)}, $.domain == # or endsWith($.domain, "." + #))`),
  expr('university', '$.domain != null and (endsWith($.domain, ".edu") or startsWith($.domain, "uni-") or contains($.domain, "student"))'),
  expr('is_exec', titleMatch('exec')),
  expr('senior_m', titleMatch('senior')),
  expr('is_senior', '$.senior_m and not $.is_exec'),
  expr('is_practitioner', `${titleMatch('practitioner')} and not $.is_exec and not $.senior_m`),
  expr('data_role', titleMatch('data')),
  expr('student', `${titleMatch('student')} or ($.university and not $.is_exec and not $.is_senior)`),
  expr('seeker_title', titleMatch('job_seeker')),
  expr('ev', `map(filter(events ?? [], date(#.at) <= ${AS_OF}), {type: #.type, age: ${AS_OF} - date(#.at), ` +
    `day: floor(date(#.at) / ${D}), decay: 0.5 ^ ((${AS_OF} - date(#.at)) / ${D} / 30), ` +
    'url: #.url, kind: #.kind, attended: #.attended, form: #.form, plan: #.plan})'),
  ...TYPES.map(t => expr(t, `filter($.ev, #.type == ${str(t)})`))
])

// 2. distinct() and streak() (ZEN has no unique, sort or reduce): distinct by
// index and slice; streak as a run length over the 31 days a 30d window can touch
const DAY_LO = Math.floor((AS_OF - 30 * D) / D)
const DAY_HI = Math.floor(AS_OF / D)
const runs = []
for (let day = DAY_LO; day <= DAY_HI; day++) {
  const k = day - DAY_LO
  runs.push(expr('run' + k, `(${day} in $.pv_days) ? ${k === 0 ? 0 : '$.run' + (k - 1)} + 1 : 0`))
}
const aggregates = exprNode('aggregates', 'distinct and streak', [
  expr('pv30', `filter(page_view, ${within(30)})`),
  expr('docs_urls', `map(filter($.pv30, startsWith(#.url, "/docs")), #.url)`),
  expr('docs_pages_30d', 'len($.docs_urls) == 0 ? 0 : count([0..len($.docs_urls) - 1], # == 0 or not ($.docs_urls[#] in $.docs_urls[0:# - 1]))'),
  expr('pv_days', 'map($.pv30, #.day)'),
  ...runs,
  expr('active_days', 'max([' + runs.map(r => '$.' + r.key).join(', ') + '])')
])

// 3. lets over events
const lets2 = exprNode('lets2', 'event lets', [
  expr('job_seeker', `seeker_title or (count(page_view, ${sw('url', '/careers')} and ${within(60)}) >= 3 and none(page_view, ${sw('url', '/pricing')} and ${within(60)}))`),
  expr('last_seen', `len(page_view) > 0 ? min(map(page_view, #.age)) / ${D} : null`),
  expr('asked_for_sales', `some(demo_request, ${within(30)}) or some(meeting_booked, ${within(30)}) or some(form_submit, #.form in ${list(SETS.sales_forms)} and ${within(30)})`),
  expr('trial_30d', `some(trial_signup, ${within(30)})`),
  expr('dormant', `($.last_seen ?? 999) > 60 and none(email_click, ${within(60)})`),
  expr('recycled_days', `returned_at != null ? (${AS_OF} - date(returned_at)) / ${D} : null`)
])

// 4. scores
const E = (arr, points, where, cap) => per(arr, points, where, 90, cap, true)
const notPricingDocsCareers = `not (${sw('url', '/pricing')} or ${sw('url', '/docs')} or ${sw('url', '/careers')})`
const scores = exprNode('scores', 'scores', [
  expr('fit_raw', [
    `(${num('company_size', '<', 10)} ? -10 : 0)`,
    `(${between('company_size', 10, 49)} ? 3 : 0)`,
    `(${between('company_size', 50, 199)} ? 8 : 0)`,
    `(${between('company_size', 200, 1999)} ? 15 : 0)`,
    `(${num('company_size', '>=', 2000)} ? 20 : 0)`,
    `(${num('annual_revenue', '>=', 50000000)} ? 5 : 0)`,
    '(is_exec ? 20 : 0)', '(is_senior ? 15 : 0)', '(is_practitioner ? 8 : 0)', '(data_role ? 5 : 0)',
    `(${inSet('industry', 'target')} ? 10 : 0)`,
    `(${inSet('industry', 'adjacent')} ? 4 : 0)`,
    `(${inSet('country', 'core')} ? 5 : 0)`,
    `(${inSet('country', 'sanctioned')} ? -20 : 0)`,
    `((interests != null and some(interests, # in ${list(SETS.strong)})) ? 3 : 0)`,
    '(free_mail ? -30 : 0)', '(competitor ? -100 : 0)', '(student ? -60 : 0)', '(job_seeker ? -60 : 0)',
    '(job_title == null ? -5 : 0)'
  ].join(' + ')),
  expr('fit', 'min([$.fit_raw, 70])'),
  expr('engagement_raw', [
    E('page_view', 10, sw('url', '/pricing'), 30),
    E('page_view', 3, sw('url', '/docs'), 12),
    E('page_view', 2, sw('url', '/integrations'), 6),
    E('page_view', 1, notPricingDocsCareers, 10),
    E('page_view', -5, sw('url', '/careers'), 15),
    E('content_download', 12, '#.kind == "case-study"', 24),
    E('content_download', 5, '#.kind == "whitepaper"', 10),
    E('content_download', 3, '#.kind != "case-study" and #.kind != "whitepaper"', 9),
    E('webinar', 15, '#.attended == true', 30),
    E('webinar', 3, 'not (#.attended == true)', 6),
    E('email_click', 3, null, 15),
    E('email_open', 0.5, null, 5),
    E('form_submit', 20, `#.form in ${list(SETS.sales_forms)}`, 20),
    E('form_submit', 4, `not (#.form in ${list(SETS.sales_forms)})`, 8),
    E('trial_signup', 25, null, 25),
    E('demo_request', 30, null, 30),
    E('meeting_booked', 20, null, 20),
    E('email_unsubscribe', -15, null, 15)
  ].join(' + ')),
  expr('engagement', 'max([min([$.engagement_raw, 100]), 0])'),
  expr('intent_raw', [
    per('page_view', 8, sw('url', '/pricing'), 14, 24),
    per('trial_signup', 10, '#.plan != "free"', 30, null),
    per('demo_request', 15, null, 14, null),
    per('meeting_booked', 15, null, 30, null),
    '(docs_pages_30d >= 4 ? 5 : 0)',
    '(active_days >= 3 ? 5 : 0)'
  ].join(' + ')),
  expr('intent', 'min([$.intent_raw, 50])'),
  expr('persona_raw', [
    '(((is_exec or is_senior) and data_role) ? 10 : 0)',
    `(${between('company_size', 200, 5000)} ? 8 : 0)`,
    `(${inSet('industry', 'target')} ? 6 : 0)`,
    '((lead_source == "partner" or lead_source == "referral") ? 6 : 0)',
    `((${inSet('lead_source', 'paid')} and not (is_exec or is_senior)) ? -4 : 0)`
  ].join(' + ')),
  expr('persona', 'min([$.persona_raw, 30])'),
  expr('total', '$.fit + $.engagement'),
  expr('bant', [
    `(${num('budget', '>=', 10000)} ? 1 : 0)`,
    '((authority == true or is_exec) ? 1 : 0)',
    `(${inSet('need', 'needs')} ? 1 : 0)`,
    `(${num('timeline_days', '<=', 90)} ? 1 : 0)`
  ].join(' + ')),
  expr('sanctioned', inSet('country', 'sanctioned')),
  expr('size', 'company_size ?? -1')
])

// 5. stage: decision table, first hit wins
let c = 0
const col = (name, field) => ({ id: 'c' + (++c), name, field })
const stageCols = {
  customer: col('is customer', 'is_customer == true'),
  disq: col('disqualified', 'competitor or student or job_seeker or sanctioned'),
  sql: col('sql', 'sales_accepted == true or asked_for_sales or (total >= 75 and bant >= 3) or (intent >= 40 and fit >= 30)'),
  recycled: col('recycled', 'recycled_days != null and recycled_days <= 180'),
  pql: col('pql', 'trial_30d and fit >= 10 and engagement >= 20'),
  mql: col('mql', '(fit >= 25 and engagement >= 15 and total >= 60) or (persona >= 20 and engagement >= 25)'),
  nurture: col('nurture', 'fit >= 10 and not dormant'),
  dormant: col('dormant', 'dormant')
}
const stageOut = { id: 'so', name: 'stage', field: 'stage' }
const stageRows = [['customer', 'customer'], ['disq', 'disqualified'], ['sql', 'sql'], ['recycled', 'recycled'], ['pql', 'pql'],
  ['mql', 'mql'], ['nurture', 'nurture'], ['dormant', 'dormant_lead'], [null, 'lead']].map(([k, stage], i) => {
  const row = { _id: 'sr' + i }
  for (const [name, cl] of Object.entries(stageCols)) row[cl.id] = name === k ? 'true' : ''
  row[stageOut.id] = str(stage)
  return row
})
const stageTable = {
  id: 'stage', type: 'decisionTableNode', name: 'stage',
  content: { hitPolicy: 'first', passThrough: true, inputField: null, outputPath: null, executionMode: 'single',
    inputs: Object.values(stageCols), outputs: [stageOut], rules: stageRows }
}

// 6. route: decision table, first hit wins; one_of() picks by email_bucket = XXH3(email) mod 12
const rc = { stage: col('stage', 'stage'), size: col('company size', 'size'), country: col('country', 'country'), trial: col('trial in 30d', 'trial_30d') }
const routeOut = [{ id: 'ro', name: 'route', field: 'route' }, { id: 'rh', name: 'hours', field: 'hours' }]
const oneOf = (owners) => `${list(owners)}[email_bucket % ${owners.length}]`
const R = (stage, cond, to, hours) => ({ stage, ...cond, to, hours })
const routes = [
  R('customer', {}, str('team:account-management'), 48),
  R('sql', { size: '>= 2000' }, oneOf(['ae:grace.holm', 'ae:victor.adeyemi']), 4),
  R('sql', { size: '>= 200', country: SETS.emea.map(str).join(', ') }, oneOf(['ae:jonas.weber', 'ae:lucia.ferreira', 'ae:claire.dumont']), 8),
  R('sql', { country: SETS.apac.map(str).join(', ') }, str('team:commercial-apac'), 12),
  R('sql', { country: SETS.latam.map(str).join(', ') }, str('team:commercial-latam'), 12),
  R('sql', {}, oneOf(['ae:amara.okafor', 'ae:tom.nguyen', 'ae:sara.kim', 'ae:raj.mehta']), 24),
  R('pql', { country: SETS.dach.map(str).join(', ') }, str('sdr:dach-plg'), 24),
  R('pql', {}, str('team:product-led-growth'), 48),
  R('mql', { size: '>= 2000' }, str('sdr:enterprise-desk'), 24),
  R('mql', {}, oneOf(['sdr:ines.duarte', 'sdr:kofi.mensah', 'sdr:hanna.lindqvist', 'sdr:pablo.ruiz']), 48),
  R('recycled', {}, str('nurture:recycled'), 'null'),
  R('nurture', { trial: 'true' }, str('nurture:trial-onboarding'), 'null'),
  R('nurture', {}, str('nurture:mid-funnel'), 'null'),
  R('dormant_lead', {}, str('nurture:re-engagement'), 'null'),
  R(null, {}, 'null', 'null')
].map((r, i) => ({
  _id: 'rr' + i,
  [rc.stage.id]: r.stage ? str(r.stage) : '',
  [rc.size.id]: r.size || '',
  [rc.country.id]: r.country || '',
  [rc.trial.id]: r.trial || '',
  ro: r.to,
  rh: String(r.hours)
}))
const routeTable = {
  id: 'route', type: 'decisionTableNode', name: 'route',
  content: { hitPolicy: 'first', passThrough: false, inputField: null, outputPath: null, executionMode: 'single',
    inputs: Object.values(rc), outputs: [...routeOut,
      { id: 'rs', name: 'stage', field: 'stage' }, { id: 'rf', name: 'fit', field: 'scores.fit' },
      { id: 're', name: 'engagement', field: 'scores.engagement' }, { id: 'ri', name: 'intent', field: 'scores.intent' },
      { id: 'rp', name: 'persona', field: 'scores.persona' }],
    rules: routes.map(r => ({ ...r, rs: 'stage', rf: 'fit', re: 'engagement', ri: 'intent', rp: 'persona' })) }
}

const nodes = [
  { id: 'request', type: 'inputNode', name: 'request' },
  lets1, aggregates, lets2, scores, stageTable, routeTable,
  { id: 'response', type: 'outputNode', name: 'response' }
]
const edges = nodes.slice(1).map((node, i) => ({ id: 'e' + i, type: 'edge', sourceId: nodes[i].id, targetId: node.id }))
let x = 0
for (const node of nodes) node.position = { x: (x += 250), y: 200 }
fs.writeFileSync(path.join(__dirname, 'bench.jdm.json'),
  JSON.stringify({ contentType: 'application/vnd.gorules.decision', nodes, edges }, null, 2) + '\n')
