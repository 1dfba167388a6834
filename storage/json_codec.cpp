#include "storage/json_codec.hpp"

#include <boost/json.hpp>

namespace sif::storage {

namespace json = boost::json;
using workflows::Error;
using workflows::Result;

namespace {

// Reading helpers: each names the member that is wrong.
class Reader {
 public:
  Reader(const json::value& v, std::string_view what) : what_(what) {
    if (v.is_object()) obj_ = &v.as_object();
  }
  bool ok() const { return obj_ != nullptr && !err_; }
  Error error() const {
    if (err_) return *err_;
    return Error::invalid(std::string(what_) + " must be a JSON object", std::string(what_));
  }

  std::string str(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return {};
    if (!v->is_string()) return fail(key, "a string"), std::string();
    return std::string(v->as_string());
  }
  std::int64_t integer(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return 0;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    fail(key, "an integer");
    return 0;
  }
  bool boolean(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return false;
    if (!v->is_bool()) return fail(key, "true or false"), false;
    return v->as_bool();
  }
  workflows::Date date(std::string_view key) {
    const json::value* v = find(key);
    if (!v || (v->is_string() && v->as_string().empty())) return workflows::Date{};
    if (!v->is_string()) return fail(key, "an ISO date string"), workflows::Date{};
    auto d = workflows::parse_date(std::string_view(v->as_string()));
    if (!d) return fail(key, "an ISO date (YYYY-MM-DD)"), workflows::Date{};
    return *d;
  }
  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = find(key);
    if (!v) return out;
    if (!v->is_array()) return fail(key, "an array of strings"), out;
    for (const auto& e : v->as_array()) {
      if (!e.is_string()) return fail(key, "an array of strings"), out;
      out.emplace_back(e.as_string());
    }
    return out;
  }
  workflows::Data data(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return {};
    auto d = data_from_json(*v);
    if (!d) return fail(key, "an object of strings"), workflows::Data{};
    return *d;
  }
  template <typename T, typename F>
  T sub(std::string_view key, F decode) {
    const json::value* v = find(key);
    if (!v) return T{};
    auto r = decode(*v);
    if (!r) return err_ = r.error(), T{};
    return std::move(*r);
  }
  template <typename T, typename F>
  std::vector<T> list(std::string_view key, F decode) {
    std::vector<T> out;
    const json::value* v = find(key);
    if (!v) return out;
    if (!v->is_array()) return fail(key, "an array"), out;
    for (const auto& e : v->as_array()) {
      auto r = decode(e);
      if (!r) return err_ = r.error(), out;
      out.push_back(std::move(*r));
    }
    return out;
  }

 private:
  const json::value* find(std::string_view key) const {
    if (!obj_ || err_) return nullptr;
    const json::value* v = obj_->if_contains(key);
    return (v && v->is_null()) ? nullptr : v;
  }
  void fail(std::string_view key, std::string_view want) {
    if (!err_) {
      std::string field = std::string(what_) + "." + std::string(key);
      err_ = Error::invalid(field + " must be " + std::string(want), field);
    }
  }

  std::string_view what_;
  const json::object* obj_ = nullptr;
  std::optional<Error> err_;
};

json::array to_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string date_text(workflows::Date d) {
  return d == workflows::Date{} ? std::string() : workflows::format_date(d);
}

}  // namespace

json::value to_json(const workflows::Data& d) {
  json::object o;
  for (const auto& [k, v] : d) o[k] = v;
  return o;
}

Result<workflows::Data> data_from_json(const json::value& v) {
  if (!v.is_object()) return Error::invalid("data must be an object of strings");
  workflows::Data d;
  for (const auto& [k, e] : v.as_object()) {
    if (e.is_string()) {
      d[std::string(k)] = std::string(e.as_string());
    } else if (e.is_int64() || e.is_uint64() || e.is_double() || e.is_bool()) {
      d[std::string(k)] = json::serialize(e);  // numbers and booleans keep their JSON text
    } else {
      return Error::invalid("data." + std::string(k) + " must be a string", "data." + std::string(k));
    }
  }
  return d;
}

