#include "same_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baton::cli {

namespace {
// The regular file a path names (standard input for "-"), or false. Only
// regular files are compared: writing to /dev/null or a pipe that is also
// read destroys nothing stored.
bool regular_file_at(const std::string& path, bool input, struct stat& found) {
  const int result = input && path == "-" ? ::fstat(STDIN_FILENO, &found) : ::stat(path.c_str(), &found);
  return result == 0 && S_ISREG(found.st_mode);
}
}  // namespace

std::string output_over_input(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  for (const auto& output : outputs) {
    struct stat written {};
    if (output.path.empty() || !regular_file_at(output.path, false, written)) continue;
    for (const auto& input : inputs) {
      struct stat read {};
      if (input.path.empty() || !regular_file_at(input.path, true, read)) continue;
      if (read.st_dev != written.st_dev || read.st_ino != written.st_ino) continue;
      const std::string what =
          input.path == "-" ? std::string("the file on standard input") : fmt::format("{} {}", input.role, input.path);
      return fmt::format("{} {} is {}: writing it would destroy that input; give another file", output.role,
                         output.path, what);
    }
  }
  return {};
}

bool outputs_spare_inputs(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  const std::string problem = output_over_input(outputs, inputs);
  if (problem.empty()) return true;
  fmt::print(stderr, "baton: {}\n", problem);
  return false;
}

}  // namespace baton::cli
