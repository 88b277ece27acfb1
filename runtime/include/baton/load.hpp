#pragma once
// Loading a compiled SLA (.batonc, from `baton build`): link baton::runtime.
//
//   std::string error;
//   std::shared_ptr<const baton::Program> program = baton::Program::load_file("sla.batonc", error);
//   if (!program) ...  // error: "checksum mismatch: the file is damaged", ...
//
// A Program is immutable and verified; share it between threads. Its tables
// (image().stages, routes, scores, exports; stage_index, score_index,
// export_index, route_constant) describe what it decides. docs/embedding.md.
#include "baton/runtime/program.hpp"
