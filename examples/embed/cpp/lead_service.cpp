// A service-style embedding: load a compiled SLA once, score leads from
// several threads (one Evaluator per thread, one shared Program), and swap in
// a new program version while scoring goes on (hot reload).
//
//   lead_service PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS [THREADS] [RELOAD.batonc]
//
// Prints the decisions in input order: the same lines as `baton score`. A
// record that cannot be read is said on stderr (line, id, field, reason),
// the others are still scored, and the exit code is 1.
#include <baton/evaluate.hpp>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

// The program currently in service. The hot path reads one atomic counter
// per lead (generation()); only when it changed does a worker take the lock
// and copy the new shared_ptr, so between reloads scoring takes no lock at
// all. Evaluators still using the old program keep it alive until rebuilt.
class ProgramSlot {
 public:
  explicit ProgramSlot(std::shared_ptr<const baton::Program> p) : program_(std::move(p)) {}
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // The program and its generation, read together under the lock.
  std::pair<std::shared_ptr<const baton::Program>, std::uint64_t> get() const {
    std::lock_guard lock(mutex_);
    return {program_, generation_.load(std::memory_order_relaxed)};
  }
  void replace(std::shared_ptr<const baton::Program> p) {
    std::lock_guard lock(mutex_);
    program_ = std::move(p);
    generation_.fetch_add(1, std::memory_order_release);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const baton::Program> program_;
  std::atomic<std::uint64_t> generation_{0};
};

// Per-thread state, rebuilt when the program changes.
struct Worker {
  std::uint64_t generation = ~std::uint64_t{0};  // none yet
  std::shared_ptr<const baton::Program> program;
  std::unique_ptr<baton::RecordDecoder> decoder;
  std::unique_ptr<baton::Evaluator> evaluator;
  baton::Record record;

  void refresh(const ProgramSlot& slot) {
    if (slot.generation() == generation) return;  // the hot path: one atomic load
    auto [p, g] = slot.get();
    generation = g;
    if (p == program) return;
    program = std::move(p);
    decoder = std::make_unique<baton::RecordDecoder>(program);
    evaluator = std::make_unique<baton::Evaluator>(program);
  }

  // The decision's JSON line in `out`; false, with `error`, for a record that
  // cannot be read (record.id holds its id when it could be read).
  bool score(const std::string& line, std::int64_t as_of, std::string& out, baton::DecodeError& error) {
    if (!decoder->decode(line, record, error)) return false;
    baton::append_decision_json(*program, record, evaluator->evaluate(record, as_of), out);
    return true;
  }
};

struct Lead {
  std::size_t line = 0;  // in the file, for the rejection
  std::string text;
};

struct Outcome {
  bool ok = false;
  std::string decision;  // ok
  std::string id;        // not ok: the record's id, when known
  baton::DecodeError error;
};

std::shared_ptr<const baton::Program> load(const std::string& path) {
  std::string error;
  auto program = baton::Program::load_file(path, error);
  if (!program) std::cerr << "cannot load " << path << ": " << error << "\n";
  return program;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: lead_service PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS [THREADS] [RELOAD.batonc]\n";
    return 2;
  }
  auto first = load(argv[1]);
  if (!first) return 2;
  ProgramSlot slot(first);
  std::int64_t as_of = std::stoll(argv[3]);
  unsigned threads = argc > 4 ? static_cast<unsigned>(std::stoul(argv[4])) : 4;

  std::vector<Lead> leads;
  std::ifstream in(argv[2]);
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);)
    if (++number, line.find_first_not_of(" \t\r") != std::string::npos) leads.push_back({number, std::move(line)});

  std::vector<Outcome> outcomes(leads.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      Worker worker;
      for (std::size_t i = next++; i < leads.size(); i = next++) {
        worker.refresh(slot);  // picks up a reloaded program between leads
        Outcome& o = outcomes[i];
        o.ok = worker.score(leads[i].text, as_of, o.decision, o.error);
        if (!o.ok && worker.record.has_id) o.id = worker.record.id;
      }
    });
  if (argc > 5)  // hot reload while the workers run
    if (auto reloaded = load(argv[5])) slot.replace(reloaded);
  for (auto& t : pool) t.join();

  int status = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    if (o.ok) {
      std::cout << o.decision;
      continue;
    }
    std::cerr << "line " << leads[i].line << " (" << (o.id.empty() ? "no id" : o.id) << ") rejected: "
              << (o.error.field.empty() ? "" : o.error.field + ": ") << o.error.message << "\n";
    status = 1;
  }
  return status;
}
