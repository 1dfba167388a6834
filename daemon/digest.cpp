#include "daemon/digest.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "daemon/overdue.hpp"
#include "workflows/calendar.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {
namespace {

using workflows::Date;
using workflows::Error;
using workflows::Result;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One line of a digest: a deadline of one instance of one school.
struct Item {
  std::string school_id;
  std::string school_name;
  std::string instance;
  std::string workflow;  // the workflow's title for people
  std::string state;     // the current state's title
  std::string title;     // the deadline's title
  Date due;
  int working_days = 0;  // due: working days left; overdue: working days since it fell due
};

struct SchoolItems {
  Date horizon_end;  // N working days after today on the school's calendar
  std::vector<Item> due;
  std::vector<Item> overdue;
};

struct Officer {
  std::string email;
  std::string name;
  std::string role;               // the first of options.roles this person holds
  std::size_t role_rank = 0;      // its position in options.roles
  std::set<std::string> schools;  // ids of the schools they support
};

SchoolItems items_of(const workflows::SchoolState& s, const config::ConfigSet& cfg, const workflows::Calendar& cal,
                     Date today, Date horizon_end) {
  SchoolItems out;
  out.horizon_end = horizon_end;
  for (const auto& inst : s.instances) {
    if (inst.final) continue;
    const workflows::Framework* fw = definition_of(cfg, s.school.framework, inst.framework_version);
    const workflows::WorkflowSpec* wf = fw ? fw->find_workflow(inst.workflow) : nullptr;
    const workflows::StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
    Item base;
    base.school_id = s.school.id;
    base.school_name = s.school.name;
    base.instance = inst.id;
    base.workflow = wf && !wf->title.empty() ? wf->title : inst.workflow;
    base.state = st && !st->title.empty() ? st->title : inst.state;
    for (const auto& t : inst.timers) {
      if (t.kind != workflows::TimerKind::kDeadline || t.due < today || t.due > horizon_end) continue;
      Item item = base;
      item.title = t.title.empty() ? t.id : t.title;
      item.due = t.due;
      item.working_days = cal.working_days_between(today, t.due);
      out.due.push_back(std::move(item));
    }
  }
  for (const OverdueItem& o : overdue_items(s, cfg, cal, today)) {
    Item item;
    item.school_id = o.school;
    item.school_name = o.school_name;
    item.instance = o.instance;
    item.workflow = o.workflow_title;
    item.state = o.state_title;
    item.title = o.title;
    item.due = o.due;
    item.working_days = o.working_days_overdue;
    out.overdue.push_back(std::move(item));
  }
  return out;
}

std::string working_days_words(int n) {
  return std::to_string(n) + (n == 1 ? " working day" : " working days");
}

std::string due_when(int working_days) {
  return working_days == 0 ? std::string("today") : "in " + working_days_words(working_days);
}

std::string overdue_when(int working_days) {
  return working_days == 0 ? std::string("due today") : working_days_words(working_days) + " overdue";
}

void put_item(workflows::Data& d, const std::string& prefix, const Item& item) {
  d[prefix + "school.id"] = item.school_id;
  d[prefix + "school.name"] = item.school_name;
  d[prefix + "instance"] = item.instance;
  d[prefix + "workflow"] = item.workflow;
  d[prefix + "state"] = item.state;
  d[prefix + "title"] = item.title;
  d[prefix + "due"] = workflows::format_date(item.due);
  d[prefix + "due.words"] = workflows::format_date_words(item.due);
}

// The template data of one officer's digest. REQUIRES: due and overdue are sorted.
workflows::Data digest_data(const Officer& officer, const std::vector<Item>& due, const std::vector<Item>& overdue,
                            Date today, Date horizon_end, int horizon) {
  workflows::Data d;
  d["recipient.name"] = officer.name;
  d["recipient.email"] = officer.email;
  d["recipient.role"] = officer.role;
  d["digest.date"] = workflows::format_date(today);
  d["digest.date.words"] = workflows::format_date_words(today);
  d["digest.horizon"] = std::to_string(horizon);
  d["digest.horizon_end"] = workflows::format_date(horizon_end);
  d["digest.horizon_end.words"] = workflows::format_date_words(horizon_end);
  d["digest.due_count"] = std::to_string(due.size());
  d["digest.overdue_count"] = std::to_string(overdue.size());
  d["digest.has_due"] = due.empty() ? "" : "yes";
  d["digest.has_overdue"] = overdue.empty() ? "" : "yes";
  std::set<std::string> schools;

  // Days: consecutive items with the same date and the same count of working days (schools in
  // different regions may count the same date differently).
  std::size_t day = 0;
  std::size_t in_day = 0;
  for (std::size_t i = 0; i < due.size(); ++i) {
    const Item& item = due[i];
    if (i > 0 && (item.due != due[i - 1].due || item.working_days != due[i - 1].working_days)) {
      ++day;
      in_day = 0;
    }
    const std::string dp = "days[" + std::to_string(day) + "].";
    if (in_day == 0) {
      d[dp + "date"] = workflows::format_date(item.due);
      d[dp + "date.words"] = workflows::format_date_words(item.due);
      d[dp + "working_days"] = std::to_string(item.working_days);
      d[dp + "when"] = due_when(item.working_days);
    }
    put_item(d, dp + "items[" + std::to_string(in_day) + "].", item);
    ++in_day;
    schools.insert(item.school_id);
  }
  for (std::size_t i = 0; i < overdue.size(); ++i) {
    const std::string op = "overdue[" + std::to_string(i) + "].";
    put_item(d, op, overdue[i]);
    d[op + "working_days"] = std::to_string(overdue[i].working_days);
    d[op + "when"] = overdue_when(overdue[i].working_days);
    schools.insert(overdue[i].school_id);
  }
  d["digest.school_count"] = std::to_string(schools.size());
  return d;
}

auto sort_key(const Item& i) {
  return std::tie(i.due, i.working_days, i.school_name, i.school_id, i.workflow, i.title, i.instance);
}

}  // namespace

