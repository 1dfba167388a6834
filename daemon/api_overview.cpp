// GET /v1/overview: the console's first page in one answer. Schools by framework and category,
// every active instance by workflow and state (the escalation stages), what is overdue (oldest
// first), what falls due this week, the open windows of warning notices with their days left,
// and how many schools are the signed-in officer's.
//
// Everything is counted in SQL or read from an index except the overdue items, which come from
// Engine::overdue (the snapshots of the schools that have any) and the warning notices' schools.
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "daemon/overdue.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {

namespace json = boost::json;

json::object deadline_json(const storage::TimerRow& t);  // api_schools.cpp

namespace {

// Lists on the overview stop here; their counts do not.
constexpr std::size_t kMaxItems = 50;

// A workflow started by `use: warning-notice` keeps the id frameworks give it: warning_notice.
bool is_warning_notice(const std::string& workflow) { return workflow.find("warning_notice") != std::string::npos; }

json::array stages_of(const workflows::Framework* fw, const std::vector<storage::StageCount>& counts) {
  json::array out;
  std::set<std::pair<std::string, std::string>> shown;
  auto add = [&](const std::string& wf_id, const std::string& wf_title, const std::string& st_id, const std::string& st_title,
                 bool root, std::int64_t n) {
    out.push_back(json::object{{"workflow", wf_id}, {"workflow_title", wf_title}, {"state", st_id}, {"state_title", st_title},
                               {"root", root}, {"schools", n}});
    shown.insert({wf_id, st_id});
  };
  auto count_of = [&](const std::string& wf, const std::string& st) -> std::int64_t {
    for (const auto& c : counts) {
      if (c.workflow == wf && c.state == st) return c.schools;
    }
    return 0;
  };
  // Declaration order: the framework reads top to bottom as its escalation does.
  if (fw) {
    for (const auto& wf : fw->workflows) {
      for (const auto& st : wf.states) {
        if (std::int64_t n = count_of(wf.id, st.id); n > 0) {
          add(wf.id, wf.title.empty() ? wf.id : wf.title, st.id, st.title.empty() ? st.id : st.title, wf.root, n);
        }
      }
    }
  }
  // Instances of a workflow or state no longer in the latest definition are still counted.
  for (const auto& c : counts) {
    if (!shown.count({c.workflow, c.state})) add(c.workflow, c.workflow, c.state, c.state, false, c.schools);
  }
  return out;
}

}  // namespace

