#include "load.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <filesystem>

#include "baton/common/time.hpp"
#include "baton/runtime/bytecode.hpp"
#include "checked_write.hpp"

namespace baton::cli {

namespace {
// The whole file; nullopt with errno set when it cannot be opened or read (a
// directory opens, and fails at the first read).
std::optional<std::string> read_whole(const std::string& path) {
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return std::nullopt;
  std::string text;
  char block[1 << 16];
  for (std::size_t n; (n = std::fread(block, 1, sizeof block, file)) > 0;) text.append(block, n);
  const int error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
  std::fclose(file);
  errno = error;
  if (error != 0) return std::nullopt;
  return text;
}
}  // namespace

std::optional<std::string> read_file(const std::string& path) {
  auto text = read_whole(path);
  if (!text) fmt::print(stderr, "baton: cannot read {}: {}\n", path, std::strerror(errno != 0 ? errno : EIO));
  return text;
}

std::vector<std::string> expand_sla_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".baton") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      if (found.empty()) fmt::print(stderr, "baton: {}: no .baton files in this directory\n", p);
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  return files;
}

std::optional<std::int64_t> as_of_option(const std::string& text, std::string_view notice) {
  if (text.empty()) {
    using namespace std::chrono;
    const std::int64_t now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
    if (!notice.empty()) fmt::print(stderr, "baton: {}\n", fmt::format(fmt::runtime(notice), format_time(now)));
    return now;
  }
  if (auto t = parse_time(text); t && *t >= kFirstTime) return t;
  else if (t)
    fmt::print(stderr, "baton: --as-of: `{}` is before the year 1; times run from 0001-01-01 to 9999-12-31\n", text);
  else
    fmt::print(stderr, "baton: --as-of: `{}` is not a time; use e.g. 2026-11-23T00:00:00Z\n", text);
  return std::nullopt;
}

CLI::Validator refuse_empty(std::string what) {
  return CLI::Validator([what](const std::string& text) { return text.empty() ? what : std::string(); }, "");
}

void add_as_of(CLI::App* cmd, std::string& as_of, const std::string& help) {
  cmd->add_option("--as-of", as_of, help)
      ->check(refuse_empty("an empty time (an unset variable?); give one, e.g. 2026-11-23T00:00:00Z, or leave "
                           "--as-of out to use now"));
}

std::optional<std::string> read_file_quietly(const std::string& path) { return read_whole(path); }

bool is_bytecode(const std::string& bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), bc::kMagic, 4) == 0;
}

std::optional<std::string> read_sla_source(const std::string& path, std::string_view verb) {
  auto text = read_file(path);
  if (text && is_bytecode(*text)) {
    if (verb == "test")
      fmt::print(stderr, "baton: {} is compiled bytecode, which keeps no test blocks; test the SLA source\n", path);
    else
      fmt::print(stderr, "baton: {} is compiled bytecode; {} the SLA source instead\n", path, verb);
    return std::nullopt;
  }
  return text;
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void print_diagnostics(const SourceFile& source, const Diagnostics& diagnostics, bool json) {
  bool color = !json && stderr_is_terminal();
  for (const auto& d : diagnostics) {
    if (json) print_out("{}\n", render_json(source, d));
    else fmt::print(stderr, "{}", render_text(source, d, color));
  }
}

std::shared_ptr<const Program> load_program(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return nullptr;
  if (is_bytecode(*bytes)) {
    std::string error;
    auto program = Program::load(
        std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()), error);
    if (!program) fmt::print(stderr, "baton: {}: {}\n", path, error);
    return program;
  }
  SourceFile source(path, std::move(*bytes));
  Diagnostics diagnostics;
  Compilation compiled = compile(source, diagnostics);
  print_diagnostics(source, diagnostics, false);
  if (!compiled.program && diagnostics.empty())
    fmt::print(stderr, "baton: {}: could not be compiled\n", path);
  return compiled.program;
}

}  // namespace baton::cli
