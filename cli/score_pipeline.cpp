#include "score_pipeline.hpp"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

#include "baton/runtime/evaluator.hpp"
#include "baton/review/as_of.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/csv.hpp"
#include "baton/runtime/json_lines.hpp"
#include "checked_write.hpp"
#include "lead_source.hpp"

namespace baton::cli {

namespace {
constexpr std::size_t kBatchBytes = 1 << 20;
constexpr std::size_t kBatchLines = 8192;

double seconds_now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

struct ScorePipeline::Batch {
  struct Line {
    std::size_t offset = 0, size = 0;
    std::uint64_t number = 0;
    bool oversized = false;
    int failure = -1;  // index into `failures`: a CSV row that gave no record, an oversized line's id
  };
  struct Failure {
    std::string id;
    DecodeError error;
  };
  std::string name;  // input file label
  bool csv = false;  // records are CSV rows: read with coercion
  std::string text;
  std::vector<Line> lines;
  std::vector<Failure> failures;
  std::string out, errors;
  std::uint64_t scored = 0, rejected = 0, read = 0;
  bool done = false;

  void clear() {
    text.clear();
    lines.clear();
    failures.clear();
    out.clear();
    errors.clear();
    scored = rejected = read = 0;
    done = false;
  }
};

// Per-thread state: decoding and evaluation buffers, reused across leads.
struct ScorePipeline::Worker {
  Worker(std::shared_ptr<const Program> program, const ScoreSettings& settings)
      : settings(settings),
        program(program),
        decoder(program, settings.decode),
        evaluator(program) {}

  void reject(Batch& batch, const Batch::Line& line, const std::string& field, const std::string& message) {
    ++batch.rejected;
    std::string& e = batch.errors;
    e += fmt::format("{{\"line\":{},\"id\":", line.number);
    if (record.has_id) append_json_string(record.id, e);
    else e += "null";
    e += ",\"field\":";
    if (field.empty()) e += "null";
    else append_json_string(field, e);
    e += ",\"error\":";
    append_json_string(message, e);
    e += ",\"file\":";
    append_json_string(batch.name, e);
    e += "}\n";
  }

  // CSV rows are read with coercion (CsvDecoder::csv_options); made on first use.
  RecordDecoder& decoder_for(const Batch& batch) {
    if (!batch.csv) return decoder;
    if (!csv_decoder) csv_decoder = std::make_unique<RecordDecoder>(program, CsvDecoder::csv_options(settings.decode));
    return *csv_decoder;
  }

  void process(Batch& batch) {
    RecordDecoder& reader = decoder_for(batch);
    for (const auto& line : batch.lines) {
      std::string_view text(batch.text.data() + line.offset, line.size);
      if (!line.oversized && line.failure < 0 && is_blank_line(text)) continue;  // blank lines are not records
      ++batch.read;
      record.id.clear();
      record.has_id = false;
      if (line.failure >= 0) {
        const Batch::Failure& f = batch.failures[static_cast<std::size_t>(line.failure)];
        record.id = f.id;
        record.has_id = !f.id.empty();
      }
      if (line.oversized) {
        reject(batch, line, "", fmt::format("record is larger than {} bytes", settings.max_record_bytes));
        continue;
      }
      if (line.failure >= 0) {
        const Batch::Failure& f = batch.failures[static_cast<std::size_t>(line.failure)];
        reject(batch, line, f.error.field, f.error.message);
        continue;
      }
      DecodeError error;
      if (!reader.decode(text, record, error)) {
        reject(batch, line, error.field, error.message);
        continue;
      }
      std::int64_t as_of = settings.as_of;
      if (settings.as_of_slot >= 0) {
        auto own = review::lead_as_of(record, static_cast<std::size_t>(settings.as_of_slot));
        if (!own) {
          reject(batch, line, settings.as_of_field, fmt::format("no value for `{}`, the time to score this lead as of (--as-of-field)", settings.as_of_field));
          continue;
        }
        as_of = *own;
      }
      const Decision& d = evaluator.evaluate(record, as_of);
      ++batch.scored;
      // --changes: only leads that enter a stage (a new lead's first stage
      // counts); a lead that stays, or is held back, needs no CRM update.
      if (settings.changes_only && d.transition != Transition::entered) continue;
      if (settings.csv) append_decision_csv(*program, record, d, batch.out, settings.csv_style);
      else append_decision_json(*program, record, d, batch.out);
    }
  }

