// Loading a configuration directory; see config_set.hpp.
#include "config/config_set.hpp"

#include <algorithm>
#include <set>
#include <system_error>
#include <tuple>

#include "config/calendar_loader.hpp"
#include "config/checker.hpp"
#include "config/framework_loader.hpp"

namespace sif::config {

namespace fs = std::filesystem;
using workflows::Error;
using workflows::Framework;
using workflows::SourceLoc;

const Framework* ConfigSet::latest(std::string_view framework_id) const {
  auto it = frameworks.find(std::string(framework_id));
  if (it == frameworks.end() || it->second.empty()) return nullptr;
  return &it->second.rbegin()->second;
}

const std::map<int, Framework>* ConfigSet::versions(std::string_view framework_id) const {
  auto it = frameworks.find(std::string(framework_id));
  return it == frameworks.end() ? nullptr : &it->second;
}

workflows::TermCalendar ConfigSet::term_calendar(const Framework& f) const { return term_calendar(f, ""); }

const workflows::Calendar& ConfigSet::calendar(const Framework& f, workflows::Region region, std::string_view la) const {
  std::string key = f.id + "@" + std::to_string(f.version) + "/" + workflows::to_string(region) + "/" +
                    term_calendar_id(f, la);
  std::lock_guard lock(calendar_memo_.mu);
  auto& slot = calendar_memo_.built[key];
  if (!slot) slot = std::make_unique<workflows::Calendar>(region, term_calendar(f, la));
  return *slot;
}

std::string ConfigSet::term_calendar_id(const Framework& f, std::string_view la) const {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  if (!la.empty()) {
    for (const auto& [id, cal] : calendars) {
      for (const auto& a : cal.authorities) {
        if (same(a, la)) return id;
      }
    }
  }
  return calendars.count(f.calendar) ? f.calendar : std::string("default");
}

workflows::TermCalendar ConfigSet::term_calendar(const Framework& f, std::string_view la) const {
  auto it = calendars.find(term_calendar_id(f, la));
  if (it != calendars.end()) return workflows::with_default_years(it->second);
  // Academic year N runs September N to July N+1: stop a year early to stay within the
  // bank-holiday table.
  return workflows::default_term_calendar(workflows::kFirstSupportedYear, workflows::kLastSupportedYear - 1);
}

std::optional<fs::path> ConfigSet::template_path(std::string_view id, std::string_view ext) const {
  std::string name(id);
  if (!ext.empty() && ext.front() != '.') name += '.';
  name += ext;
  fs::path p = dir / "templates" / name;
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p;
  return std::nullopt;
}

fs::path default_config_dir() { return fs::path(SIF_SOURCE_CONFIG_DIR); }

namespace {

// How diagnostics name a file: as given when the directory was given relative (so it can be
// opened from where the command ran), else relative to the config directory's parent
// ("config/frameworks/x.yaml") to stay short.
std::string display_path(const fs::path& dir, const fs::path& file) {
  fs::path rel = file.lexically_relative(dir);
  if (rel.empty()) rel = file.filename();
  if (dir.is_relative()) return (dir / rel).lexically_normal().generic_string();
  fs::path base = dir.lexically_normal();
  if (base.filename().empty()) base = base.parent_path();
  return (base.filename() / rel).generic_string();
}

// Regular files in dir/sub, sorted by name (directory order is unspecified), hidden files
// skipped; only those with one of `exts` when given.
std::vector<fs::path> files_in(const fs::path& dir, std::initializer_list<std::string_view> exts) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec)) continue;
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (name.empty() || name.front() == '.' || name.back() == '~') continue;
    if (exts.size() != 0 &&
        std::none_of(exts.begin(), exts.end(), [&](std::string_view e) { return p.extension() == e; })) {
      continue;
    }
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}


}  // namespace

