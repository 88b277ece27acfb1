#pragma once
// Reading the repository's files from unit tests (BATON_SOURCE_DIR is set by
// tests/CMakeLists.txt).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace baton::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file's non-empty lines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(BATON_SOURCE_DIR) / relative;
}

// examples/*.baton, sorted (not the tests files below examples/tests/).
inline std::vector<std::filesystem::path> example_slas() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples")))
    if (entry.path().extension() == ".baton") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace baton::testing