json::value to_json(const workflows::Duration& d) {
  return json::object{{"count", d.count}, {"unit", workflows::to_string(d.unit)}};
}

Result<workflows::Duration> duration_from_json(const json::value& v) {
  Reader r(v, "duration");
  workflows::Duration d;
  d.count = static_cast<int>(r.integer("count"));
  std::string unit = r.str("unit");
  if (!r.ok()) return r.error();
  if (!unit.empty()) {
    auto u = workflows::parse_unit(unit);
    if (!u) return u.error();
    d.unit = *u;
  }
  return d;
}

json::value to_json(const workflows::SkippedDay& d) {
  return json::object{{"date", date_text(d.date)}, {"reason", d.reason}};
}

Result<workflows::SkippedDay> skipped_day_from_json(const json::value& v) {
  Reader r(v, "skipped");
  workflows::SkippedDay d;
  d.date = r.date("date");
  d.reason = r.str("reason");
  if (!r.ok()) return r.error();
  return d;
}

json::value to_json(const workflows::Provenance& p) {
  json::array skipped;
  for (const auto& s : p.skipped) skipped.push_back(to_json(s));
  json::object o;
  o["framework"] = p.framework;
  o["framework_version"] = p.framework_version;
  o["workflow"] = p.workflow;
  o["state"] = p.state;
  o["timer"] = p.timer;
  o["rule"] = p.rule;
  o["base_event"] = p.base_event;
  o["base"] = date_text(p.base);
  o["duration"] = to_json(p.duration);
  if (!p.anchor.empty()) o["anchor"] = p.anchor;
  o["calendar"] = p.calendar;
  o["skipped"] = std::move(skipped);
  return o;
}

Result<workflows::Provenance> provenance_from_json(const json::value& v) {
  Reader r(v, "provenance");
  workflows::Provenance p;
  p.framework = r.str("framework");
  p.framework_version = static_cast<int>(r.integer("framework_version"));
  p.workflow = r.str("workflow");
  p.state = r.str("state");
  p.timer = r.str("timer");
  p.rule = r.str("rule");
  p.base_event = r.str("base_event");
  p.base = r.date("base");
  p.duration = r.sub<workflows::Duration>("duration", duration_from_json);
  p.anchor = r.str("anchor");
  p.calendar = r.str("calendar");
  p.skipped = r.list<workflows::SkippedDay>("skipped", skipped_day_from_json);
  if (!r.ok()) return r.error();
  return p;
}

json::value to_json(const workflows::PendingTimer& t) {
  json::object o;
  o["id"] = t.id;
  o["instance"] = t.instance;
  o["kind"] = workflows::to_string(t.kind);
  o["title"] = t.title;
  o["due"] = date_text(t.due);
  o["meaning"] = workflows::to_string(t.meaning);
  o["fires"] = date_text(t.fires);
  if (t.late) o["late"] = true;
  o["fired"] = t.fired;
  o["provenance"] = to_json(t.provenance);
  return o;
}

Result<workflows::PendingTimer> pending_timer_from_json(const json::value& v) {
  Reader r(v, "timer");
  workflows::PendingTimer t;
  t.id = r.str("id");
  t.instance = r.str("instance");
  std::string kind = r.str("kind");
  t.title = r.str("title");
  t.due = r.date("due");
  t.fired = static_cast<int>(r.integer("fired"));
  t.provenance = r.sub<workflows::Provenance>("provenance", provenance_from_json);
  if (!r.ok()) return r.error();
  // Snapshots before timer kinds have neither: such a timer fired on its due date, as a prompt.
  const std::string meaning = r.str("meaning");
  t.fires = r.date("fires");
  t.late = r.boolean("late");
  if (!r.ok()) return r.error();
  if (t.fires == workflows::Date{}) t.fires = t.due;
  if (!meaning.empty()) {
    auto m = workflows::parse_timer_meaning(meaning);
    if (!m) return workflows::Error::corruption("timer " + t.id + ": unknown meaning '" + meaning + "'");
    t.meaning = *m;
  }
  if (kind == "reminder") {
    t.kind = workflows::TimerKind::kReminder;
  } else if (kind == "escalation") {
    t.kind = workflows::TimerKind::kEscalation;
  } else if (kind.empty() || kind == "deadline") {
    t.kind = workflows::TimerKind::kDeadline;
  } else {
    return Error::invalid("timer.kind must be deadline, reminder or escalation", "timer.kind");
  }
  return t;
}

