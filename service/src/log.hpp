#pragma once
// Structured logs: one JSON object per line on stderr (start, reload,
// errors, stop), and the optional decision log, a JSON Lines file with each
// request's input and decision, where named fields are masked.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace baton::service {

// {"ts":"2026-12-06T10:00:00.123Z","level":"info","event":"start",...}
class LogLine {
 public:
  LogLine(std::string_view level, std::string_view event);
  LogLine& str(std::string_view key, std::string_view value);
  LogLine& num(std::string_view key, double value);
  LogLine& raw(std::string_view key, std::string_view json);  // an already rendered JSON value
  void emit();  // one write to stderr

 private:
  std::string text_;
};

std::string timestamp_now();  // RFC 3339 UTC with milliseconds

class DecisionLog {
 public:
  DecisionLog(std::vector<std::string> mask_fields) : mask_(std::move(mask_fields)) {}
  ~DecisionLog();
  bool open(const std::string& path, std::string& error);  // append mode
  bool reopen(std::string& error);                          // after a log rotation (SIGHUP)
  bool enabled() const { return enabled_; }  // opened once; read by every request

  // Adds {"ts","input","decision"} (or "rejection") to `out`; write() appends
  // a buffer of such lines in one go. `outcome` is a decision or error
  // record as sent to the client (a trailing newline is dropped).
  void entry(std::string_view input, std::string_view outcome, bool rejected, std::string& out) const;
  // Appends the lines; a write that fails (a full disk, an I/O error) loses
  // them: they are counted, and the first failure of a run of them and the
  // write that ends it are logged (decision_log_error, decision_log_resumed).
  void write(std::string_view lines);
  std::uint64_t lost() const;  // lines lost so far

 private:
  std::string path_;
  std::vector<std::string> mask_;
  std::FILE* file_ = nullptr;
  mutable std::mutex mutex_;
  std::atomic<bool> enabled_{false};
  bool failing_ = false;
  std::uint64_t lost_ = 0, lost_at_failure_ = 0;
};

// `json` re-serialized in compact form with the value of every object member
// named in `mask` (at any depth) replaced by "***". Empty when `json` is not
// valid JSON.
std::string masked_json(std::string_view json, const std::vector<std::string>& mask, bool summaries = false);

}  // namespace baton::service
