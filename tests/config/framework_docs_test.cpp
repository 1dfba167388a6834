// docs/frameworks.md is generated from the definitions; this keeps the committed copy honest.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/config_set.hpp"
#include "config/framework_docs.hpp"

TEST_CASE("docs/frameworks.md matches the shipped definitions", "[config][docs]") {
  std::vector<sif::config::Diagnostic> diagnostics;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diagnostics);
  REQUIRE(loaded.has_value());
  const std::string generated = sif::config::frameworks_markdown(**loaded);

  std::ifstream in(std::string(SIF_SOURCE_DIR) + "/docs/frameworks.md", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream committed;
  committed << in.rdbuf();
  INFO("regenerate with: build/daemon/sifctl docs > docs/frameworks.md");
  CHECK(committed.str() == generated);
}

TEST_CASE("a framework's section maps states and deadlines to the document", "[config][docs]") {
  std::vector<sif::config::Diagnostic> diagnostics;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diagnostics);
  REQUIRE(loaded.has_value());
  const auto* leicester = (*loaded)->latest("leicester-2007");
  REQUIRE(leicester != nullptr);
  const std::string md = sif::config::framework_markdown(*leicester);
  CHECK(md.find("## leicester-2007") != std::string::npos);
  CHECK(md.find("```mermaid\nstateDiagram-v2") != std::string::npos);
  // The warning notice's compliance period is listed with its statutory source.
  CHECK(md.find("compliance") != std::string::npos);
  CHECK(md.find("s.60") != std::string::npos);
  // Every workflow of the framework gets a diagram.
  std::size_t diagrams = 0;
  for (std::size_t at = md.find("```mermaid"); at != std::string::npos; at = md.find("```mermaid", at + 1)) ++diagrams;
  CHECK(diagrams == leicester->workflows.size());
}