json::value to_json(const workflows::OverdueDeadline& d) {
  json::object o;
  o["id"] = d.id;
  o["title"] = d.title;
  o["due"] = date_text(d.due);
  o["provenance"] = to_json(d.provenance);
  return o;
}

Result<workflows::OverdueDeadline> overdue_deadline_from_json(const json::value& v) {
  Reader r(v, "overdue");
  workflows::OverdueDeadline d;
  d.id = r.str("id");
  d.title = r.str("title");
  d.due = r.date("due");
  d.provenance = r.sub<workflows::Provenance>("provenance", provenance_from_json);
  if (!r.ok()) return r.error();
  return d;
}

json::value to_json(const workflows::Instance& i) {
  json::array timers;
  for (const auto& t : i.timers) timers.push_back(to_json(t));
  json::array overdue;
  for (const auto& d : i.overdue) overdue.push_back(to_json(d));
  json::object o;
  o["id"] = i.id;
  o["workflow"] = i.workflow;
  o["framework_version"] = i.framework_version;
  o["state"] = i.state;
  o["entered"] = date_text(i.entered);
  o["started"] = date_text(i.started);
  o["final"] = i.final;
  o["parent"] = i.parent;
  o["params"] = to_json(i.params);
  o["vars"] = to_json(i.vars);
  o["timers"] = std::move(timers);
  o["overdue"] = std::move(overdue);
  return o;
}

Result<workflows::Instance> instance_from_json(const json::value& v) {
  Reader r(v, "instance");
  workflows::Instance i;
  i.id = r.str("id");
  i.workflow = r.str("workflow");
  i.framework_version = static_cast<int>(r.integer("framework_version"));
  i.state = r.str("state");
  i.entered = r.date("entered");
  i.started = r.date("started");
  i.final = r.boolean("final");
  i.parent = r.str("parent");
  i.params = r.data("params");
  i.vars = r.data("vars");
  i.timers = r.list<workflows::PendingTimer>("timers", pending_timer_from_json);
  i.overdue = r.list<workflows::OverdueDeadline>("overdue", overdue_deadline_from_json);  // absent in older snapshots
  if (!r.ok()) return r.error();
  return i;
}

json::value to_json(const workflows::Contact& c) {
  return json::object{{"name", c.name}, {"email", c.email}, {"address", c.address}};
}

Result<workflows::Contact> contact_from_json(const json::value& v) {
  Reader r(v, "contact");
  workflows::Contact c;
  c.name = r.str("name");
  c.email = r.str("email");
  c.address = r.str("address");
  if (!r.ok()) return r.error();
  return c;
}

json::value to_json(const workflows::School& s) {
  json::object contacts;
  for (const auto& [role, c] : s.contacts) contacts[role] = to_json(c);
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["la"] = s.la;
  o["framework"] = s.framework;
  o["region"] = workflows::to_string(s.region);
  o["facts"] = to_json(s.facts);
  o["contacts"] = std::move(contacts);
  return o;
}

