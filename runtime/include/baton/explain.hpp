#pragma once
// Explaining a decision as `baton explain` does: link baton::runtime.
//
//   const baton::Decision& d = evaluator.evaluate(record, as_of, /*explain=*/true);
//   std::string text, json;
//   baton::append_explain_text(*program, record, d, text);  // for people
//   baton::append_explain_json(*program, record, d, json);  // for tools
//
// A decision made without explain has no trace: evaluate the same record
// again with explain on (same decision, plus the trace).
#include "baton/evaluate.hpp"
