#include "config/framework_loader.hpp"

#include "workflows/law.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/suggest.hpp"
#include "config/workflow_parser.hpp"
#include "config/yaml_reader.hpp"

namespace sif::config {

using workflows::Error;
using workflows::Framework;
using workflows::Result;
using workflows::WorkflowSpec;

namespace {

const std::vector<std::pair<std::string, workflows::Region>>& region_table() {
  static const std::vector<std::pair<std::string, workflows::Region>> t = {
      {"england-and-wales", workflows::Region::kEnglandAndWales},
      {"scotland", workflows::Region::kScotland},
      {"northern-ireland", workflows::Region::kNorthernIreland}};
  return t;
}

// Parses YAML text; a syntax error becomes a located Diagnostic.
std::optional<YAML::Node> load_yaml(std::string_view text, YamlReader& r) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    r.error(r.loc(e.mark), "YAML syntax error: " + e.msg, "check the indentation and quoting around this line");
  } catch (const std::exception& e) {
    r.error(r.loc(YAML::Mark::null_mark()), std::string("YAML syntax error: ") + e.what());
  }
  return std::nullopt;
}

std::optional<std::string> read_file(const std::filesystem::path& path, const std::string& display,
                                     std::vector<Diagnostic>* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics->push_back(Diagnostic{workflows::SourceLoc{display, 0, 0}, "cannot read the file",
                                      "check that it exists and is readable"});
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void read_string(const YAML::Node& node, std::string_view what, YamlReader& r, std::string* out,
                 workflows::SourceLoc* at = nullptr) {
  if (!node) return;
  if (at) *at = r.loc(node);
  if (auto s = r.string(node, what)) *out = *s;
}

std::vector<workflows::CategorySpec> parse_categories(const YAML::Node& node, YamlReader& r) {
  std::vector<workflows::CategorySpec> out;
  if (!node || node.IsNull()) return out;
  if (!r.expect_list(node, "categories")) return out;
  for (const auto& item : node) {
    workflows::CategorySpec c;
    c.loc = r.loc(item);
    if (item.IsScalar()) {
      c.id = item.Scalar();  // shorthand: `categories: [green, amber, red]`
    } else if (r.expect_map(item, "a category")) {
      r.check_keys(item, "a category", {"id", "title", "tier", "source"});
      if (!item["id"]) {
        r.error(item, "a category needs an id", "write { id: red, title: Red, tier: intensive }");
        continue;
      }
      read_string(item["id"], "id", r, &c.id);
      read_string(item["title"], "title", r, &c.title);
      read_string(item["tier"], "tier", r, &c.tier);
      read_string(item["source"], "source", r, &c.source);
    } else {
      continue;
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<workflows::RoleSpec> parse_roles(const YAML::Node& node, YamlReader& r) {
  std::vector<workflows::RoleSpec> out;
  if (!node || node.IsNull()) return out;
  if (!r.expect_map(node, "roles")) return out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    workflows::RoleSpec role;
    role.id = r.key(it->first, "roles");
    role.loc = r.loc(it->first);
    const YAML::Node body = it->second;
    if (body.IsMap()) {
      // `review_team_chair: { title: ..., own: true, source: ... }`; a canonical role may be
      // written this way too, to give its source.
      const std::string what = "role '" + role.id + "'";
      r.check_keys(body, what, {"title", "own", "source"});
      read_string(body["title"], "the title of " + what, r, &role.title);
      read_string(body["source"], "the source of " + what, r, &role.source);
      if (body["own"]) {
        if (auto b = r.boolean(body["own"], "own")) role.own = *b;
      }
    } else if (!body.IsNull()) {
      read_string(body, "the title of role '" + role.id + "'", r, &role.title);
    }
    out.push_back(std::move(role));
  }
  return out;
}

// `use: <shared>`: a copy of the shared workflow under this framework's id, root flag and
// params (which override the shared defaults).
// Returns false when the shared workflow could not be found (reported).
bool instantiate_shared(const YAML::Node& body, const SharedWorkflows* shared, YamlReader& r, WorkflowSpec* wf) {
  std::string name;
  read_string(body["use"], "use", r, &name);
  if (name.empty()) return false;
  const WorkflowSpec* source = nullptr;
  if (shared) {
    auto it = shared->find(name);
    if (it != shared->end()) source = &it->second;
  }
  if (!source) {
    std::vector<std::string> names;
    if (shared) {
      for (const auto& [n, w] : *shared) names.push_back(n);
    }
    std::string hint = did_you_mean(name, names);
    r.error(body["use"], "unknown shared workflow '" + name + "' in use (no workflows/" + name + ".yaml)",
            hint.empty() ? "add config/workflows/" + name + ".yaml" : hint);
    return false;
  }
  WorkflowSpec copy = *source;
  copy.id = wf->id;
  copy.loc = wf->loc;
  copy.root = wf->root;
  if (!wf->title.empty()) copy.title = wf->title;
  if (!wf->source.empty()) copy.source = wf->source;
  if (auto params = body["params"]; params && !params.IsNull() && r.expect_map(params, "params")) {
    r.check_unique_keys(params, "params");
    for (auto it = params.begin(); it != params.end(); ++it) {
      std::string p = r.key(it->first, "params");
      auto target = std::find_if(copy.params.begin(), copy.params.end(), [&](const auto& s) { return s.name == p; });
      if (target == copy.params.end()) {
        std::vector<std::string> declared;
        for (const auto& s : copy.params) declared.push_back(s.name);
        std::string hint = did_you_mean(p, declared);
        r.error(it->first, "shared workflow '" + name + "' has no param '" + p + "'",
                hint.empty() ? "it declares no params" : hint);
        continue;
      }
      if (auto v = r.string(it->second, "param '" + p + "'")) target->default_value = *v;
    }
  }
  *wf = std::move(copy);
  return true;
}

WorkflowSpec parse_framework_workflow(const YAML::Node& key, const YAML::Node& body, const SharedWorkflows* shared,
                                      YamlReader& r, LoaderNotes* notes) {
  WorkflowSpec wf;
  wf.id = r.key(key, "workflows");
  wf.loc = r.loc(key);
  std::string what = "workflow '" + wf.id + "'";
  if (!r.expect_map(body, what)) return wf;
  if (auto n = body["root"]) {
    if (auto b = r.boolean(n, "root")) wf.root = *b;
  }
  if (body["use"]) {
    const std::vector<std::string> allowed = {"use", "params", "title", "source", "root"};
    for (auto it = body.begin(); it != body.end(); ++it) {
      std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (k == "states" || k == "initial") {
        r.error(it->first, "'" + k + "' cannot be combined with use: in " + what,
                "a used workflow takes its states from workflows/<name>.yaml; remove '" + k + "' or 'use'");
      }
    }
    r.check_unique_keys(body, what);
    for (auto it = body.begin(); it != body.end(); ++it) {
      std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (k == "states" || k == "initial") continue;
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        r.error(it->first, "unknown key '" + k + "' in " + what, did_you_mean(k, allowed));
      }
    }
    read_string(body["title"], "title", r, &wf.title);
    read_string(body["source"], "source", r, &wf.source);
    if (!instantiate_shared(body, shared, r, &wf)) notes->unresolved_workflows.insert(wf.id);
    return wf;
  }
  r.check_keys(body, what, {"title", "source", "root", "initial", "params", "states", "use"});
  parse_workflow_body(body, r, &wf);
  return wf;
}

void parse_framework_root(const YAML::Node& root, const SharedWorkflows* shared, YamlReader& r, Framework* f,
                          LoaderNotes* locs) {
  r.check_keys(root, "the framework",
               {"id", "version", "title", "document", "region", "nation", "calendar", "fire_time", "categories",
                "roles", "workflows"});
  f->calendar = "default";
  if (root["id"]) {
    read_string(root["id"], "id", r, &f->id, &locs->id);
  } else {
    r.error(root, "a framework needs an id", "add id: <the file name without .yaml>");
  }
  if (auto n = root["version"]) {
    locs->version = r.loc(n);
    if (auto v = r.integer(n, "version")) f->version = static_cast<int>(*v);
  }
  read_string(root["title"], "title", r, &f->title);
  read_string(root["document"], "document", r, &f->document);
  if (auto n = root["region"]) {
    std::string region;
    read_string(n, "region", r, &region);
    auto it = std::find_if(region_table().begin(), region_table().end(), [&](const auto& p) { return p.first == region; });
    if (it != region_table().end()) {
      f->region = it->second;
    } else if (!region.empty()) {
      std::vector<std::string> names;
      for (const auto& [name, value] : region_table()) names.push_back(name);
      r.error(n, "unknown region '" + region + "'", did_you_mean(region, names));
    }
  }
  if (auto n = root["nation"]) {
    if (auto nation = r.string(n, "nation")) {
      if (workflows::parse_nation(*nation)) {
        f->nation = *nation;
      } else {
        r.error(n, "unknown nation '" + *nation + "'",
                "nation: england or wales: which statute governs the framework's notices (workflows/law.hpp)");
      }
    }
  }
  read_string(root["calendar"], "calendar", r, &f->calendar, &locs->calendar);
  if (const auto n = root["fire_time"]) {
    if (auto text = r.string(n, "fire_time")) {
      if (auto t = workflows::parse_time_of_day(*text)) {
        f->fire_time = *t;
      } else {
        r.error(n, "fire_time '" + *text + "' is not a time of day",
                "write it as \"HH:MM\" in quotes, e.g. fire_time: \"08:00\"");
      }
    }
  }
  f->categories = parse_categories(root["categories"], r);
  f->roles = parse_roles(root["roles"], r);
  if (auto n = root["workflows"]; n && !n.IsNull()) {
    if (r.expect_map(n, "workflows")) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        f->workflows.push_back(parse_framework_workflow(it->first, it->second, shared, r, locs));
      }
    }
  } else {
    r.error(root, "a framework needs workflows", "add workflows: with at least one root: true workflow");
  }
}

}  // namespace

