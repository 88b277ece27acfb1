#include "scorer.hpp"

#include <algorithm>
#include <thread>

#include "baton/runtime/output.hpp"

namespace baton::python {

namespace {
// Below this many records per thread a batch is scored on fewer threads:
// starting a thread costs more than scoring a handful of leads.
constexpr std::size_t kMinPerThread = 256;

void strip_newline(std::string& text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
}

// The delays of the route's cadence steps (Outcome::delays); none for a
// decision without steps, the common case.
void step_delays(const Decision& d, StepDelays& out) {
  out.clear();
  if (d.route < 0) return;
  for (const EscalationStep& step : d.escalations) {
    if (step.has_delay) out.emplace_back(step.after);
    else out.emplace_back(std::nullopt);
  }
}
}  // namespace

struct Scorer::Worker {
  Worker(const std::shared_ptr<const Program>& program, const DecodeOptions& options)
      : program(program), decoder(program, options), evaluator(program) {}

  void score(std::string_view json, std::int64_t as_of, Outcome& out) {
    out.text.clear();
    if (!decode(json, out)) return;
    const Decision& d = evaluator.evaluate(record, as_of);
    append_decision_json(*program, record, d, out.text);
    strip_newline(out.text);
    step_delays(d, out.delays);
    out.scored = true;
  }

  bool decode(std::string_view json, Outcome& out) {
    record.id.clear();
    record.has_id = false;
    DecodeError error;
    if (decoder.decode(json, record, error)) return true;
    out.scored = false;
    out.field = std::move(error.field);
    out.message = std::move(error.message);
    out.id = record.id;
    out.has_id = record.has_id;
    return false;
  }

  std::shared_ptr<const Program> program;
  RecordDecoder decoder;
  Record record;
  Evaluator evaluator;
};

Scorer::Scorer(std::shared_ptr<const Program> program, const DecodeOptions& options, unsigned threads) {
  threads = std::max(1u, threads);
  for (unsigned i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>(program, options));
}

Scorer::~Scorer() = default;

void Scorer::score(const std::vector<std::string_view>& records, std::int64_t as_of, std::vector<Outcome>& out) {
  out.resize(records.size());
  std::size_t n = records.size();
  std::size_t threads = std::clamp<std::size_t>(n / kMinPerThread, 1, workers_.size());
  std::size_t per = (n + threads - 1) / threads;
  auto run = [&](std::size_t t) {
    std::size_t end = std::min(n, (t + 1) * per);
    for (std::size_t i = t * per; i < end; ++i) workers_[t]->score(records[i], as_of, out[i]);
  };
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(run, t);
  run(0);
}

bool Scorer::explain(std::string_view json, std::int64_t as_of, std::string& decision, StepDelays& delays,
                     std::string& trace, std::string& text, Outcome& rejected) {
  Worker& w = *workers_.front();
  if (!w.decode(json, rejected)) return false;
  const Decision& d = w.evaluator.evaluate(w.record, as_of, /*explain=*/true);
  append_decision_json(*w.program, w.record, d, decision);
  strip_newline(decision);
  step_delays(d, delays);
  append_explain_json(*w.program, w.record, d, trace);
  strip_newline(trace);
  append_explain_text(*w.program, w.record, d, text);
  return true;
}

std::string blank_decision(const std::shared_ptr<const Program>& program, std::int64_t as_of) {
  Record record;
  record.reset(*program);
  Evaluator evaluator(program);
  std::string out;
  append_decision_json(*program, record, evaluator.evaluate(record, as_of), out);
  strip_newline(out);
  return out;
}

}  // namespace baton::python
