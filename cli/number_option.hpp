#pragma once
// Whole-number options (--max-record-bytes): CLI11 would read "-5" into a
// size_t as 2^64 - 5 (no limit), a value past 2^64 wrapped, and "" (an
// unset "$VAR") as 0; each is a usage error (exit 2) naming the valid range.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace baton::cli {

// The largest --max-record-bytes: 1 TiB, far above any record and far below
// where sizes wrap.
constexpr std::size_t kMaxRecordBytesLimit = std::size_t{1} << 40;

// Adds `name` taking digits only, from `min` to `max`.
CLI::Option* add_whole_number(CLI::App* cmd, const std::string& name, std::size_t& value, std::size_t min,
                              std::size_t max, const std::string& help);

// --max-record-bytes N, 1 to kMaxRecordBytesLimit, as every verb reading leads takes it.
inline CLI::Option* add_max_record_bytes(CLI::App* cmd, std::size_t& value, const std::string& help) {
  return add_whole_number(cmd, "--max-record-bytes", value, 1, kMaxRecordBytesLimit, help);
}

}  // namespace baton::cli