Result<Framework> parse_framework(std::string_view yaml_text, const std::string& file, const SharedWorkflows* shared,
                                  std::vector<Diagnostic>* diagnostics, LoaderNotes* locs) {
  YamlReader r(file, diagnostics);
  auto root = load_yaml(yaml_text, r);
  if (!root) return Error::invalid("not valid YAML", file);
  if (!root->IsMap()) {
    r.error(*root, "a framework file must be a map (found " + std::string(YamlReader::kind(*root)) + ")",
            "start with id:, version:, title:, categories:, roles: and workflows:");
    return Error::invalid("not a framework", file);
  }
  Framework f;
  LoaderNotes scratch;
  if (!locs) locs = &scratch;
  f.loc = r.loc(*root);
  try {
    parse_framework_root(*root, shared, r, &f, locs);
  } catch (const YAML::Exception& e) {
    // Every read is shape-checked first, so this is a safety net, not a path we expect.
    r.error(r.loc(e.mark), "could not read this part of the framework: " + e.msg);
  }
  return f;
}

Result<Framework> load_framework_file(const std::filesystem::path& path, const std::string& display,
                                      const SharedWorkflows* shared, std::vector<Diagnostic>* diagnostics,
                                      LoaderNotes* locs) {
  std::string name = display.empty() ? path.string() : display;
  auto text = read_file(path, name, diagnostics);
  if (!text) return Error::io("cannot read " + name);
  return parse_framework(*text, name, shared, diagnostics, locs);
}

