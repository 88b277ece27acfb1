// bench/bench.baton as a ZEN (GoRules) decision graph, evaluated by
// @gorules/zen-engine (its Linux x64 package ships a native Rust binary).
//
//   node bench/peers/js/zen.js [LEADS.jsonl] > decisions.jsonl
//
// The rules live in bench.jdm.json (written by bench.jdm.build.js): expression
// nodes for lets and scores (ZEN expressions: filter, map, sum, count, some,
// none, matches, date, ranges and slices for distinct() and streak(), which
// have no ZEN function), decision tables (first hit) for the stage and the
// route. Outside the graph, in this file: one_of()'s XXH3 (ZEN has no hash
// function): the input gets email_bucket = XXH3_64(email) mod 12, and the
// graph picks owners[email_bucket mod n] (n = 2, 3, 4 divide 12, so it is the
// same owner).
'use strict'
const fs = require('fs')
const path = require('path')
const { ZenEngine } = require('@gorules/zen-engine')
const C = require('./common')

const engine = new ZenEngine()
const decision = engine.createDecision(JSON.parse(fs.readFileSync(path.join(__dirname, 'bench.jdm.json'), 'utf8')))

C.main(async lead => {
  lead.email_bucket = C.xxh3Mod(lead.email, 12)
  const { result: r } = await decision.evaluate(lead)
  return C.decisionLine(lead.id, r.stage, r.route, r.hours, r.scores)
})
