#pragma once
// The scoring pipeline behind `baton score`: lines are read in batches, each
// batch decoded, evaluated and rendered by a worker (one Evaluator per
// thread), and batches are written in input order. CSV rows arrive as JSON
// records (lead_source.hpp) and are read with coercion. Memory stays bounded by
// the batches in flight, whatever the input size.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "baton/runtime/program.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/record.hpp"

namespace baton::cli {

class LeadSource;

// --threads above this is a usage error: more threads than cores gain
// nothing, and each holds two 1 MiB batches in flight.
constexpr unsigned kMaxThreads = 256;

struct ScoreSettings {
  std::int64_t as_of = 0;
  bool csv = false;
  CsvStyle csv_style;  // --csv-escape-formulas
  unsigned threads = 1;  // at most kMaxThreads
  std::size_t max_record_bytes = 16 << 20;
  bool progress = false;  // records/s on stderr
  bool changes_only = false;  // print only the leads that enter a stage
  DecodeOptions decode;  // --strict, --coerce, --coerce-zone, --event-types-ignore-case, --decoder
  // --as-of-field: the lead's own time in this slot (review/as_of.hpp); -1: as_of for all.
  int as_of_slot = -1;
  std::string as_of_field;
};

struct ScoreCounts {
  std::uint64_t read = 0, scored = 0, rejected = 0, bytes = 0;
};

class ScorePipeline {
 public:
  // Decisions go to stdout, rejected records to `errors_jsonl` (labelled
  // `errors_name` when a write fails). A write that fails throws WriteFailed
  // (checked_write.hpp), and the run stops there.
  ScorePipeline(std::shared_ptr<const Program> program, ScoreSettings settings, std::FILE* errors_jsonl,
                std::string errors_name);
  ~ScorePipeline();

  // Scores every record of `input`; `name` labels error records. False after
  // a message when the input could not be read to its end.
  bool run(LeadSource& input, const std::string& name);
  void finish();  // waits for everything in flight and flushes
  const ScoreCounts& counts() const { return counts_; }
  // Names the records used that the SLA does not declare (after finish()).
  const UnknownNames& unknown() const { return unknown_; }

 private:
  struct Batch;
  struct Worker;
  struct Pool;
  void submit(std::unique_ptr<Batch> batch);
  void write_ready(bool all);
  void write(Batch& batch);
  std::unique_ptr<Batch> take_free_batch();

  std::shared_ptr<const Program> program_;
  ScoreSettings settings_;
  std::FILE* errors_;
  std::string errors_name_;
  ScoreCounts counts_;
  UnknownNames unknown_;
  std::unique_ptr<Worker> inline_worker_;  // the reader's: every batch with one thread, some with more
  std::unique_ptr<Pool> pool_;
  std::vector<std::unique_ptr<Batch>> free_;
  double started_ = 0, last_progress_ = 0;
};

}  // namespace baton::cli