  const ScoreSettings& settings;
  std::shared_ptr<const Program> program;
  RecordDecoder decoder;
  std::unique_ptr<RecordDecoder> csv_decoder;
  Record record;
  Evaluator evaluator;

  void hand_over_unknown(UnknownNames& into) const {
    into.merge(decoder.unknown());
    if (csv_decoder) into.merge(csv_decoder->unknown());
  }
};

// Worker threads take batches from `todo`; the reader writes finished
// batches from the front of `in_order`, so output order is input order.
// With --threads N there are N - 1 of them: the reader scores too, whenever
// it would otherwise wait for a batch to finish, so N threads share N cores
// (a reader thread beside N workers cost ~10% more CPU in context switches
// and cache traffic, where two separate processes lost nothing).
struct ScorePipeline::Pool {
  std::mutex mutex;
  std::condition_variable work_ready, batch_done;
  std::deque<Batch*> todo;
  std::deque<std::unique_ptr<Batch>> in_order;
  bool closing = false;
  UnknownNames unknown;  // merged from each worker as it ends
  std::mutex unknown_mutex;
  std::vector<std::thread> threads;

  // Starts up to `n` workers: fewer when the system refuses a thread
  // (std::system_error), which is said once; the reader scores too, so the
  // run goes on with those that started.
  Pool(unsigned n, std::shared_ptr<const Program> program, const ScoreSettings& settings) {
    for (unsigned i = 0; i < n; ++i) {
      try {
        start(program, settings);
      } catch (const std::system_error& e) {
        fmt::print(stderr, "baton: --threads {}: only {} threads could be started ({}); scoring with those\n",
                   settings.threads, i + 1, e.code().message());
        break;
      }
    }
  }

  void start(const std::shared_ptr<const Program>& program, const ScoreSettings& settings) {
    threads.emplace_back([this, program, &settings] {
      try {
        work(program, settings);
      } catch (const std::bad_alloc&) {
        // Nothing can wait for this thread's batch: the run ends here, as
        // main() ends it when the reader runs out (no abort, exit 2).
        // The decisions and rejections written so far stay written.
        std::fputs("baton: out of memory while scoring; fewer --threads may help\n", stderr);
        std::fflush(nullptr);
        std::_Exit(2);
      }
    });
  }

  void work(const std::shared_ptr<const Program>& program, const ScoreSettings& settings) {
    Worker worker(program, settings);
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return closing || !todo.empty(); });
        if (todo.empty()) {
          std::lock_guard merge_lock(unknown_mutex);
          worker.hand_over_unknown(unknown);
          return;
        }
        batch = todo.front();
        todo.pop_front();
      }
      worker.process(*batch);
      {
        std::lock_guard lock(mutex);
        batch->done = true;
      }
      batch_done.notify_all();
    }
  }

  ~Pool() {
    {
      std::lock_guard lock(mutex);
      closing = true;
      todo.clear();  // after a failed write: what is left is not scored
    }
    work_ready.notify_all();
    for (auto& t : threads) t.join();
  }
};

ScorePipeline::ScorePipeline(std::shared_ptr<const Program> program, ScoreSettings settings, std::FILE* errors_jsonl,
                             std::string errors_name)
    : program_(std::move(program)), settings_(settings), errors_(errors_jsonl), errors_name_(std::move(errors_name)) {
  inline_worker_ = std::make_unique<Worker>(program_, settings_);  // the reader's own
  if (settings_.threads > 1) {
    pool_ = std::make_unique<Pool>(settings_.threads - 1, program_, settings_);
    settings_.threads = static_cast<unsigned>(pool_->threads.size()) + 1;
    if (pool_->threads.empty()) pool_.reset();
  }
  if (settings_.csv) {
    std::string header;
    append_csv_header(*program_, header);
    write_stdout(header);
  }
  started_ = last_progress_ = seconds_now();
}

ScorePipeline::~ScorePipeline() = default;

std::unique_ptr<ScorePipeline::Batch> ScorePipeline::take_free_batch() {
  if (free_.empty()) return std::make_unique<Batch>();
  auto batch = std::move(free_.back());
  free_.pop_back();
  batch->clear();
  return batch;
}

