#include "metrics.hpp"

#include <fmt/format.h>

#include "baton/runtime/output.hpp"

namespace baton::service {

namespace {
// Label values escape backslash, double quote and newline.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double value) {
  std::string out;
  append_number(value, out);
  return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}
}  // namespace

void Metrics::request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  if (seconds < 0) return;  // the request failed before it was timed
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  ++h.count;
  h.sum += seconds;
}

void Metrics::decisions(const std::string& sla, const std::vector<std::string>& stages,
                        const std::vector<std::uint64_t>& per_stage, std::uint64_t rejected) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < per_stage.size() && i < stages.size(); ++i)
    if (per_stage[i]) decisions_[{sla, stages[i]}] += per_stage[i];
  if (rejected) rejections_[sla] += rejected;
}

void Metrics::reload(const std::string& sla, bool ok, bool changed) {
  std::lock_guard lock(mutex_);
  if (!ok) ++reload_errors_[sla];
  else if (changed) ++reloads_[sla];
}

void Metrics::request_timeout() {
  std::lock_guard lock(mutex_);
  ++request_timeouts_;
}

void Metrics::response_timeout() {
  std::lock_guard lock(mutex_);
  ++response_timeouts_;
}

std::string Metrics::render(const std::vector<std::array<std::string, 3>>& slas,
                            const std::uint64_t* decision_log_lost) const {
  std::lock_guard lock(mutex_);
  std::string out;
  header(out, "baton_http_requests_total", "counter", "HTTP requests by route and status code.");
  for (const auto& [key, n] : requests_)
    out += fmt::format("baton_http_requests_total{{route=\"{}\",code=\"{}\"}} {}\n", label(key.first), key.second, n);

  header(out, "baton_http_request_duration_seconds", "histogram",
         "Time from the request's routing to the last byte of its response.");
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += fmt::format("baton_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label(route),
                         number(kBuckets[i]), cumulative);
    }
    out += fmt::format("baton_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label(route),
                       h.count);
    out += fmt::format("baton_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label(route), number(h.sum));
    out += fmt::format("baton_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label(route), h.count);
  }

  header(out, "baton_http_request_timeouts_total", "counter",
         "Requests cut because they did not arrive within --request-deadline, or stalled past --request-timeout.");
  out += fmt::format("baton_http_request_timeouts_total {}\n", request_timeouts_);

  header(out, "baton_http_response_timeouts_total", "counter",
         "Answers cut because the client did not take them within --response-deadline, or stopped reading past "
         "--request-timeout.");
  out += fmt::format("baton_http_response_timeouts_total {}\n", response_timeouts_);

  header(out, "baton_decisions_total", "counter", "Leads scored, by SLA and stage.");
  for (const auto& [key, n] : decisions_)
    out += fmt::format("baton_decisions_total{{sla=\"{}\",stage=\"{}\"}} {}\n", label(key.first), label(key.second), n);

  auto per_sla = [&](std::string_view name, std::string_view help, const std::map<std::string, std::uint64_t>& m) {
    header(out, name, "counter", help);
    for (const auto& s : slas) {
      auto it = m.find(s[0]);
      out += fmt::format("{}{{sla=\"{}\"}} {}\n", name, label(s[0]), it == m.end() ? 0 : it->second);
    }
  };
  per_sla("baton_rejections_total", "Lead records rejected (not valid JSON, or not matching the SLA's schema).",
          rejections_);
  per_sla("baton_reloads_total", "Reloads that put a new version in service.", reloads_);
  per_sla("baton_reload_errors_total", "Reloads that failed; the previous version kept serving.", reload_errors_);

  if (decision_log_lost) {
    header(out, "baton_decision_log_lost_total", "counter",
           "Decision log lines lost because the log could not be written (a full disk, an I/O error).");
    out += fmt::format("baton_decision_log_lost_total {}\n", *decision_log_lost);
  }

  header(out, "baton_sla_info", "gauge", "The version in service for each SLA (value 1).");
  for (const auto& s : slas)
    out += fmt::format("baton_sla_info{{sla=\"{}\",version=\"{}\",fingerprint=\"{}\"}} 1\n", label(s[0]), label(s[1]),
                       label(s[2]));
  return out;
}

}  // namespace baton::service
