#include "scorer.hpp"

#include <fmt/format.h>

#include "baton/runtime/output.hpp"
#include "log.hpp"
#include "metrics.hpp"

namespace baton::service {

Workspace::Workspace(std::shared_ptr<const Program> p, const DecodeOptions& options)
    : program(p), decoder(p, options), evaluator(p), options_(options) {}

RecordDecoder& Workspace::csv_decoder() {
  if (!csv_decoder_) csv_decoder_ = std::make_unique<RecordDecoder>(program, CsvDecoder::csv_options(options_));
  return *csv_decoder_;
}

std::unique_ptr<Workspace> WorkspacePool::acquire(const std::shared_ptr<const Program>& program) {
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = free_.size(); i-- > 0;) {
      if (free_[i]->program == program) {
        auto w = std::move(free_[i]);
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
        return w;
      }
    }
  }
  return std::make_unique<Workspace>(program, options_);
}

void WorkspacePool::release(std::unique_ptr<Workspace> workspace) {
  std::lock_guard lock(mutex_);
  // Workspaces of versions no longer served would pin their program: keep
  // only a bounded number, dropping the oldest first.
  free_.push_back(std::move(workspace));
  if (free_.size() > 64) free_.erase(free_.begin());
}

void append_error_record(std::uint64_t line, const Record& record, const DecodeError& error, std::string& out) {
  out += fmt::format("{{\"line\":{},\"id\":", line);
  if (record.has_id) append_json_string(record.id, out);
  else out += "null";
  out += ",\"field\":";
  if (error.field.empty()) out += "null";
  else append_json_string(error.field, out);
  out += ",\"error\":";
  append_json_string(error.message, out);
  out += "}\n";
}

void append_decision(const Program& program, const Record& record, const Decision& d, bool explain, std::string& out) {
  append_decision_json(program, record, d, out);
  if (!explain) return;
  // The decision is one object and a newline: reopen it to add the explanation.
  out.resize(out.size() - 2);
  out += ",\"explanation\":";
  append_explain_json(program, record, d, out);
  out.back() = '}';
  out += '\n';
}

namespace {
// The lead's decoded record for the decision log: a pretty-printed body
// is stored compacted by masked_json.
void log_entry(ScoreContext& context, std::string_view input, const std::string& outcome, std::size_t from,
               bool rejected, std::string& buffer) {
  if (!context.decision_log.enabled()) return;
  context.decision_log.entry(input, std::string_view(outcome).substr(from), rejected, buffer);
}
}  // namespace

std::optional<SingleResult> score_single(ScoreContext& context, const std::shared_ptr<const LoadedSla>& sla,
                                         std::string_view body, const ScoreRequest& request, std::int64_t as_of) {
  const Program& program = *sla->program;
  auto workspace = context.pool.acquire(sla->program);
  SingleResult result;
  std::vector<std::uint64_t> per_stage(program.image().stages.size());
  std::uint64_t rejected = 0;
  workspace->record.id.clear();
  workspace->record.has_id = false;
  DecodeError error;
  if (!workspace->decoder.decode(body, workspace->record, error)) {
    if (request.shape == BodyShape::either && error.field.empty()) {
      context.pool.release(std::move(workspace));
      return std::nullopt;  // several lines that are not one object: a batch
    }
    // The field is empty only when the body as a whole is not a JSON object.
    result.status = error.field.empty() ? 400 : 422;
    append_error_record(1, workspace->record, error, result.body);
    rejected = 1;
  } else {
    const Decision& d = workspace->evaluator.evaluate(workspace->record, as_of, request.explain);
    append_decision(program, workspace->record, d, request.explain, result.body);
    if (d.stage >= 0) ++per_stage[static_cast<std::size_t>(d.stage)];
  }
  context.pool.release(std::move(workspace));
  context.metrics.decisions(std::string(program.name()), sla->stages, per_stage, rejected);
  std::string log;
  log_entry(context, body, result.body, 0, rejected != 0, log);
  context.decision_log.write(log);
  return result;
}

BatchScorer::BatchScorer(ScoreContext& context, std::shared_ptr<const LoadedSla> sla, BatchBody body,
                         const ScoreRequest& request, std::int64_t as_of)
    : context_(context),
      sla_(std::move(sla)),
      workspace_(context.pool.acquire(sla_->program)),
      body_(std::move(body)),
      request_(request),
      as_of_(as_of),
      per_stage_(sla_->program->image().stages.size()) {}

BatchScorer::~BatchScorer() {
  flush_counts();  // also when the client went away mid-stream
  context_.pool.release(std::move(workspace_));
}

void BatchScorer::flush_counts() {
  context_.metrics.decisions(std::string(sla_->program->name()), sla_->stages, per_stage_, rejected_);
  std::fill(per_stage_.begin(), per_stage_.end(), 0);
  rejected_ = 0;
}

bool BatchScorer::next(std::string& out, std::size_t max_bytes) {
  const Program& program = *sla_->program;
  Workspace& w = *workspace_;
  RecordDecoder& decoder = body_.is_csv() ? w.csv_decoder() : w.decoder;
  BodyRecord input;
  bool more = false;
  log_buffer_.clear();
  while (out.size() < max_bytes && (more = body_.next(input))) {
    std::size_t from = out.size();
    std::string_view line = input.json;
    const std::uint64_t number = input.line;
    w.record.id.clear();
    w.record.has_id = false;
    DecodeError error = input.error;
    if (input.failed) {  // a CSV row that gives no record: named by the id in its cells, when it has one
      w.record.id = input.id;
      w.record.has_id = !input.id.empty();
    }
    if (input.failed || !decoder.decode(line, w.record, error)) {
      append_error_record(number, w.record, error, out);
      ++rejected_;
      log_entry(context_, line, out, from, true, log_buffer_);
      continue;
    }
    const Decision& d = w.evaluator.evaluate(w.record, as_of_, request_.explain);
    append_decision(program, w.record, d, request_.explain, out);
    if (d.stage >= 0) ++per_stage_[static_cast<std::size_t>(d.stage)];
    log_entry(context_, line, out, from, false, log_buffer_);
  }
  context_.decision_log.write(log_buffer_);
  flush_counts();
  return more || !out.empty();
}

}  // namespace baton::service
