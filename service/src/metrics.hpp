#pragma once
// The service's counters and latency histogram, rendered in the Prometheus
// text exposition format (version 0.0.4) for `GET /metrics`. Label sets are
// small and known (routes are patterns, not paths), so a mutex-guarded map
// per family is plenty at the request rates one process serves.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace baton::service {

class Metrics {
 public:
  void request(const std::string& route, int status, double seconds);
  void decisions(const std::string& sla, const std::vector<std::string>& stages,
                 const std::vector<std::uint64_t>& per_stage, std::uint64_t rejected);
  void reload(const std::string& sla, bool ok, bool changed);
  void request_timeout();  // a request cut at --request-deadline or --request-timeout
  void response_timeout();  // an answer cut at --response-deadline or --request-timeout
  // `slas`: name, version, fingerprint; `decision_log_lost`: lines the
  // decision log lost, when there is one.
  std::string render(const std::vector<std::array<std::string, 3>>& slas,
                     const std::uint64_t* decision_log_lost = nullptr) const;

  static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  0.5,    1,     5};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when rendered
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> decisions_;
  std::map<std::string, std::uint64_t> rejections_, reloads_, reload_errors_;
  std::uint64_t request_timeouts_ = 0;
  std::uint64_t response_timeouts_ = 0;
};

}  // namespace baton::service