namespace {

workflows::Result<std::shared_ptr<const ConfigSet>> load(const fs::path& dir, std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>* out = diagnostics ? diagnostics : &local;
  const std::size_t before = out->size();
  auto set = std::make_shared<ConfigSet>();
  set->dir = dir;

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    out->push_back(Diagnostic{SourceLoc{dir.generic_string(), 0, 0}, "not a configuration directory",
                              "give the directory holding frameworks/, workflows/, calendars/ and templates/"});
    return Error::not_found("no configuration directory at " + dir.string());
  }

  for (const auto& p : files_in(dir / "templates", {})) set->templates.insert(p.stem().string());

  std::set<std::string> calendar_ids;
  for (const auto& p : files_in(dir / "calendars", {".yaml", ".yml"})) {
    std::string id = p.stem().string();
    calendar_ids.insert(id);
    const std::size_t mark = out->size();
    auto cal = load_term_calendar(p, out);
    // The calendar loader names files as it was given them; show them like ours.
    for (std::size_t i = mark; i < out->size(); ++i) {
      auto& f = (*out)[i].loc.file;
      if (f.empty() || f == p.string() || f == p.generic_string()) f = display_path(dir, p);
    }
    if (cal) {
      if (cal->id.empty()) cal->id = id;
      set->calendars.emplace(id, std::move(cal.value()));
    } else if (out->size() == mark) {
      out->push_back(Diagnostic{SourceLoc{display_path(dir, p), 0, 0}, cal.error().message, cal.error().details});
    }
  }

  SharedWorkflows shared;
  for (const auto& p : files_in(dir / "workflows", {".yaml", ".yml"})) {
    auto wf = load_shared_workflow_file(p, display_path(dir, p), out);
    if (wf) shared.emplace(p.stem().string(), std::move(wf.value()));
  }

  std::map<std::pair<std::string, int>, std::string> defined_in;  // (id, version) -> file
  auto framework_files = files_in(dir / "frameworks", {".yaml", ".yml"});
  if (framework_files.empty()) {
    out->push_back(Diagnostic{SourceLoc{display_path(dir, dir / "frameworks"), 0, 0}, "no framework definitions",
                              "add frameworks/<id>.yaml (see docs/definitions.md)"});
  }
  for (const auto& p : framework_files) {
    const std::string shown = display_path(dir, p);
    CheckEnvironment env;
    env.expected_id = p.stem().string();
    env.templates = &set->templates;
    env.calendars = &calendar_ids;
    auto f = load_framework_file(p, shown, &shared, out, &env.notes);
    if (!f) continue;
    check_framework(f.value(), env, out);
    auto key = std::make_pair(f->id, f->version);
    if (auto it = defined_in.find(key); it != defined_in.end()) {
      out->push_back(Diagnostic{env.notes.id.line ? env.notes.id : f->loc,
                                "framework '" + f->id + "' version " + std::to_string(f->version) +
                                    " is also defined in " + it->second,
                                "give each file its own id (the file name) or bump version"});
      continue;
    }
    defined_in.emplace(key, shown);
    set->frameworks[f->id].emplace(f->version, std::move(f.value()));
  }

  tidy_diagnostics(out, before);
  if (const std::size_t n = error_count(*out, before); n > 0) {
    return Error::invalid(std::to_string(n) + (n == 1 ? " problem" : " problems") + " in " + dir.string(),
                          "see the diagnostics for file:line:column and what to change");
  }
  return std::shared_ptr<const ConfigSet>(std::move(set));
}

}  // namespace

workflows::Result<std::shared_ptr<const ConfigSet>> load_config_dir(const fs::path& dir,
                                                                     std::vector<Diagnostic>* diagnostics) {
  // Loading reports problems as diagnostics; an exception here (out of memory, a library
  // surprise) must still not escape to the daemon's start-up or reload.
  try {
    return load(dir, diagnostics);
  } catch (const std::exception& e) {
    if (diagnostics) {
      diagnostics->push_back(Diagnostic{SourceLoc{dir.generic_string(), 0, 0},
                                        std::string("could not load the configuration: ") + e.what(), {}});
    }
    return Error::io(std::string("could not load ") + dir.string() + ": " + e.what());
  }
}

}  // namespace sif::config
