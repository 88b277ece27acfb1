#pragma once
// Scoring request bodies against one loaded SLA version. Decoding,
// evaluation and rendering are the runtime's (RecordDecoder, Evaluator,
// append_decision_json): the HTTP answer is byte for byte the line
// `baton score` prints. Decoders and evaluators are reused across requests
// from a pool, so the hot path allocates nothing once warm.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"
#include "baton/service/score_request.hpp"
#include "batch_body.hpp"
#include "sla_registry.hpp"

namespace baton::service {

class DecisionLog;
class Metrics;

// One thread's decoding and evaluation state for one program.
struct Workspace {
  Workspace(std::shared_ptr<const Program> program, const DecodeOptions& options);
  std::shared_ptr<const Program> program;
  RecordDecoder decoder;
  Record record;
  Evaluator evaluator;
  // The rows of CSV bodies, as JSON, with the CSV options (coercion on); made on first use.
  RecordDecoder& csv_decoder();

 private:
  DecodeOptions options_;
  std::unique_ptr<RecordDecoder> csv_decoder_;
};

class WorkspacePool {
 public:
  explicit WorkspacePool(DecodeOptions options) : options_(std::move(options)) {}
  // A workspace for `program`; ones made for an older version are dropped.
  std::unique_ptr<Workspace> acquire(const std::shared_ptr<const Program>& program);
  void release(std::unique_ptr<Workspace> workspace);

 private:
  DecodeOptions options_;  // the server's (--strict, --coerce, ...)
  std::mutex mutex_;
  std::vector<std::unique_ptr<Workspace>> free_;
};

struct ScoreContext {
  WorkspacePool& pool;
  Metrics& metrics;
  DecisionLog& decision_log;
};

// The whole answer to a single-lead request.
struct SingleResult {
  int status = 200;  // 200 decision, 400 not a JSON object, 422 rejected
  std::string body;  // one JSON line
};

// Scores `body` as one lead. With `shape == either`, a body that is not one
// JSON object comes back as nullopt: the caller scores it as a batch.
std::optional<SingleResult> score_single(ScoreContext& context, const std::shared_ptr<const LoadedSla>& sla,
                                         std::string_view body, const ScoreRequest& request, std::int64_t as_of);

// Scores a batch body (JSON Lines or CSV) in slices, so the response
// streams: each call to next() appends the decisions and rejections of the
// next records, in input order, one line each. Counts reach the metrics as
// the batch goes.
class BatchScorer {
 public:
  BatchScorer(ScoreContext& context, std::shared_ptr<const LoadedSla> sla, BatchBody body,
              const ScoreRequest& request, std::int64_t as_of);
  ~BatchScorer();
  BatchScorer(const BatchScorer&) = delete;
  BatchScorer& operator=(const BatchScorer&) = delete;

  // False once every line has been answered.
  bool next(std::string& out, std::size_t max_bytes = 64 << 10);

 private:
  void flush_counts();
  ScoreContext& context_;
  std::shared_ptr<const LoadedSla> sla_;
  std::unique_ptr<Workspace> workspace_;
  BatchBody body_;
  ScoreRequest request_;
  std::int64_t as_of_;
  std::vector<std::uint64_t> per_stage_;
  std::uint64_t rejected_ = 0;
  std::string log_buffer_;
};

// {"line":7,"id":"L7","field":"company_size","error":"..."} + "\n", the
// record `baton score --errors` writes (less its "file").
void append_error_record(std::uint64_t line, const Record& record, const DecodeError& error, std::string& out);

// The decision line, with {"explanation":...} added before its closing brace when explaining.
void append_decision(const Program& program, const Record& record, const Decision& d, bool explain, std::string& out);

}  // namespace baton::service