std::string digest_key(Date today, const std::string& email) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string key = "digest/" + workflows::format_date(today) + "/";
  for (char c : lower(email)) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' || c == '-') {
      key += c;
    } else {
      key += '=';
      key += kHex[u >> 4];
      key += kHex[u & 0xF];
    }
  }
  return key;
}

Result<int> enqueue_digests(storage::Database& db, const config::ConfigSet& definitions,
                            const notifications::Contacts& default_contacts, Date today,
                            const DigestOptions& options, storage::UnixSeconds now) {
  if (options.horizon_working_days < 0) {
    return Error::invalid("digest horizon of " + std::to_string(options.horizon_working_days) +
                              " working days is negative",
                          "notifications.digest.horizon_working_days");
  }
  auto summaries = db.list_schools();
  if (!summaries) return summaries.error();

  std::map<std::string, Officer> officers;         // lower-cased email -> officer
  std::map<std::string, SchoolItems> school_items;  // school id -> its items (only when any)
  for (const auto& summary : *summaries) {
    if (summary.active.empty()) continue;
    auto stored = db.load_school(summary.id);
    if (!stored) return stored.error();
    if (!stored->has_value()) continue;  // removed since it was listed
    const workflows::SchoolState& state = (*stored)->state;
    const workflows::Framework* fw = definitions.latest(state.school.framework);
    if (!fw) {
      return Error::invalid("school " + state.school.id + " (" + state.school.name + ") uses framework '" +
                                state.school.framework + "', which is not loaded",
                            "load the framework's definition, or the school cannot get deadlines counted");
    }
    const workflows::Calendar& cal = definitions.calendar(*fw, state.school.region, state.school.la);
    const Date horizon_end = cal.add_working_days(today, options.horizon_working_days);
    SchoolItems items = items_of(state, definitions, cal, today, horizon_end);
    if (items.due.empty() && items.overdue.empty()) continue;
    school_items.emplace(state.school.id, std::move(items));

    for (std::size_t rank = 0; rank < options.roles.size(); ++rank) {
      const std::string& role = options.roles[rank];
      const workflows::Contact* contact = nullptr;
      if (auto it = state.school.contacts.find(role); it != state.school.contacts.end() && !it->second.email.empty()) {
        contact = &it->second;
      } else if (auto d = default_contacts.find(role); d != default_contacts.end() && !d->second.email.empty()) {
        contact = &d->second;
      }
      if (contact == nullptr) continue;
      auto [it, fresh] = officers.try_emplace(lower(contact->email));
      Officer& o = it->second;
      if (fresh || rank < o.role_rank) {
        o.role = role;
        o.role_rank = rank;
      }
      if (o.email.empty()) o.email = contact->email;
      if (o.name.empty()) o.name = contact->name;
      o.schools.insert(state.school.id);
    }
  }

  std::vector<storage::OutboxRow> rows;
  for (const auto& [email, officer] : officers) {
    std::vector<Item> due;
    std::vector<Item> overdue;
    Date horizon_end = today;  // the same for every school unless their regions differ
    for (const auto& id : officer.schools) {
      const SchoolItems& items = school_items.at(id);
      horizon_end = std::max(horizon_end, items.horizon_end);
      due.insert(due.end(), items.due.begin(), items.due.end());
      overdue.insert(overdue.end(), items.overdue.begin(), items.overdue.end());
    }
    auto by_key = [](const Item& a, const Item& b) { return sort_key(a) < sort_key(b); };
    std::sort(due.begin(), due.end(), by_key);
    std::sort(overdue.begin(), overdue.end(), by_key);

    storage::OutboxRow row;
    row.key = digest_key(today, officer.email);
    row.template_id = options.template_id;
    row.to = {officer.role};
    row.data = digest_data(officer, due, overdue, today, horizon_end, options.horizon_working_days);
    row.reason = "daily digest for " + workflows::format_date(today);
    row.next_attempt_at = now;
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return 0;
  return db.outbox_enqueue(rows, now);
}

}  // namespace sif::daemon