Result<workflows::School> school_from_json(const json::value& v) {
  Reader r(v, "school");
  workflows::School s;
  s.id = r.str("id");
  s.name = r.str("name");
  s.la = r.str("la");
  s.framework = r.str("framework");
  std::string region = r.str("region");
  s.facts = r.data("facts");
  if (!r.ok()) return r.error();
  if (!region.empty()) {
    auto reg = workflows::parse_region(region);
    if (!reg) return reg.error();
    s.region = *reg;
  }
  if (const auto* c = v.as_object().if_contains("contacts"); c && !c->is_null()) {
    if (!c->is_object()) return Error::invalid("school.contacts must be an object of role: contact", "school.contacts");
    for (const auto& [role, cv] : c->as_object()) {
      auto contact = contact_from_json(cv);
      if (!contact) return contact.error();
      s.contacts[std::string(role)] = std::move(*contact);
    }
  }
  return s;
}

json::value to_json(const workflows::SchoolState& s) {
  json::array instances;
  for (const auto& i : s.instances) instances.push_back(to_json(i));
  json::object o;
  o["school"] = to_json(s.school);
  o["category"] = s.category;
  o["next_instance"] = s.next_instance;
  o["instances"] = std::move(instances);
  return o;
}

Result<workflows::SchoolState> school_state_from_json(const json::value& v) {
  Reader r(v, "state");
  workflows::SchoolState s;
  s.school = r.sub<workflows::School>("school", school_from_json);
  s.category = r.str("category");
  s.next_instance = static_cast<int>(r.integer("next_instance"));
  s.instances = r.list<workflows::Instance>("instances", instance_from_json);
  if (!r.ok()) return r.error();
  if (s.next_instance == 0) s.next_instance = 1;
  return s;
}

json::value to_json(const workflows::HistoryEntry& h) {
  json::object o;
  o["instance"] = h.instance;
  o["workflow"] = h.workflow;
  o["event"] = h.event;
  o["from"] = h.from;
  o["to"] = h.to;
  o["data"] = to_json(h.data);
  o["actor"] = h.actor;
  o["date"] = date_text(h.date);
  o["note"] = h.note;
  return o;
}

Result<workflows::HistoryEntry> history_entry_from_json(const json::value& v) {
  Reader r(v, "history");
  workflows::HistoryEntry h;
  h.instance = r.str("instance");
  h.workflow = r.str("workflow");
  h.event = r.str("event");
  h.from = r.str("from");
  h.to = r.str("to");
  h.data = r.data("data");
  h.actor = r.str("actor");
  h.date = r.date("date");
  h.note = r.str("note");
  if (!r.ok()) return r.error();
  return h;
}

json::value to_json(const workflows::NoticeEffect& n) {
  json::object o;
  o["instance"] = n.instance;
  o["workflow"] = n.workflow;
  o["template"] = n.template_id;
  o["to"] = to_array(n.to);
  o["cc"] = to_array(n.cc);
  o["data"] = to_json(n.data);
  o["reason"] = n.reason;
  return o;
}

Result<workflows::NoticeEffect> notice_from_json(const json::value& v) {
  Reader r(v, "notice");
  workflows::NoticeEffect n;
  n.instance = r.str("instance");
  n.workflow = r.str("workflow");
  n.template_id = r.str("template");
  n.to = r.strings("to");
  n.cc = r.strings("cc");
  n.data = r.data("data");
  n.reason = r.str("reason");
  if (!r.ok()) return r.error();
  return n;
}

json::value to_json(const workflows::Event& e) {
  json::object o;
  o["type"] = e.type;
  o["data"] = to_json(e.data);
  o["actor"] = e.actor;
  o["instance"] = e.instance;
  o["timer"] = e.timer;
  return o;
}

Result<workflows::Event> event_from_json(const json::value& v) {
  Reader r(v, "event");
  workflows::Event e;
  e.type = r.str("type");
  e.data = r.data("data");
  e.actor = r.str("actor");
  e.instance = r.str("instance");
  e.timer = r.str("timer");
  if (!r.ok()) return r.error();
  return e;
}

Result<json::value> parse_json(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::invalid("not valid JSON: " + ec.message());
  return v;
}

std::string dump_json(const json::value& v) { return json::serialize(v); }

}  // namespace sif::storage