HttpResponse api_overview(ApiRequest& r) {
  auto cfg = r.ctx.engine->config();
  auto db = r.ctx.engine->reader();
  const workflows::Date today = to_london(r.ctx.clock->now_utc()).date;

  auto categories = db->category_counts();
  if (!categories) return error_response(r.http, categories.error());
  auto stages = db->stage_counts();
  if (!stages) return error_response(r.http, stages.error());

  // Every loaded framework, then any framework schools name that is not loaded.
  std::vector<std::string> framework_ids;
  for (const auto& [id, _] : cfg->frameworks) framework_ids.push_back(id);
  for (const auto& c : *categories) {
    if (std::find(framework_ids.begin(), framework_ids.end(), c.framework) == framework_ids.end()) framework_ids.push_back(c.framework);
  }
  json::array frameworks;
  for (const auto& id : framework_ids) {
    const workflows::Framework* fw = cfg->latest(id);
    std::map<std::string, std::int64_t> by_category;
    std::int64_t total = 0;
    for (const auto& c : *categories) {
      if (c.framework != id) continue;
      by_category[c.category] += c.schools;
      total += c.schools;
    }
    json::array cats;
    std::set<std::string> shown;
    if (fw) {
      for (const auto& c : fw->categories) {
        cats.push_back(json::object{{"id", c.id}, {"title", c.title.empty() ? c.id : c.title}, {"schools", by_category[c.id]}});
        shown.insert(c.id);
      }
    }
    for (const auto& [cat, n] : by_category) {
      if (cat.empty() || shown.count(cat)) continue;
      cats.push_back(json::object{{"id", cat}, {"title", cat}, {"schools", n}});
    }
    cats.push_back(json::object{{"id", "none"}, {"title", "None agreed"}, {"schools", by_category[""]}});
    std::vector<storage::StageCount> mine;
    for (const auto& s : *stages) {
      if (s.framework == id) mine.push_back(s);
    }
    json::object f;
    f["id"] = id;
    f["title"] = fw && !fw->title.empty() ? fw->title : id;
    f["schools"] = total;
    f["categories"] = std::move(cats);
    f["stages"] = stages_of(fw, mine);
    frameworks.push_back(std::move(f));
  }

  auto overdue = r.ctx.engine->overdue(today);
  if (!overdue) return error_response(r.http, overdue.error());
  json::array overdue_items;
  for (std::size_t i = 0; i < overdue->size() && i < kMaxItems; ++i) overdue_items.push_back(to_json((*overdue)[i]));

  auto week = db->deadlines_due(today, today + date::days{6}, static_cast<int>(kMaxItems));  // no reminders
  if (!week) return error_response(r.http, week.error());
  json::array week_items;
  for (const auto& t : week->first) week_items.push_back(deadline_json(t));
  const std::int64_t week_count = week->total;

  auto windows = db->open_windows(today);
  if (!windows) return error_response(r.http, windows.error());
  json::array notices;
  for (const auto& t : *windows) {
    if (!is_warning_notice(t.workflow)) continue;
    auto stored = db->load_school(t.school);
    if (!stored) return error_response(r.http, stored.error());
    if (!*stored) continue;  // removed between the two reads
    const workflows::SchoolState& s = (*stored)->state;
    auto inst = std::find_if(s.instances.begin(), s.instances.end(), [&](const auto& i) { return i.id == t.instance; });
    if (inst == s.instances.end()) continue;
    const workflows::Framework* fw = definition_of(*cfg, s.school.framework, inst->framework_version);
    if (!fw) continue;
    const workflows::WorkflowSpec* wf = fw->find_workflow(inst->workflow);
    const workflows::StateSpec* st = wf ? wf->find_state(inst->state) : nullptr;
    const workflows::Calendar& cal = cfg->calendar(*fw, s.school.region, s.school.la);
    json::object n;
    n["school"] = t.school;
    n["school_name"] = t.school_name;
    n["instance"] = t.instance;
    n["workflow"] = t.workflow;
    n["workflow_title"] = wf && !wf->title.empty() ? wf->title : t.workflow;
    n["state"] = inst->state;
    n["state_title"] = st && !st->title.empty() ? st->title : inst->state;
    n["timer"] = t.timer;
    n["title"] = t.title.empty() ? t.timer : t.title;
    n["last_day"] = workflows::format_date(t.due);
    // Working days after today up to and including the last day: 0 on the last day itself.
    n["working_days_left"] = std::max(0, cal.working_days_between(today, t.due));
    notices.push_back(std::move(n));
  }

  json::value mine = nullptr;
  if (r.principal && !r.principal->email.empty()) {
    storage::SchoolQuery q;
    q.email = r.principal->email;
    q.today = today;
    q.limit = 0;
    auto page = db->school_page(q);
    if (!page) return error_response(r.http, page.error());
    mine = page->total;
  }

  json::object body;
  body["today"] = workflows::format_date(today);
  body["frameworks"] = std::move(frameworks);
  body["overdue"] = json::object{{"count", overdue->size()}, {"items", std::move(overdue_items)}};
  body["due_this_week"] = json::object{{"count", week_count}, {"items", std::move(week_items)}};
  body["warning_notices"] = std::move(notices);
  body["mine"] = std::move(mine);
  return json_response(r, 200, body);
}

}  // namespace sif::daemon
