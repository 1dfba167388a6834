// Helpers for the [config] tests: a throw-away configuration directory under the system temp
// directory, written from inline YAML, loaded with load_config_dir.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/config_set.hpp"

namespace sif::test {

// A directory <tmp>/sif-config-<pid>-<n>/config, removed on destruction. Diagnostics name its
// files "config/frameworks/<id>.yaml".
class TempConfig {
 public:
  TempConfig() {
    static int counter = 0;
    root_ = std::filesystem::temp_directory_path() /
            ("sif-config-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(root_);
    dir_ = root_ / "config";
    std::filesystem::create_directories(dir_ / "frameworks");
    std::filesystem::create_directories(dir_ / "templates");
    write("templates/deadline-reminder.txt", "Subject: {{reminder.title}}\n");
    write("templates/letter.txt", "Subject: {{school.name}}\n");
  }
  ~TempConfig() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempConfig(const TempConfig&) = delete;
  TempConfig& operator=(const TempConfig&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  void write(const std::string& relative, const std::string& text) {
    std::filesystem::path p = dir_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  // Loads the directory; returns every diagnostic as "file:line:column: error: message (hint)".
  std::vector<std::string> check() const {
    std::vector<config::Diagnostic> diags;
    auto loaded = config::load_config_dir(dir_, &diags);
    std::vector<std::string> out;
    for (const auto& d : diags) out.push_back(d.str());
    if (!loaded && out.empty()) out.push_back("(error without diagnostics) " + loaded.error().message);
    return out;
  }

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
};

// Diagnostics of one framework file "frameworks/t.yaml" (id t) written from `yaml`.
inline std::vector<std::string> check_framework_text(const std::string& yaml) {
  TempConfig c;
  c.write("frameworks/t.yaml", yaml);
  return c.check();
}

}  // namespace sif::test
