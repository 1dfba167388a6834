#include "daemon/check_command.hpp"

#include <system_error>

#include "config/config_set.hpp"
#include "config/settings_reader.hpp"
#include "daemon/daemon_config.hpp"
#include "daemon/server.hpp"

namespace sif::daemon {

namespace {
std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

int run_check(const std::filesystem::path& config_dir, std::ostream& out, std::ostream& err,
              const DaemonConfig* settings) {
  std::vector<config::Diagnostic> diags;
  auto loaded = config::load_config_dir(config_dir, &diags);
  for (const auto& d : diags) err << d.str() << "\n";  // errors and warnings, each at its line
  const std::size_t errors = config::error_count(diags);
  if (!loaded || errors > 0) {
    err << "config " << config_dir.string() << ": "
        << (errors == 0 ? loaded.error().message : count(errors, "problem", "problems")) << "\n";
    return 1;
  }
  const config::ConfigSet& set = **loaded;
  if (settings) {
    std::vector<config::Diagnostic> roles;
    config::check_own_role_contacts(settings->notifications.own_role_contacts, set, &roles);
    if (!roles.empty()) {
      config::tidy_diagnostics(&roles);
      for (const auto& d : roles) err << d.str() << "\n";
      err << "settings " << (settings->source.empty() ? std::string("(built in)") : settings->source.string()) << ": "
          << count(roles.size(), "problem", "problems") << " (their roles checked against the definitions)\n";
      return 1;
    }
  }
  std::size_t workflows = 0;
  for (const auto& [id, versions] : set.frameworks) {
    for (const auto& [version, f] : versions) workflows += f.workflows.size();
  }
  out << "config OK: " << count(set.frameworks.size(), "framework", "frameworks") << ", "
      << count(workflows, "workflow", "workflows") << ", " << count(set.calendars.size(), "calendar", "calendars")
      << ", " << count(set.templates.size(), "template", "templates")
      << (diags.empty() ? std::string() : ", " + count(diags.size(), "warning", "warnings")) << "\n";
  return 0;
}

int run_check(const ServerOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (options.config_file && !std::filesystem::is_directory(*options.config_file, ec) &&
      !std::filesystem::is_regular_file(*options.config_file, ec)) {
    err << "sifd: no such directory or settings file: " << *options.config_file << "\n";
    return 1;
  }
  std::vector<config::Diagnostic> diags;
  auto settings = resolve_settings(options, &diags);
  if (!settings) {
    for (const auto& d : diags) err << d.str() << "\n";
    err << (diags.empty() ? "sifd: " : "") << settings.error().message
        << (diags.empty() ? "" : " (the definitions are checked once the settings load)") << "\n";
    return 1;
  }
  if (!settings->source.empty()) out << "settings OK: " << settings->source.string() << "\n";
  return run_check(settings->config_dir, out, err, &*settings);
}

}  // namespace sif::daemon
