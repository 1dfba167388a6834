// /v1/schools: list, register, import (GIAS CSV), show one, history.
#include <boost/json.hpp>
#include <set>

#include "config/suggest.hpp"
#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/csv_import.hpp"
#include "daemon/engine.hpp"
#include "daemon/json_answer.hpp"
#include "daemon/local_time.hpp"
#include "daemon/school_case.hpp"
#include "storage/health.hpp"
#include "storage/json_codec.hpp"

namespace sif::daemon {

namespace json = boost::json;
using workflows::Error;
using workflows::Result;

namespace {

json::object timer_row_json(const storage::TimerRow& t) {
  json::object o;
  o["due"] = workflows::format_date(t.due);
  o["school"] = t.school;
  o["school_name"] = t.school_name;
  o["framework"] = t.framework;
  o["instance"] = t.instance;
  o["workflow"] = t.workflow;
  o["state"] = t.provenance.state;
  o["timer"] = t.timer;
  o["kind"] = workflows::to_string(t.kind);
  o["meaning"] = workflows::to_string(t.meaning);
  o["fires"] = workflows::format_date(t.fires);
  if (t.late) o["late"] = true;
  o["title"] = t.title;
  o["fire_at"] = format_utc(from_unix_seconds(t.fire_at));
  o["provenance"] = storage::to_json(t.provenance);
  return o;
}

json::object summary_json(const storage::SchoolSummary& s) {
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["la"] = s.la;
  o["framework"] = s.framework;
  o["category"] = s.category;
  o["region"] = s.region;
  json::array active;
  for (const auto& a : s.active) active.push_back(json::object{{"instance", a.instance}, {"workflow", a.workflow}, {"state", a.state}});
  o["active_workflows"] = std::move(active);
  o["next_deadline"] = s.next_deadline ? json::value(timer_row_json(*s.next_deadline)) : json::value(nullptr);
  return o;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

// Shared with api_deadlines.cpp.
json::object deadline_json(const storage::TimerRow& t) { return timer_row_json(t); }

namespace {

// "true" / "false" / absent for a yes-no filter; anything else is a 400 naming it.
std::optional<HttpResponse> yes_no(ApiRequest& r, const std::string& name, bool* out) {
  const std::string v = r.query_or(name);
  if (v.empty() || v == "false") return std::nullopt;
  if (v == "true") {
    *out = true;
    return std::nullopt;
  }
  return bad_request(r.http, name, "'" + name + "' must be true or false, not '" + v + "'");
}

// A non-negative integer query parameter of at most `max`, or the 400 naming it.
std::optional<HttpResponse> bounded_int(ApiRequest& r, const std::string& name, std::int64_t max, std::int64_t* out) {
  const std::string v = r.query_or(name);
  if (v.empty()) return std::nullopt;
  if (v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos || std::stoll(v) > max) {
    return bad_request(r.http, name, "'" + name + "' must be a whole number from 0 to " + std::to_string(max) + ", not '" + v + "'");
  }
  *out = std::stoll(v);
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

const char* category_title_of(const config::ConfigSet& cfg, const std::string& framework, const std::string& category) {
  if (category.empty()) return nullptr;
  const workflows::Framework* fw = cfg.latest(framework);
  const workflows::CategorySpec* c = fw ? fw->find_category(category) : nullptr;
  return c && !c->title.empty() ? c->title.c_str() : category.c_str();
}

HttpResponse api_list_schools(ApiRequest& r) {
  auto cfg = r.ctx.engine->config();
  storage::SchoolQuery q;
  q.filter.framework = r.query_or("framework");
  q.filter.la = r.query_or("la");
  q.text = r.query_or("q");
  q.state = r.query_or("state");
  q.today = to_london(r.ctx.clock->now_utc()).date;
  for (auto [field, value] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"q", &q.text}, {"la", &q.filter.la}, {"framework", &q.filter.framework}, {"state", &q.state}}) {
    if (auto bad = check_text(r.http, field, *value, kMaxNameChars)) return std::move(*bad);
  }
  // A category or state that no loaded definition has is a mistake worth saying, not an empty
  // page. A framework is not checked: schools of one no longer loaded are still listed by it.
  const bool framework_loaded = q.filter.framework.empty() || cfg->latest(q.filter.framework);
  if (auto c = r.query_or("category"); c == "none") {
    q.no_category = true;
  } else if (!c.empty() && !framework_loaded) {
    q.filter.category = c;
  } else if (!c.empty()) {
    std::vector<std::string> known;
    bool found = false;
    for (const auto& [id, _] : cfg->frameworks) {
      if (!q.filter.framework.empty() && id != q.filter.framework) continue;
      for (const auto& cat : cfg->latest(id)->categories) {
        found = found || cat.id == c;
        if (std::find(known.begin(), known.end(), cat.id) == known.end()) known.push_back(cat.id);
      }
    }
    if (!found) {
      return bad_request(r.http, "category", "'" + c + "' is not a category of " +
                                                 (q.filter.framework.empty() ? std::string("any loaded framework") : q.filter.framework) +
                                                 "; known: " + joined(known) + " (or none, for no category agreed)");
    }
    q.filter.category = c;
  }
  if (!q.state.empty()) {
    bool found = false;
    for (const auto& [id, versions] : cfg->frameworks) {
      for (const auto& wf : cfg->latest(id)->workflows) found = found || wf.find_state(q.state) != nullptr;
    }
    if (!found) return bad_request(r.http, "state", "no workflow of a loaded framework has a state '" + q.state + "'");
  }
  if (auto bad = yes_no(r, "overdue", &q.overdue_only)) return std::move(*bad);
  bool mine = false;
  if (auto bad = yes_no(r, "mine", &mine)) return std::move(*bad);
  if (mine) {
    const std::string email = r.principal ? r.principal->email : std::string();
    if (email.empty()) {
      return bad_request(r.http, "mine", "'mine' needs an email for token '" + (r.principal ? r.principal->name : std::string("?")) +
                                             "': give its entry `email:` in the daemon config");
    }
    q.email = email;
  }
  std::string sort = r.query_or("sort", "id");
  if (sort.starts_with('-')) {
    q.descending = true;
    sort.erase(0, 1);
  }
  if (sort == "id") {
    q.sort = storage::SchoolSort::kId;
  } else if (sort == "name") {
    q.sort = storage::SchoolSort::kName;
  } else if (sort == "la") {
    q.sort = storage::SchoolSort::kLa;
  } else if (sort == "category") {
    q.sort = storage::SchoolSort::kCategory;
  } else if (sort == "next_deadline") {
    q.sort = storage::SchoolSort::kNextDeadline;
  } else {
    return bad_request(r.http, "sort", "sort must be id, name, la, category or next_deadline (a leading - for descending), not '" +
                                           r.query_or("sort") + "'");
  }
  std::int64_t limit = 100, offset = 0;
  if (auto bad = bounded_int(r, "limit", 1000, &limit)) return std::move(*bad);
  if (auto bad = bounded_int(r, "offset", 1'000'000'000, &offset)) return std::move(*bad);
  q.limit = static_cast<int>(limit);
  q.offset = offset;

  auto page = r.ctx.engine->reader()->school_page(q);
  if (!page) return error_response(r.http, page.error());
  json::array out;
  for (const auto& s : page->schools) {
    json::object row = summary_json(s);
    const char* title = category_title_of(*cfg, s.framework, s.category);
    row["category_title"] = title ? json::value(title) : json::value(nullptr);
    row["overdue_count"] = s.overdue_count;
    out.push_back(std::move(row));
  }
  json::object body;
  body["count"] = out.size();
  body["total"] = page->total;
  body["offset"] = offset;
  body["limit"] = limit;
  body["schools"] = std::move(out);
  return json_response(r, 200, body);
}

namespace {
// "'review_team_chiar' is not a role of telford-2014 (did you mean 'review_team_chair'?); its
// roles: headteacher, ...", for a contact's role the school's framework does not know.
std::string unknown_role(const workflows::Framework& fw, const std::string& role) {
  const std::vector<std::string> known = fw.known_roles();
  const std::string best = config::closest(role, known);
  return "'" + role + "' is not a role of " + fw.id + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
         "; its roles: " + config::join(known);
}

// One contact ({name, email, address}, strings), checked as registration and PUT .../contacts
// check it; `field` names it in the error ("contacts.head_teacher").
std::optional<HttpResponse> read_contact(ApiRequest& r, const std::string& field, const json::value& v,
                                         workflows::Contact* out) {
  auto c = storage::contact_from_json(v);
  if (!c) return bad_request(r.http, field, c.error().message);
  // An address with a newline would let a caller write mail headers.
  if (auto bad = check_text(r.http, field + ".name", c->name, kMaxNameChars)) return bad;
  if (auto bad = check_text(r.http, field + ".email", c->email, kMaxNameChars)) return bad;
  if (auto bad = check_text(r.http, field + ".address", c->address, 1000, true)) return bad;
  if (c->name.empty() && c->email.empty() && c->address.empty()) {
    return bad_request(r.http, field, "a contact needs at least one of name, email, address");
  }
  *out = std::move(*c);
  return std::nullopt;
}
}  // namespace

HttpResponse api_register_school(ApiRequest& r) {
  std::optional<HttpResponse> err;
  auto body = json_body(r, &err);
  if (!body) return std::move(*err);
  workflows::School school;
  std::string category, actor, key, region;
  for (auto [field, out] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"id", &school.id}, {"name", &school.name}, {"la", &school.la}, {"framework", &school.framework},
           {"region", &region}, {"category", &category}, {"actor", &actor}, {"idempotency_key", &key}}) {
    auto v = string_member(*body, field);
    if (!v) return bad_request(r.http, field, v.error().message);
    if (auto bad = check_text(r.http, field, *v, kMaxNameChars)) return std::move(*bad);
    *out = std::move(*v);
  }
  if (!valid_id(school.id)) return bad_request(r.http, "id", "'id' (the URN) is required: letters, digits, - _ . only");
  if (school.name.empty()) return bad_request(r.http, "name", "'name' is required");
  if (school.la.empty()) return bad_request(r.http, "la", "'la' (the local authority) is required");
  if (school.framework.empty()) return bad_request(r.http, "framework", "'framework' is required");
  auto cfg = r.ctx.engine->config();
  const workflows::Framework* fw = cfg->latest(school.framework);
  if (!fw) {
    std::string known;
    for (const auto& [id, _] : cfg->frameworks) known += (known.empty() ? "" : ", ") + id;
    return bad_request(r.http, "framework", "unknown framework '" + school.framework + "'; loaded: " + known);
  }
  school.region = fw->region;
  if (!region.empty()) {
    auto reg = workflows::parse_region(region);
    if (!reg) return bad_request(r.http, "region", reg.error().message);
    school.region = *reg;
  }
  if (!category.empty() && !fw->find_category(category)) {
    std::string known;
    for (const auto& c : fw->categories) known += (known.empty() ? "" : ", ") + c.id;
    return bad_request(r.http, "category", "'" + category + "' is not a category of " + fw->id + ": " + known);
  }
  // GIAS names ("Voluntary aided school") and slugs ("voluntary_aided") both work, as in the CSV
  // import; an unknown type is refused, since guards on school.type would silently never match.
  // `facts` cannot carry them past the check: facts.type and facts.phase are read the same way.
  auto type_or_phase = [&](const std::string& field, std::string_view fact,
                           std::string_view given) -> std::optional<HttpResponse> {
    const std::string slug = gias_slug(given);
    if (fact == "type" && !is_known_school_type(slug)) return bad_request(r.http, field, unknown_type_message(given));
    if (fact == "phase" && !is_known_school_phase(slug)) return bad_request(r.http, field, unknown_phase_message(given));
    school.facts[std::string(fact)] = slug;
    school.facts[std::string(fact) + "_name"] = std::string(given);
    return std::nullopt;
  };
  for (const char* fact : {"type", "phase"}) {
    auto v = string_member(*body, fact);
    if (!v) return bad_request(r.http, fact, v.error().message);
    if (v->empty()) continue;
    if (auto bad = type_or_phase(fact, fact, *v)) return std::move(*bad);
  }
  // The religious character as GIAS names it, read as the import reads its column: it decides
  // whether a warning notice is copied to the school's religious body.
  auto religious = [&](const std::string& field, std::string_view given) -> std::optional<HttpResponse> {
    if (auto bad = check_text(r.http, field, given, kMaxNameChars)) return bad;
    for (auto& [k, v] : religious_character_facts(given)) school.facts[k] = v;
    return std::nullopt;
  };
  {
    auto v = string_member(*body, "religious_character");
    if (!v) return bad_request(r.http, "religious_character", v.error().message);
    if (!v->empty()) {
      if (auto bad = religious("religious_character", *v)) return std::move(*bad);
    }
  }
  if (auto it = body->find("facts"); it != body->end()) {
    if (!it->value().is_object()) return bad_request(r.http, "facts", "'facts' must be an object of strings");
    if (it->value().as_object().size() > kMaxDataEntries) {
      return bad_request(r.http, "facts", "'facts' has more than " + std::to_string(kMaxDataEntries) + " entries");
    }
    for (const auto& kv : it->value().as_object()) {
      const std::string field = "facts." + std::string(kv.key());
      if (!kv.value().is_string()) return bad_request(r.http, field, "facts must be strings");
      if (auto bad = check_text(r.http, field, kv.key(), kMaxDataKeyChars)) return std::move(*bad);
      if (auto bad = check_text(r.http, field, kv.value().as_string(), kMaxNameChars)) return std::move(*bad);
      if (auto bad = check_date_range(r.http, field, kv.value().as_string())) return std::move(*bad);
      if (kv.key() == "religious_character") {
        if (body->contains("religious_character")) {
          return bad_request(r.http, field, "'religious_character' is given twice, at the top level and in facts");
        }
        if (auto bad = religious(field, kv.value().as_string())) return std::move(*bad);
        continue;
      }
      if (kv.key() == "church_school" || kv.key() == "religious_character_name") {
        return bad_request(r.http, field,
                           "'" + std::string(kv.key()) + "' is worked out from religious_character; give that instead");
      }
      if (kv.key() == "type" || kv.key() == "phase") {
        if (school.facts.count(std::string(kv.key())) && body->contains(kv.key())) {
          return bad_request(r.http, field, "'" + std::string(kv.key()) + "' is given twice, at the top level and in facts");
        }
        if (auto bad = type_or_phase(field, kv.key(), kv.value().as_string())) return std::move(*bad);
        continue;
      }
      school.facts[std::string(kv.key())] = std::string(kv.value().as_string());
    }
  }
  if (auto it = body->find("contacts"); it != body->end()) {
    if (!it->value().is_object()) return bad_request(r.http, "contacts", "'contacts' must map a role to {name, email, address}");
    for (const auto& kv : it->value().as_object()) {
      std::string role(kv.key());
      // A canonical role, or one the school's framework declares of its own (Telford's
      // review_team_chair); anything else would be a contact no notice could ever reach.
      if (!fw->knows_role(role)) return bad_request(r.http, "contacts." + role, unknown_role(*fw, role));
      workflows::Contact c;
      if (auto bad = read_contact(r, "contacts." + role, kv.value(), &c)) return std::move(*bad);
      school.contacts[role] = std::move(c);
    }
  }
  if (key.empty()) {
    key = std::string(r.http["Idempotency-Key"]);
    if (auto bad = check_text(r.http, "Idempotency-Key", key, kMaxNameChars)) return std::move(*bad);
  }
  if (actor.empty()) actor = r.principal ? r.principal->name : "api";
  auto out = r.ctx.engine->register_school(std::move(school), category, actor, key);
  if (!out) return error_response(r.http, out.error());
  auto res = json_response(r, out->effect == Effect::kRegistered ? 201 : 200, out->body);
  if (out->replayed) res.set("Idempotent-Replayed", "true");
  return res;
}

Result<ImportReport> import_register(Engine& engine, const DaemonConfig& settings, std::string_view csv,
                                     const std::string& framework, bool valid_only, const std::string& actor,
                                     TextEncoding encoding) {
  CsvImportOptions opts;
  opts.encoding = encoding;
  auto parsed = parse_gias_csv(csv, opts);
  if (!parsed) return parsed.error();
  ImportReport report;
  report.rows = parsed->rows;
  report.encoding = parsed->encoding;
  auto issue = [&](int line, const std::string& column, const std::string& message) {
    report.issues.push_back(json::object{{"line", line}, {"column", column}, {"message", message}});
  };
  // Issues are reported in file order whichever check found them.
  auto sort_issues = [&] {
    std::stable_sort(report.issues.begin(), report.issues.end(), [](const json::object& a, const json::object& b) {
      return a.at("line").as_int64() < b.at("line").as_int64();
    });
  };
  for (const auto& i : parsed->issues) issue(i.line, i.column, i.message);
  auto cfg = engine.config();
  std::vector<int> lines;  // lines[k]: the CSV line of schools[k]
  std::vector<workflows::School> schools;
  for (auto& row : parsed->valid) {
    std::string fw_id = framework;
    if (fw_id.empty()) {
      auto it = settings.la_frameworks.find(row.school.la);
      if (it == settings.la_frameworks.end()) {
        issue(row.line, "LA (name)", "no framework for authority '" + row.school.la +
                                         "': pass ?framework= or add it to la_frameworks in sifd.yaml");
        continue;
      }
      fw_id = it->second;
    }
    const workflows::Framework* fw = cfg->latest(fw_id);
    if (!fw) {
      issue(row.line, "LA (name)", "framework '" + fw_id + "' is not loaded");
      continue;
    }
    row.school.framework = fw_id;
    row.school.region = fw->region;
    lines.push_back(row.line);
    schools.push_back(std::move(row.school));
  }
  if (!report.issues.empty() && !valid_only) {
    // Nothing will be registered; name the rows already registered too, so one answer lists
    // every problem with the file.
    std::vector<std::string> ids;
    for (const auto& s : schools) ids.push_back(s.id);
    auto existing = engine.database().registered_among(ids);
    if (!existing) return existing.error();
    const std::set<std::string> known(existing->begin(), existing->end());
    for (std::size_t k = 0; k < schools.size(); ++k) {
      if (known.count(schools[k].id)) issue(lines[k], "URN", "school " + schools[k].id + " is already registered");
    }
    sort_issues();
    return report;
  }
  if (schools.empty()) {
    sort_issues();
    return report;
  }
  auto out = engine.register_schools(std::move(schools), actor, valid_only ? BulkMode::kChunked : BulkMode::kAllOrNothing);
  if (!out) return out.error();
  for (std::size_t k = 0; k < out->problems.size(); ++k) {
    if (!out->problems[k]) continue;
    const Error& e = *out->problems[k];
    const bool about_framework = e.details.rfind("framework", 0) == 0;
    issue(lines[k], e.code == workflows::ErrorCode::kConflict ? "URN" : about_framework ? "LA (name)" : "*", e.message);
  }
  report.registered = std::move(out->registered);
  report.stopped = std::move(out->stopped);
  sort_issues();
  return report;
}

namespace {

// A storage failure during an import, shaped as error_response(req, e) shapes one (the cause in
// plain words; the SQL only in the log), with what was committed in the details.
HttpResponse import_storage_error(const HttpRequest& req, const Error& e, const std::string& prefix,
                                  json::object details) {
  std::string_view code = workflows::to_string(e.code);
  if (e.code == workflows::ErrorCode::kIo) code = "storage_unavailable";
  if (!e.details.empty()) details["text"] = e.details;  // error_response logs and drops SQL
  return error_response(req, status_for(e.code), code, prefix + storage::plain_storage_cause(e.message).value_or(e.message),
                        std::move(details));
}

}  // namespace

HttpResponse api_import_schools(ApiRequest& r) {
  std::string mode = r.query_or("mode", "all");
  if (mode != "all" && mode != "valid-only") return bad_request(r.http, "mode", "mode must be 'all' or 'valid-only'");
  std::string framework = r.query_or("framework");
  if (!framework.empty() && !r.ctx.engine->config()->latest(framework)) {
    return bad_request(r.http, "framework", "unknown framework '" + framework + "'");
  }
  TextEncoding encoding = TextEncoding::kAuto;
  if (auto e = r.query_or("encoding"); !e.empty()) {
    auto parsed = parse_text_encoding(e);
    if (!parsed) return bad_request(r.http, "encoding", parsed.error().message);
    encoding = *parsed;
  }
  std::string actor = r.principal ? r.principal->name : "import";
  auto rep = import_register(*r.ctx.engine, r.ctx.settings, r.http.body(), framework, mode == "valid-only", actor, encoding);
  if (!rep) {
    const Error& e = rep.error();
    if (e.code != workflows::ErrorCode::kInvalidInput) {
      // Storage failed: the import was one transaction, so nothing is registered.
      return import_storage_error(r.http, e, "the import was not committed; nothing was registered: ",
                                  {{"registered", json::array()}});
    }
    json::object details{{"field", "body"}};
    if (!e.details.empty()) details["where"] = e.details;
    return error_response(r.http, 400, "bad_request", e.message, std::move(details));
  }
  json::array reg;
  for (const auto& id : rep->registered) reg.push_back(json::string(id));
  json::array issues;
  for (auto& i : rep->issues) issues.push_back(i);
  if (rep->stopped) {
    // valid-only, storage failed part-way: say exactly what is committed.
    return import_storage_error(r.http, *rep->stopped,
                                "storage failed part-way through the import: " + std::to_string(rep->registered.size()) +
                                    " school(s) were registered (listed in details.registered), the rest were not: ",
                                {{"registered", std::move(reg)}, {"issues", std::move(issues)}});
  }
  if (rep->registered.empty() && !rep->issues.empty() && mode == "all") {
    return error_response(r.http, 422, "invalid_rows",
                          std::to_string(rep->issues.size()) + " problem(s) in the CSV; nothing was registered "
                          "(fix them, or import with ?mode=valid-only)",
                          {{"issues", std::move(issues)}, {"encoding", to_string(rep->encoding)}});
  }
  json::object body;
  body["rows"] = rep->rows;
  body["encoding"] = to_string(rep->encoding);
  body["registered"] = std::move(reg);
  body["issues"] = std::move(issues);
  return json_response(r, rep->registered.empty() ? 200 : 201, body);
}

namespace {
HttpResponse contact_answer(ApiRequest& r, Result<EventOutcome> out, const std::string& role,
                            const std::optional<workflows::Contact>& contact) {
  if (!out) return error_response(r.http, out.error());
  json::object o;
  o["school"] = out->summary.school;
  o["role"] = role;
  o["contact"] = contact ? storage::to_json(*contact) : json::value(nullptr);
  o["changed"] = !out->summary.changes.empty();
  o["seq"] = out->summary.seq;
  return json_response(r, 200, o);
}

// 404 for no such school, 400 for a role its framework does not know (with the role meant), as
// registration answers; the engine checks the role again against the state it changes.
std::optional<HttpResponse> contact_role_problem(ApiRequest& r, const std::string& id, const std::string& role) {
  auto s = r.ctx.engine->reader()->load_school(id);
  if (!s) return error_response(r.http, s.error());
  if (!*s) return error_response(r.http, 404, "not_found", "no school with id '" + id + "'");
  const auto cfg = r.ctx.engine->config();
  const workflows::Framework* fw = cfg->latest((*s)->state.school.framework);
  if (!fw || fw->knows_role(role)) return std::nullopt;
  return bad_request(r.http, "role", unknown_role(*fw, role));
}

std::optional<HttpResponse> contact_actor(ApiRequest& r, const json::object* body, std::string* actor) {
  if (body) {
    auto v = string_member(*body, "actor");
    if (!v) return bad_request(r.http, "actor", v.error().message);
    if (auto bad = check_text(r.http, "actor", *v, kMaxNameChars)) return bad;
    *actor = std::move(*v);
  }
  if (actor->empty()) *actor = r.principal ? r.principal->name : "api";
  return std::nullopt;
}
}  // namespace

HttpResponse api_put_contact(ApiRequest& r) {
  const std::string& id = r.params.at("id");
  const std::string& role = r.params.at("role");
  std::optional<HttpResponse> err;
  auto body = json_body(r, &err);
  if (!body) return std::move(*err);
  for (const auto& kv : *body) {
    const std::string_view k = kv.key();
    if (k != "name" && k != "email" && k != "address" && k != "actor") {
      return bad_request(r.http, std::string(k), "'" + std::string(k) + "' is not a field of a contact: name, email, address (and actor)");
    }
  }
  if (auto bad = contact_role_problem(r, id, role)) return std::move(*bad);
  std::string actor;
  if (auto bad = contact_actor(r, &*body, &actor)) return std::move(*bad);
  json::object fields = *body;
  fields.erase("actor");
  workflows::Contact c;
  if (auto bad = read_contact(r, "contact", fields, &c)) return std::move(*bad);
  return contact_answer(r, r.ctx.engine->change_contact(id, role, c, actor), role, c);
}

HttpResponse api_delete_contact(ApiRequest& r) {
  const std::string& id = r.params.at("id");
  const std::string& role = r.params.at("role");
  if (auto bad = contact_role_problem(r, id, role)) return std::move(*bad);
  std::string actor = r.query_or("actor");  // a DELETE has no body
  if (auto bad = check_text(r.http, "actor", actor, kMaxNameChars)) return std::move(*bad);
  if (auto bad = contact_actor(r, nullptr, &actor)) return std::move(*bad);
  return contact_answer(r, r.ctx.engine->change_contact(id, role, std::nullopt, actor), role, std::nullopt);
}

HttpResponse api_show_school(ApiRequest& r) {
  const std::string& id = r.params.at("id");
  auto db = r.ctx.engine->reader();  // one snapshot for the whole answer
  const auto cfg = r.ctx.engine->config();
  const workflows::Date today = to_london(r.ctx.clock->now_utc()).date;
  // Answered from the cache when nothing it shows has changed since it was built: the revision
  // is read in the same read transaction the answer would be built from.
  std::optional<AnswerCache::Key> key;
  if (r.ctx.answers && db.read_only()) {
    auto rev = db->school_revision(id);
    if (!rev) return error_response(r.http, rev.error());
    if (!*rev) return error_response(r.http, 404, "not_found", "no school with id '" + id + "'");
    key = AnswerCache::Key{**rev, cfg, today};
    if (auto body = r.ctx.answers->find(id, *key)) return make_response(r.http, 200, std::move(*body), "application/json");
  }
  auto s = db->load_school(id);
  if (!s) return error_response(r.http, s.error());
  if (!*s) return error_response(r.http, 404, "not_found", "no school with id '" + id + "'");
  const auto& st = (*s)->state;
  json::object o;
  o["id"] = st.school.id;
  o["name"] = st.school.name;
  o["la"] = st.school.la;
  o["framework"] = st.school.framework;
  o["region"] = workflows::to_string(st.school.region);
  o["category"] = st.category;
  o["seq"] = (*s)->seq;
  o["school"] = storage::to_json(st.school);
  json::array instances;
  for (const auto& i : st.instances) instances.push_back(storage::to_json(i));
  o["instances"] = std::move(instances);
  // Decided on the snapshot just read (not read again): the newest definition of its framework.
  const workflows::Framework* fw = cfg->latest(st.school.framework);
  json::array allowed;
  if (fw) {
    for (const auto& e : workflows::allowed_events(*fw, st)) allowed.push_back(json::string(e));
  }
  o["allowed_events"] = std::move(allowed);
  json::array waiting;
  if (fw) {
    for (const auto& e : workflows::waiting_events(*fw, st)) {
      json::object we;
      we["event"] = e.event;
      we["instance"] = e.instance;
      we["window"] = e.timer;
      we["title"] = e.title;
      we["last_day"] = workflows::format_date(e.last_day);
      we["allowed_from"] = workflows::format_date(e.closes);
      waiting.push_back(std::move(we));
    }
  }
  o["waiting_events"] = std::move(waiting);
  {
    std::vector<std::string> allowed_now;
    for (const auto& e : o["allowed_events"].as_array()) allowed_now.emplace_back(e.as_string());
    add_case_file(o, *cfg, st, allowed_now, today);
  }
  json::array timers;
  if (auto t = db->timers_for_school(id)) {
    for (const auto& row : *t) timers.push_back(timer_row_json(row));
  }
  o["pending_timers"] = std::move(timers);
  json::array notices;
  if (auto n = db->outbox_list(std::nullopt, id, 10)) {
    for (const auto& row : *n) {
      notices.push_back(json::object{{"id", row.id}, {"template", row.template_id}, {"status", storage::to_string(row.status)},
                                     {"reason", row.reason}, {"created_at", format_utc(from_unix_seconds(row.created_at))}});
    }
  }
  o["recent_notices"] = std::move(notices);
  std::string body = serialize_answer(o) + "\n";
  if (key) r.ctx.answers->put(id, std::move(*key), body);
  return make_response(r.http, 200, std::move(body), "application/json");
}

HttpResponse api_history(ApiRequest& r) {
  const std::string& id = r.params.at("id");
  auto db = r.ctx.engine->reader();
  auto s = db->load_school(id);
  if (!s) return error_response(r.http, s.error());
  if (!*s) return error_response(r.http, 404, "not_found", "no school with id '" + id + "'");
  int limit = 0;
  if (auto l = r.query_or("limit"); !l.empty()) {
    if (l.find_first_not_of("0123456789") != std::string::npos || l.size() > 6) {
      return bad_request(r.http, "limit", "limit must be a non-negative integer");
    }
    limit = std::stoi(l);
  }
  auto rows = db->history(id, limit);
  if (!rows) return error_response(r.http, rows.error());
  json::array out;
  for (const auto& h : *rows) {
    json::value v = storage::to_json(h.entry);
    json::object& e = v.as_object();
    e["seq"] = h.seq;
    e["recorded_at"] = format_utc(from_unix_seconds(h.recorded_at));
    e["hash"] = h.hash;
    e["prev_hash"] = h.prev_hash;
    out.push_back(std::move(v));
  }
  json::object body;
  body["school"] = id;
  body["history"] = std::move(out);
  return json_response(r, 200, body);
}

}  // namespace sif::daemon
