#include "daemon/check_command.hpp"

#include <system_error>

#include "config/config_set.hpp"
#include "daemon/daemon_config.hpp"

namespace sif::daemon {

namespace {
std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

int run_check(const std::filesystem::path& config_dir, std::ostream& out, std::ostream& err) {
  std::vector<config::Diagnostic> diags;
  auto loaded = config::load_config_dir(config_dir, &diags);
  if (!loaded || !diags.empty()) {
    for (const auto& d : diags) err << d.str() << "\n";
    err << "config " << config_dir.string() << ": "
        << (diags.empty() ? loaded.error().message : count(diags.size(), "problem", "problems")) << "\n";
    return 1;
  }
  const config::ConfigSet& set = **loaded;
  std::size_t workflows = 0;
  for (const auto& [id, versions] : set.frameworks) {
    for (const auto& [version, f] : versions) workflows += f.workflows.size();
  }
  out << "config OK: " << count(set.frameworks.size(), "framework", "frameworks") << ", "
      << count(workflows, "workflow", "workflows") << ", " << count(set.calendars.size(), "calendar", "calendars")
      << ", " << count(set.templates.size(), "template", "templates") << "\n";
  return 0;
}

workflows::Result<std::filesystem::path> check_dir_for(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return path;
  if (std::filesystem::is_regular_file(path, ec)) {
    auto settings = load_daemon_config(path);
    if (!settings) return settings.error();
    return settings->config_dir;
  }
  return workflows::Error::not_found("no such directory or settings file: " + path.string(), "--config");
}

}  // namespace sif::daemon