bool ScorePipeline::run(LeadSource& input, const std::string& name) {
  auto batch = take_free_batch();
  batch->name = name;
  batch->csv = input.csv();
  LeadLine lead;
  std::uint64_t reported_bytes = 0;
  while (input.next(lead)) {
    Batch::Line entry{batch->text.size(), lead.json.size(), lead.line, lead.oversized};
    if (lead.failed || (lead.oversized && !lead.id.empty())) {
      entry.failure = static_cast<int>(batch->failures.size());
      batch->failures.push_back({lead.id, lead.error});
    }
    batch->text.append(lead.json);
    batch->lines.push_back(entry);
    if (batch->text.size() >= kBatchBytes || batch->lines.size() >= kBatchLines) {
      counts_.bytes += input.bytes_read() - reported_bytes;
      reported_bytes = input.bytes_read();
      submit(std::move(batch));
      batch = take_free_batch();
      batch->name = name;
      batch->csv = input.csv();
    }
  }
  counts_.bytes += input.bytes_read() - reported_bytes;
  if (const UnknownNames* columns = input.unknown()) unknown_.merge(*columns);
  if (!batch->lines.empty()) submit(std::move(batch));
  return input.read_to_end(name);
}

void ScorePipeline::submit(std::unique_ptr<Batch> batch) {
  if (!pool_) {
    try {
      inline_worker_->process(*batch);
    } catch (const std::bad_alloc&) {
      write(*batch);  // the leads scored before memory ran out, then main() ends the run
      throw;
    }
    write(*batch);
    free_.push_back(std::move(batch));
    return;
  }
  {
    std::lock_guard lock(pool_->mutex);
    pool_->todo.push_back(batch.get());
    pool_->in_order.push_back(std::move(batch));
  }
  pool_->work_ready.notify_one();
  write_ready(false);
}

// Writes finished batches in order; while too many are in flight, scores
// waiting batches itself, and blocks only when none is left to take.
void ScorePipeline::write_ready(bool all) {
  std::size_t limit = all ? 0 : 2 * settings_.threads;
  for (;;) {
    std::unique_ptr<Batch> front;
    {
      std::unique_lock lock(pool_->mutex);
      if (pool_->in_order.empty()) return;
      if (pool_->in_order.size() <= limit && !pool_->in_order.front()->done) return;
      if (!pool_->in_order.front()->done && !pool_->todo.empty()) {
        Batch* batch = pool_->todo.front();
        pool_->todo.pop_front();
        lock.unlock();
        inline_worker_->process(*batch);
        lock.lock();
        batch->done = true;
        continue;
      }
      pool_->batch_done.wait(lock, [&] { return pool_->in_order.front()->done; });
      front = std::move(pool_->in_order.front());
      pool_->in_order.pop_front();
    }
    write(*front);
    free_.push_back(std::move(front));
  }
}

void ScorePipeline::write(Batch& batch) {
  write_stdout(batch.out);
  if (errors_) write_to(errors_, batch.errors, errors_name_);
  counts_.read += batch.read;
  counts_.scored += batch.scored;
  counts_.rejected += batch.rejected;
  if (settings_.progress) {
    double now = seconds_now();
    if (now - last_progress_ >= 1.0) {
      double elapsed = now - started_;
      fmt::print(stderr, "\r{} records, {:.0f} records/s, {:.1f} MB/s   ", counts_.read,
                 static_cast<double>(counts_.read) / elapsed, static_cast<double>(counts_.bytes) / elapsed / 1e6);
      last_progress_ = now;
    }
  }
}

void ScorePipeline::finish() {
  if (pool_) write_ready(true);
  if (inline_worker_) inline_worker_->hand_over_unknown(unknown_);
  if (pool_) {
    {
      std::lock_guard lock(pool_->mutex);
      pool_->closing = true;
    }
    pool_->work_ready.notify_all();
    for (auto& t : pool_->threads) t.join();  // each worker hands over what it saw
    pool_->threads.clear();
    unknown_.merge(pool_->unknown);
  }
  if (settings_.progress && last_progress_ > started_) fmt::print(stderr, "\n");
  flush_to(stdout, "stdout");
  if (errors_) flush_to(errors_, errors_name_);
}

}  // namespace baton::cli