Result<WorkflowSpec> parse_shared_workflow(std::string_view yaml_text, const std::string& name, const std::string& file,
                                           std::vector<Diagnostic>* diagnostics) {
  YamlReader r(file, diagnostics);
  auto root = load_yaml(yaml_text, r);
  if (!root) return Error::invalid("not valid YAML", file);
  if (!root->IsMap()) {
    r.error(*root, "a shared workflow file must be a map (found " + std::string(YamlReader::kind(*root)) + ")",
            "write one workflow body: title:, initial:, params:, states:");
    return Error::invalid("not a workflow", file);
  }
  WorkflowSpec wf;
  wf.id = name;
  wf.loc = r.loc(*root);
  try {
    r.check_keys(*root, "the shared workflow", {"title", "source", "initial", "params", "states"});
    parse_workflow_body(*root, r, &wf);
  } catch (const YAML::Exception& e) {
    r.error(r.loc(e.mark), "could not read this part of the workflow: " + e.msg);
  }
  return wf;
}

Result<WorkflowSpec> load_shared_workflow_file(const std::filesystem::path& path, const std::string& display,
                                               std::vector<Diagnostic>* diagnostics) {
  std::string name = display.empty() ? path.string() : display;
  auto text = read_file(path, name, diagnostics);
  if (!text) return Error::io("cannot read " + name);
  return parse_shared_workflow(*text, path.stem().string(), name, diagnostics);
}

}  // namespace sif::config
