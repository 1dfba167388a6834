// fuzz_framework_loader: YAML text -> config::parse_framework -> config::check_framework, as
// `sifd --check` and start-up run them on config/frameworks/*.yaml, with the shipped shared
// workflows (`use:`), templates and calendars. A definition the checker accepts is then rendered
// (sifd docs, the Mermaid diagrams) and run for a few rounds by the interpreter.
//
// Oracles: no crash, leak or undefined behaviour; parse_framework never throws; every
// diagnostic names a line and column inside the text (or none, line 0) and says what is wrong.
//
// Seeds: tests/fuzz/corpus/framework_loader (small definitions); config/frameworks/*.yaml are
// good seeds too for a long run (docs/operations.md, "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "config/checker.hpp"
#include "config/diagram.hpp"
#include "config/framework_docs.hpp"
#include "config/framework_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using sif::config::Diagnostic;

const std::string kFile = "frameworks/fuzz.yaml";
const std::string kSharedFile = "workflows/fuzz.yaml";

struct Environment {
  sif::config::SharedWorkflows shared;
  std::set<std::string> templates;
  std::set<std::string> calendars;
};

const Environment& environment() {
  static const Environment env = [] {
    const sif::config::ConfigSet& cfg = sif::fuzz::shipped_config();
    Environment e;
    e.templates = cfg.templates;
    // The fixture's templates too, so that its definition (a seed) is accepted and run.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config/templates", ec)) {
      e.templates.insert(entry.path().stem().string());
    }
    for (const auto& [id, cal] : cfg.calendars) e.calendars.insert(id);
    for (const auto& entry : std::filesystem::directory_iterator(cfg.dir / "workflows", ec)) {
      if (entry.path().extension() != ".yaml") continue;
      std::vector<Diagnostic> diags;
      auto wf = sif::config::load_shared_workflow_file(entry.path(), entry.path().filename().string(), &diags);
      if (!wf || !diags.empty()) sif::fuzz::fail("a shipped shared workflow does not load", entry.path().string());
      e.shared.emplace(entry.path().stem().string(), std::move(wf.value()));
    }
    return e;
  }();
  return env;
}

int count_lines(std::string_view text) {
  int n = 1;
  for (char c : text) n += c == '\n';
  return n;
}

// `file`: how the text is named. A diagnostic may also name a shared workflow the text uses
// (located in that file, which is not fuzzed).
void check_diagnostics(const std::vector<Diagnostic>& diags, std::string_view text, const std::string& file) {
  const int lines = count_lines(text) + 1;  // yaml-cpp may point just past the last line
  for (const Diagnostic& d : diags) {
    sif::fuzz::require(!d.message.empty(), "a diagnostic without a message", d.str());
    if (d.loc.file != file) continue;
    sif::fuzz::require(d.loc.line >= 0 && d.loc.line <= lines && d.loc.column >= 0,
                       "a diagnostic located outside the text", d.str());
  }
}

// SIF_FUZZ_VERBOSE=1: print the diagnostics of each input (to see what a seed or crash says).
bool verbose() {
  static const bool v = std::getenv("SIF_FUZZ_VERBOSE") != nullptr;
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)environment();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Environment& env = environment();

  std::vector<Diagnostic> diags;
  sif::config::CheckEnvironment check_env;
  check_env.templates = &env.templates;
  check_env.calendars = &env.calendars;
  auto framework = sif::config::parse_framework(text, kFile, &env.shared, &diags, &check_env.notes);
  if (framework) sif::config::check_framework(*framework, check_env, &diags);
  check_diagnostics(diags, text, kFile);
  if (verbose()) {
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.str().c_str());
    std::fprintf(stderr, "%zu diagnostic(s)%s\n", diags.size(), framework && diags.empty() ? ": accepted, run" : "");
  }

  // The same text as a shared workflow (config/workflows/<name>.yaml) goes through the same
  // workflow parser with another top level.
  std::vector<Diagnostic> shared_diags;
  (void)sif::config::parse_shared_workflow(text, "fuzz", kSharedFile, &shared_diags);
  check_diagnostics(shared_diags, text, kSharedFile);

  if (!framework || !diags.empty()) return 0;
  // Accepted: what sifd does with a loaded definition must work on it too.
  (void)sif::config::framework_markdown(*framework);
  for (const auto& wf : framework->workflows) (void)sif::config::to_mermaid(*framework, wf);
  const sif::workflows::Calendar calendar(framework->region, sif::fuzz::shipped_config().term_calendar(*framework));
  sif::fuzz::exercise_framework(*framework, calendar, {}, 12);
  sif::fuzz::exercise_framework(*framework, calendar, {{"date", "2026-09-07"}, {"category", "2"}}, 6);
  return 0;
}
