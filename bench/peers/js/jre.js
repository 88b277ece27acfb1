// bench/bench.baton expressed for json-rules-engine (npm), the most used
// JavaScript rules engine.
//
//   node bench/peers/js/jre.js [LEADS.jsonl] > decisions.jsonl
//
// The rules are the engine's JSON rules (conditions over facts, events).
// Everything the engine has no words for goes through its documented
// extension points:
// - custom operators: startsWith, endsWith, includes (for strings), matches
//   (a title regex by name), intersects, isMissing (absent or null);
// - computed facts (functions with params): email domain, competitor
//   (domain_root reduced to a suffix test for the four competitor domains),
//   per-event aggregates (count, decayed sum, distinct, streak, days since);
// - rule priorities and an uncached "stage" fact give first-match-wins stages
//   and routes;
// - summing points, rule caps and block min/max happen in the engine's
//   success handler and in computed facts (the engine cannot add numbers);
//   one_of() (XXH3) and deadlines are computed there too.
'use strict'
const { Engine } = require('json-rules-engine')
const C = require('./common')

const D = C.DAY
const SETS = {
  target_industries: ['software', 'fintech', 'ecommerce', 'logistics', 'healthcare', 'media'],
  adjacent_industries: ['retail', 'insurance', 'manufacturing', 'travel'],
  core_countries: ['US', 'CA', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'FR', 'SE', 'DK'],
  emea: ['GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'ES', 'IT', 'PT', 'SE', 'DK', 'NO', 'FI', 'PL', 'CZ'],
  apac: ['IN', 'JP', 'SG', 'AU', 'NZ', 'KR'],
  latam: ['BR', 'MX', 'AR', 'CL', 'CO'],
  dach: ['DE', 'AT', 'CH'],
  sanctioned: ['RU', 'BY', 'IR', 'KP'],
  paid_sources: ['paid_search', 'paid_social'],
  strong_interests: ['cdc', 'streaming', 'reverse-etl', 'governance'],
  sales_forms: ['contact', 'pricing-quote'],
  needs: ['evaluating', 'replacing', 'new_project']
}
const LISTS = {
  enterprise_aes: ['ae:grace.holm', 'ae:victor.adeyemi'],
  emea_aes: ['ae:jonas.weber', 'ae:lucia.ferreira', 'ae:claire.dumont'],
  inbound_aes: ['ae:amara.okafor', 'ae:tom.nguyen', 'ae:sara.kim', 'ae:raj.mehta'],
  sdrs: ['sdr:ines.duarte', 'sdr:kofi.mensah', 'sdr:hanna.lindqvist', 'sdr:pablo.ruiz']
}

// --- condition helpers (plain JSON) ---------------------------------------------
const f = (fact, operator, value, params) => (params ? { fact, operator, value, params } : { fact, operator, value })
const cond = name => ({ condition: name })
const not = c => ({ not: c })
const all = (...cs) => ({ all: cs })
const any = (...cs) => ({ any: cs })
// an event filter: [field, operator, value] (the same operators as conditions), or {not|all|any}
const agg = (fn, type, where, within) => ({ fn, type, where: where || null, within: within || null })
const count = (type, where, within) => agg('count', type, where, within)

// lets
const CONDITIONS = {
  is_exec: all(f('job_title', 'matches', 'exec')),
  senior_m: all(f('job_title', 'matches', 'senior')),
  is_senior: all(cond('senior_m'), not(cond('is_exec'))),
  is_practitioner: all(f('job_title', 'matches', 'practitioner'), not(cond('is_exec')), not(cond('senior_m'))),
  data_role: all(f('job_title', 'matches', 'data')),
  exec_or_senior: any(cond('is_exec'), cond('is_senior')),
  free_mail: all(f('mail_domain', 'in', C.FREE_MAIL)),
  competitor: all(f('competitor', 'equal', true)),
  university: any(f('domain', 'endsWith', '.edu'), f('domain', 'startsWith', 'uni-'), f('domain', 'includes', 'student')),
  student: any(f('job_title', 'matches', 'student'), all(cond('university'), not(cond('is_exec')), not(cond('is_senior')))),
  job_seeker: any(f('job_title', 'matches', 'job_seeker'),
    all(f('agg', 'greaterThanInclusive', 3, count('page_view', ['url', 'startsWith', '/careers'], 60)),
      f('agg', 'equal', 0, count('page_view', ['url', 'startsWith', '/pricing'], 60)))),
  asked_for_sales: any(f('agg', 'greaterThan', 0, count('demo_request', null, 30)),
    f('agg', 'greaterThan', 0, count('meeting_booked', null, 30)),
    f('agg', 'greaterThan', 0, count('form_submit', ['form', 'in', SETS.sales_forms], 30))),
  trial_30d: all(f('agg', 'greaterThan', 0, count('trial_signup', null, 30))),
  dormant: all(any(f('last_seen', 'equal', null), f('last_seen', 'greaterThan', 60)),
    f('agg', 'equal', 0, count('email_click', null, 60))),
  sanctioned: all(f('country', 'in', SETS.sanctioned))
}

const RULES = []
let priority = 1000
// attribute rule: points when the conditions hold
const when = (score, points, conditions) => RULES.push({
  priority, conditions: conditions.all || conditions.any || conditions.not ? conditions : all(conditions), event: { type: 'points', params: { score, points } }
})
// behaviour rule: points per event (decayed by the block's half-life), capped
const per = (score, points, type, where, opts) => {
  const params = { ...agg('decayed', type, where, opts.within), half_life: opts.half_life || null }
  RULES.push({
    priority,
    conditions: all(f('agg', 'greaterThan', 0, params)),
    event: { type: 'per', params: { score, points, cap: opts.cap ?? null, agg: params } }
  })
}

// fit
when('fit', -10, f('company_size', 'lessThan', 10))
when('fit', 3, all(f('company_size', 'greaterThanInclusive', 10), f('company_size', 'lessThanInclusive', 49)))
when('fit', 8, all(f('company_size', 'greaterThanInclusive', 50), f('company_size', 'lessThanInclusive', 199)))
when('fit', 15, all(f('company_size', 'greaterThanInclusive', 200), f('company_size', 'lessThanInclusive', 1999)))
when('fit', 20, f('company_size', 'greaterThanInclusive', 2000))
when('fit', 5, f('annual_revenue', 'greaterThanInclusive', 50000000))
when('fit', 20, cond('is_exec'))
when('fit', 15, cond('is_senior'))
when('fit', 8, cond('is_practitioner'))
when('fit', 5, cond('data_role'))
when('fit', 10, f('industry', 'in', SETS.target_industries))
when('fit', 4, f('industry', 'in', SETS.adjacent_industries))
when('fit', 5, f('country', 'in', SETS.core_countries))
when('fit', -20, cond('sanctioned'))
when('fit', 3, f('interests', 'intersects', SETS.strong_interests))
when('fit', -30, cond('free_mail'))
when('fit', -100, cond('competitor'))
when('fit', -60, cond('student'))
when('fit', -60, cond('job_seeker'))
when('fit', -5, f('job_title', 'isMissing', true))

// engagement: window 90d, decay half_life 30d
const E = (points, type, where, cap) => per('engagement', points, type, where, { within: 90, half_life: 30, cap })
E(10, 'page_view', ['url', 'startsWith', '/pricing'], 30)
E(3, 'page_view', ['url', 'startsWith', '/docs'], 12)
E(2, 'page_view', ['url', 'startsWith', '/integrations'], 6)
E(1, 'page_view', { not: { any: [['url', 'startsWith', '/pricing'], ['url', 'startsWith', '/docs'], ['url', 'startsWith', '/careers']] } }, 10)
E(-5, 'page_view', ['url', 'startsWith', '/careers'], 15)
E(12, 'content_download', ['kind', 'equal', 'case-study'], 24)
E(5, 'content_download', ['kind', 'equal', 'whitepaper'], 10)
E(3, 'content_download', { all: [['kind', 'notEqual', 'case-study'], ['kind', 'notEqual', 'whitepaper']] }, 9)
E(15, 'webinar', ['attended', 'equal', true], 30)
E(3, 'webinar', { not: ['attended', 'equal', true] }, 6)
E(3, 'email_click', null, 15)
E(0.5, 'email_open', null, 5)
E(20, 'form_submit', ['form', 'in', SETS.sales_forms], 20)
E(4, 'form_submit', ['form', 'notIn', SETS.sales_forms], 8)
E(25, 'trial_signup', null, 25)
E(30, 'demo_request', null, 30)
E(20, 'meeting_booked', null, 20)
E(-15, 'email_unsubscribe', null, 15)

// intent: window 30d, no decay
per('intent', 8, 'page_view', ['url', 'startsWith', '/pricing'], { within: 14, cap: 24 })
per('intent', 10, 'trial_signup', ['plan', 'notEqual', 'free'], { within: 30 })
per('intent', 15, 'demo_request', null, { within: 14 })
per('intent', 15, 'meeting_booked', null, { within: 30 })
when('intent', 5, f('agg', 'greaterThanInclusive', 4, agg('distinct', 'page_view', ['url', 'startsWith', '/docs'], 30)))
when('intent', 5, f('agg', 'greaterThanInclusive', 3, agg('streak', 'page_view', null, 30)))

// persona
when('persona', 10, all(cond('exec_or_senior'), cond('data_role')))
when('persona', 8, all(f('company_size', 'greaterThanInclusive', 200), f('company_size', 'lessThanInclusive', 5000)))
when('persona', 6, f('industry', 'in', SETS.target_industries))
when('persona', 6, f('lead_source', 'in', ['partner', 'referral']))
when('persona', -4, all(f('lead_source', 'in', SETS.paid_sources), not(cond('exec_or_senior'))))

// bant = count_true(...)
when('bant', 1, f('budget', 'greaterThanInclusive', 10000))
when('bant', 1, any(f('authority', 'equal', true), cond('is_exec')))
when('bant', 1, f('need', 'in', SETS.needs))
when('bant', 1, f('timeline_days', 'lessThanInclusive', 90))

// stages: first match wins (one priority each, and only while no stage is set)
const STAGES = [
  ['customer', f('is_customer', 'equal', true)],
  ['disqualified', any(cond('competitor'), cond('student'), cond('job_seeker'), cond('sanctioned'))],
  ['sql', any(f('sales_accepted', 'equal', true), cond('asked_for_sales'),
    all(f('total', 'greaterThanInclusive', 75), f('bant', 'greaterThanInclusive', 3)),
    all(f('intent', 'greaterThanInclusive', 40), f('fit', 'greaterThanInclusive', 30)))],
  ['recycled', f('days_since_returned', 'lessThanInclusive', 180)],
  ['pql', all(cond('trial_30d'), f('fit', 'greaterThanInclusive', 10), f('engagement', 'greaterThanInclusive', 20))],
  ['mql', any(all(f('fit', 'greaterThanInclusive', 25), f('engagement', 'greaterThanInclusive', 15), f('total', 'greaterThanInclusive', 60)),
    all(f('persona', 'greaterThanInclusive', 20), f('engagement', 'greaterThanInclusive', 25)))],
  ['nurture', all(f('fit', 'greaterThanInclusive', 10), not(cond('dormant')))],
  ['dormant_lead', cond('dormant')],
  ['lead', null]
]
priority = 500
for (const [stage, c] of STAGES) {
  const cs = [f('stage', 'equal', null)]
  if (c) cs.push(c)
  RULES.push({ priority: priority--, conditions: all(...cs), event: { type: 'stage', params: { stage } } })
}

// routes: first arm for the lead's stage whose condition holds
const ROUTES = [
  ['customer', null, { to: 'team:account-management' }, 48],
  ['sql', f('company_size', 'greaterThanInclusive', 2000), { one_of: 'enterprise_aes' }, 4],
  ['sql', all(f('company_size', 'greaterThanInclusive', 200), f('country', 'in', SETS.emea)), { one_of: 'emea_aes' }, 8],
  ['sql', f('country', 'in', SETS.apac), { to: 'team:commercial-apac' }, 12],
  ['sql', f('country', 'in', SETS.latam), { to: 'team:commercial-latam' }, 12],
  ['sql', null, { one_of: 'inbound_aes' }, 24],
  ['pql', f('country', 'in', SETS.dach), { to: 'sdr:dach-plg' }, 24],
  ['pql', null, { to: 'team:product-led-growth' }, 48],
  ['mql', f('company_size', 'greaterThanInclusive', 2000), { to: 'sdr:enterprise-desk' }, 24],
  ['mql', null, { one_of: 'sdrs' }, 48],
  ['recycled', null, { to: 'nurture:recycled' }, null],
  ['nurture', cond('trial_30d'), { to: 'nurture:trial-onboarding' }, null],
  ['nurture', null, { to: 'nurture:mid-funnel' }, null],
  ['dormant_lead', null, { to: 'nurture:re-engagement' }, null]
]
priority = 100
for (const [stage, c, dest, hours] of ROUTES) {
  const cs = [f('stage', 'equal', stage), f('routed', 'equal', false)]
  if (c) cs.push(c)
  RULES.push({ priority: priority--, conditions: all(...cs), event: { type: 'route', params: { ...dest, hours } } })
}

// --- the engine's extension points: operators and computed facts -------------------
const engine = new Engine([], { allowUndefinedFacts: true })
const isStr = v => typeof v === 'string'
engine.addOperator('startsWith', (a, b) => isStr(a) && a.startsWith(b))
engine.addOperator('endsWith', (a, b) => isStr(a) && a.endsWith(b))
engine.addOperator('includes', (a, b) => isStr(a) && a.includes(b))
engine.addOperator('matches', (a, b) => isStr(a) && C.TITLE_REGEX[b].test(a))
engine.addOperator('isMissing', (a, b) => (a === undefined || a === null) === b)
engine.addOperator('intersects', (a, b) => Array.isArray(a) && a.some(x => b.includes(x)))
for (const [name, c] of Object.entries(CONDITIONS)) engine.setCondition(name, c)
for (const r of RULES) engine.addRule(r)

// event filters use the engine's own operators
const OPS = engine.operators
function test (where, e) {
  if (where === null) return true
  if (Array.isArray(where)) {
    const v = e[where[0]]
    return v !== undefined && v !== null && OPS.get(where[1]).evaluate(v, where[2])
  }
  if (where.not) return !test(where.not, e)
  if (where.all) return where.all.every(w => test(w, e))
  return where.any.some(w => test(w, e))
}

engine.addFact('by_type', (params, almanac) => almanac.factValue('_lead').then(C.eventsByType))
engine.addFact('domain', (params, almanac) => almanac.factValue('email').then(C.emailDomain))
engine.addFact('mail_domain', (params, almanac) => almanac.factValue('email').then(C.mailDomain))
engine.addFact('competitor', (params, almanac) => almanac.factValue('domain').then(C.isCompetitor))
engine.addFact('agg', async (p, almanac) => {
  const evs = ((await almanac.factValue('by_type'))[p.type] || [])
    .filter(e => (p.within === null || e.age <= p.within * D) && test(p.where, e))
  switch (p.fn) {
    case 'count': return evs.length
    case 'decayed': return evs.reduce((s, e) => s + (p.half_life ? Math.pow(2, -(e.age / D) / p.half_life) : 1), 0)
    case 'distinct': return new Set(evs.map(e => e.url)).size
    case 'streak': return C.streak(evs)
  }
})
engine.addFact('last_seen', async (params, almanac) => {
  const pv = (await almanac.factValue('by_type')).page_view
  return pv ? Math.min(...pv.map(e => e.age)) / D : null
})
engine.addFact('days_since_returned', async (params, almanac) => {
  const t = await almanac.factValue('returned_at')
  return t == null ? null : (C.AS_OF - C.parseTime(t)) / D
})
const BLOCKS = { fit: [null, 70], engagement: [0, 100], intent: [null, 50], persona: [null, 30], bant: [null, null] }
for (const [name, [lo, hi]] of Object.entries(BLOCKS)) {
  engine.addFact(name, async (params, almanac) => {
    let v = (await almanac.factValue('_acc'))[name]
    if (hi !== null) v = Math.min(v, hi)
    if (lo !== null) v = Math.max(v, lo)
    return v
  })
}
engine.addFact('total', async (params, almanac) => (await almanac.factValue('fit')) + (await almanac.factValue('engagement')))
engine.addFact('stage', async (params, almanac) => (await almanac.factValue('_acc')).stage, { cache: false })
engine.addFact('routed', async (params, almanac) => (await almanac.factValue('_acc')).routed, { cache: false })

engine.on('success', async (event, almanac) => {
  const acc = await almanac.factValue('_acc')
  const p = event.params
  switch (event.type) {
    case 'points': acc[p.score] += p.points; break
    case 'per': {
      let v = p.points * (await almanac.factValue('agg', p.agg))
      if (p.cap !== null && Math.abs(v) > p.cap) v = Math.sign(v) * p.cap
      acc[p.score] += v
      break
    }
    case 'stage': acc.stage = p.stage; break
    case 'route':
      acc.routed = true
      acc.route = p.to ?? C.oneOf(LISTS[p.one_of], await almanac.factValue('email'))
      acc.hours = p.hours
      break
  }
})

C.main(async lead => {
  const acc = { fit: 0, engagement: 0, intent: 0, persona: 0, bant: 0, stage: null, routed: false, route: null, hours: null }
  const { almanac } = await engine.run({ ...lead, _lead: lead, _acc: acc })
  const scores = {}
  for (const s of ['fit', 'engagement', 'intent', 'persona']) scores[s] = await almanac.factValue(s)
  return C.decisionLine(lead.id, acc.stage, acc.route, acc.hours, scores)
})
