#pragma once
// An output file that is one of the run's inputs (`--errors leads.jsonl`,
// `--html outcomes.jsonl`, `build s.baton -o s.baton`) would be emptied or
// replaced before, or while, it is read: the input is lost and the run may
// even report success. Every verb that writes files checks its outputs
// against its inputs first and refuses such a run (exit 2) before anything
// is opened for writing.
#include <string>
#include <vector>

namespace baton::cli {

struct NamedFile {
  std::string role;  // how the message names it: "--errors", "the leads file"
  std::string path;  // "-" for standard input (an input only)
};

// False after "baton: --errors x.jsonl is the leads file x.jsonl: ..." when an
// output names the same existing regular file as an input (the same device
// and inode: also through a symbolic link, a hard link or another spelling).
bool outputs_spare_inputs(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);
// The same check, its message returned ("" when no output is an input), for
// a verb that reports it its own way (serve: a JSON log line).
std::string output_over_input(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);

}  // namespace baton::cli
