#include "log.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "baton/common/time.hpp"
#include "baton/runtime/output.hpp"

namespace baton::service {

std::string timestamp_now() {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::string t = format_time(ms / 1000);  // "...T10:00:00Z"
  t.insert(t.size() - 1, fmt::format(".{:03}", ms % 1000));
  return t;
}

LogLine::LogLine(std::string_view level, std::string_view event) {
  text_ = "{\"ts\":\"" + timestamp_now() + "\",\"level\":";
  append_json_string(level, text_);
  text_ += ",\"event\":";
  append_json_string(event, text_);
}

LogLine& LogLine::str(std::string_view key, std::string_view value) {
  text_ += ',';
  append_json_string(key, text_);
  text_ += ':';
  append_json_string(value, text_);
  return *this;
}

LogLine& LogLine::num(std::string_view key, double value) {
  text_ += ',';
  append_json_string(key, text_);
  text_ += ':';
  append_number(value, text_);
  return *this;
}

LogLine& LogLine::raw(std::string_view key, std::string_view json) {
  text_ += ',';
  append_json_string(key, text_);
  text_ += ':';
  text_ += json;
  return *this;
}

void LogLine::emit() {
  text_ += "}\n";
  std::fwrite(text_.data(), 1, text_.size(), stderr);  // one write per line: lines from threads never interleave
  std::fflush(stderr);
}

namespace {
void write_masked(simdjson::dom::element value, const std::vector<std::string>& mask, bool summaries, std::string& out) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (value.get_object().get(object) == simdjson::SUCCESS) {
    out += '{';
    bool first = true;
    for (auto member : object) {
      if (!first) out += ',';
      first = false;
      append_json_string(member.key, out);
      out += ':';
      if (std::find(mask.begin(), mask.end(), member.key) != mask.end() ||
          (summaries && (member.key == "summary" || member.key == "explanation")))
        out += "\"***\"";
      else write_masked(member.value, mask, summaries, out);
    }
    out += '}';
  } else if (value.get_array().get(array) == simdjson::SUCCESS) {
    out += '[';
    bool first = true;
    for (auto item : array) {
      if (!first) out += ',';
      first = false;
      write_masked(item, mask, summaries, out);
    }
    out += ']';
  } else {
    out += simdjson::minify(value);
  }
}
}  // namespace

std::string masked_json(std::string_view json, const std::vector<std::string>& mask, bool summaries) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  auto doc = parser.parse(padded);
  if (doc.error()) return {};
  std::string out;
  write_masked(doc.value_unsafe(), mask, summaries, out);
  return out;
}

DecisionLog::~DecisionLog() {
  if (file_) std::fclose(file_);
}

bool DecisionLog::open(const std::string& path, std::string& error) {
  path_ = path;
  return reopen(error);
}

bool DecisionLog::reopen(std::string& error) {
  if (path_.empty()) return true;
  std::FILE* file = std::fopen(path_.c_str(), "ab");
  if (!file) {
    error = fmt::format("cannot write {}: {}", path_, std::strerror(errno));
    return false;
  }
  std::lock_guard lock(mutex_);
  if (file_) std::fclose(file_);
  file_ = file;
  enabled_ = true;
  return true;
}

void DecisionLog::entry(std::string_view input, std::string_view outcome, bool rejected, std::string& out) const {
  if (!outcome.empty() && outcome.back() == '\n') outcome.remove_suffix(1);
  if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);  // a byte-order mark, as the decoder allows
  std::string masked_input = masked_json(input, mask_);
  // A hand-off's summary and an explanation are made from the lead's
  // values, masked ones too (`{company} at {domain}`, a let's value, a
  // condition's operands): with any field masked they are masked whole.
  std::string masked_outcome = mask_.empty() ? std::string(outcome) : masked_json(outcome, mask_, /*summaries=*/true);
  out += "{\"ts\":\"" + timestamp_now() + "\",\"input\":";
  out += masked_input.empty() ? "null" : masked_input;  // input that is not JSON is not logged
  out += rejected ? ",\"rejection\":" : ",\"decision\":";
  out += masked_outcome;
  out += "}\n";
}

void DecisionLog::write(std::string_view lines) {
  std::lock_guard lock(mutex_);
  if (!file_ || lines.empty()) return;
  errno = 0;
  // After a failed write a part of a line may be in the file: the next lines
  // start on a line of their own, and that part stays a line no reader takes.
  if (failing_) std::fputc('\n', file_);
  const bool ok = std::fwrite(lines.data(), 1, lines.size(), file_) == lines.size() && std::fflush(file_) == 0;
  if (ok) {
    if (failing_)
      LogLine("info", "decision_log_resumed").str("path", path_).num("lost", lost_ - lost_at_failure_).emit();
    failing_ = false;
    return;
  }
  const int error = errno;
  std::clearerr(file_);
  if (!failing_) {
    lost_at_failure_ = lost_;
    LogLine("error", "decision_log_error")
        .str("error", fmt::format("cannot write {}: {}; decision log lines are lost until a write succeeds", path_,
                                  std::strerror(error ? error : EIO)))
        .emit();
  }
  failing_ = true;
  lost_ += static_cast<std::uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
}

std::uint64_t DecisionLog::lost() const {
  std::lock_guard lock(mutex_);
  return lost_;
}

}  // namespace baton::service
