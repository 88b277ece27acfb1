#pragma once
// Evaluating leads with a loaded program: link baton::runtime.
//
//   baton::RecordDecoder decoder(program);  // one per thread; DecodeOptions{.strict = true}
//   baton::Evaluator evaluator(program);    // one per thread
//   baton::Record record;
//   baton::DecodeError bad;
//   if (!decoder.decode(json_line, record, bad)) ...  // bad.field, bad.message, record.id
//   const baton::Decision& d = evaluator.evaluate(record, as_of_epoch_seconds);
//   auto fit = baton::exported_as<std::int64_t>(*program, d, "fit");
//   std::string line;
//   baton::append_decision_json(*program, record, d, line);  // what `baton score` prints
//
// The Decision is valid until the next evaluate() on that evaluator. CSV
// leads: baton::CsvReader and baton::CsvDecoder (baton/runtime/csv.hpp).
#include "baton/load.hpp"
#include "baton/runtime/csv.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/exports.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/record.hpp"
