#pragma once
// Compiling SLA source at run time: link baton::compiler (it brings the
// grammar; a service that only loads .batonc files links baton::runtime).
//
//   baton::SourceFile source("sla.baton", text);
//   baton::Diagnostics diagnostics;
//   baton::Compilation c = baton::compile(source, diagnostics);
//   for (const auto& d : diagnostics) std::cerr << baton::render_text(source, d);
//   if (c.program) ...  // a verified Program, as Program::load would give
//   std::vector<std::uint8_t> batonc = c.program->to_bytes();  // what `baton build` writes
//
// From C: libbaton_compiler.so and baton/baton_compiler.h.
#include "baton/compiler/compile.hpp"
#include "baton/compiler/diagnostic.hpp"
#include "baton/compiler/source.hpp"
#include "baton/load.hpp"
