#include "daemon/simulate.hpp"

#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "config/config_set.hpp"

namespace sif::daemon {

namespace wf = sif::workflows;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}


class Printer {
 public:
  explicit Printer(std::ostream& out) : out_(out) {}

  void line(wf::Date d, const std::string& instance, const std::string& text) {
    out_ << wf::format_date(d) << "  " << std::left << std::setw(18) << instance << " " << text << "\n";
  }

  // `fired`: (instance, timer id) of the timer this step fired, not reported as cancelled.
  void transition(const wf::Transition& t, const std::pair<std::string, std::string>& fired = {}) {
    if (t.history.empty()) return;
    const wf::Date when = t.history.front().date;
    for (const auto& h : t.history) history(h);
    for (const auto& c : t.timers_cancelled) {
      if (c == fired) continue;
      line(when, c.first, "timer cancelled " + c.second);
    }
    for (const auto& p : t.timers_set) timer_set(when, p);
    for (const auto& n : t.notices) {
      std::string text = "notice " + n.template_id + " to " + (n.to.empty() ? std::string("(nobody)") : join(n.to));
      if (!n.cc.empty()) text += " cc " + join(n.cc);
      text += " (" + n.reason + ")";
      line(when, n.instance, text);
    }
  }

 private:
  void history(const wf::HistoryEntry& h) {
    std::string text;
    const std::string note = h.note.empty() ? "" : " (" + h.note + ")";
    const bool moved = h.from != h.to;
    if (h.event == "instance.started") {
      text = "started " + h.workflow + " in " + h.to + note;
    } else if (h.event.rfind("timer.", 0) == 0 && h.event.find("#reminder") != std::string::npos) {
      text = "reminder " + h.event.substr(6) + note;
    } else if (h.event.rfind("timer.", 0) == 0 && h.event.find("#escalation") != std::string::npos) {
      text = "escalation " + h.event.substr(6) + " (deadline overdue)" + note;
    } else if (h.event.rfind("timer.", 0) == 0) {
      text = "timer fired " + h.event.substr(6) + (moved ? ": " + h.from + " -> " + h.to : " (stays in " + h.to + ")") +
             note;
    } else {
      text = "event " + h.event + (moved ? ": " + h.from + " -> " + h.to : " (stays in " + h.to + ")") + note;
    }
    line(h.date, h.instance, text);
  }

  void timer_set(wf::Date when, const wf::PendingTimer& p) {
    const wf::Provenance& pv = p.provenance;
    std::ostringstream why;
    if (p.kind == wf::TimerKind::kReminder) {
      why << -pv.duration.count << " " << wf::to_string(pv.duration.unit) << " before " << wf::format_date(pv.base);
    } else if (p.kind == wf::TimerKind::kEscalation) {
      why << pv.duration.count << " " << wf::to_string(pv.duration.unit) << " after the deadline "
          << wf::format_date(pv.base) << ", if still overdue";
    } else {
      why << pv.duration.count << " " << wf::to_string(pv.duration.unit) << " from " << wf::format_date(pv.base) << " ["
          << pv.base_event << "]";
      if (p.fired > 0) why << ", repeat " << p.fired;
    }
    if (!pv.rule.empty()) why << "; " << pv.rule;
    line(when, p.instance,
         std::string(p.kind == wf::TimerKind::kReminder     ? "reminder set "
                     : p.kind == wf::TimerKind::kEscalation ? "escalation set "
                                                            : "timer set ") +
             p.id + " due " +
             wf::format_date(p.due) + " (" + why.str() + ")");
  }

  std::ostream& out_;

 public:
  // What is still waiting at the end of `until`, in the order it would fire: the timers the
  // daemon would hold in its timers table.
  void pending(const wf::SchoolState& state, wf::Date until, int fire_minutes) {
    std::vector<const wf::PendingTimer*> timers;
    for (const auto& inst : state.instances) {
      if (inst.final) continue;
      for (const auto& t : inst.timers) timers.push_back(&t);
    }
    std::stable_sort(timers.begin(), timers.end(), [&](const wf::PendingTimer* a, const wf::PendingTimer* b) {
      return wf::fires_before(*a, *b, fire_minutes);
    });
    out_ << "# pending at the end of " << wf::format_date(until) << ": " << timers.size()
         << (timers.size() == 1 ? " timer" : " timers") << "\n";
    for (const wf::PendingTimer* t : timers) {
      const wf::LocalTime at = wf::fire_local(*t, fire_minutes);
      const std::string what = t->kind == wf::TimerKind::kDeadline ? wf::to_string(t->meaning) : wf::to_string(t->kind);
      line(at.date, t->instance,
           "pending " + what + " " + t->id + " due " + wf::format_date(t->due) + ", fires " +
               wf::format_date(at.date) + " " + wf::TimeOfDay{at.minutes}.str() + (t->late ? " (late)" : ""));
    }
  }
};

std::string scalar(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

}  // namespace

wf::Result<std::vector<SimEvent>> parse_sim_events(std::string_view text) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return wf::Error::invalid("the events file is not valid YAML: " + e.msg,
                              "line " + std::to_string(e.mark.line + 1));
  }
  std::vector<SimEvent> out;
  if (root.IsNull()) return out;
  if (!root.IsSequence()) return wf::Error::invalid("the events file must be a list of events (- date: ..., type: ...)");
  for (const auto& item : root) {
    const int line = item.Mark().line + 1;
    const std::string where = "line " + std::to_string(line);
    if (!item.IsMap()) return wf::Error::invalid("each event must be a map with date and type", where);
    SimEvent se;
    se.line = line;
    std::string date_text;
    for (const auto& kv : item) {
      const std::string key = scalar(kv.first);
      if (key == "date") {
        date_text = scalar(kv.second);
      } else if (key == "type") {
        se.event.type = scalar(kv.second);
      } else if (key == "instance") {
        se.event.instance = scalar(kv.second);
      } else if (key == "actor") {
        se.event.actor = scalar(kv.second);
      } else if (key == "data") {
        if (!kv.second.IsMap()) return wf::Error::invalid("`data` must be a map", where);
        for (const auto& d : kv.second) se.event.data[scalar(d.first)] = scalar(d.second);
      } else {
        if (!kv.second.IsScalar()) return wf::Error::invalid("event field `" + key + "` must be a plain value", where);
        se.event.data[key] = scalar(kv.second);
      }
    }
    if (se.event.type.empty()) return wf::Error::invalid("an event needs a `type`", where);
    wf::Result<wf::Date> d = wf::parse_date(date_text);
    if (!d) return wf::Error::invalid("an event needs a `date` written YYYY-MM-DD, not '" + date_text + "'", where);
    if (wf::Status in_span = wf::check_supported(*d, "the event's `date`"); !in_span) {
      return wf::Error::invalid(in_span.error().message, where);
    }
    se.date = *d;
    if (se.event.actor.empty()) se.event.actor = "simulate";
    se.event.data.emplace("date", date_text);
    out.push_back(std::move(se));
  }
  std::stable_sort(out.begin(), out.end(), [](const SimEvent& a, const SimEvent& b) { return a.date < b.date; });
  return out;
}

int simulate(const wf::StepContext& ctx, const wf::School& school, const std::string& category,
             const std::vector<SimEvent>& events, wf::Date start, wf::Date until, int max_firings, std::ostream& out,
             std::vector<wf::HistoryEntry>* timeline, wf::SchoolState* final_state) {
  auto keep = [&](const wf::Transition& t) {
    if (timeline) timeline->insert(timeline->end(), t.history.begin(), t.history.end());
  };
  Printer print(out);
  const int fire_minutes = ctx.framework.fire_minutes();
  auto started = wf::start_school(ctx, school, category, "simulate", wf::LocalTime{start, fire_minutes});
  if (!started) {
    out << wf::format_date(start) << "  error: cannot start the school: " << started.error().message << "\n";
    return 1;
  }
  print.transition(*started);
  keep(*started);
  wf::SchoolState state = started->next;
  int firings = 0;
  int status = 0;

  // Fires every timer due on or before `day`; false when it had to stop.
  auto fire_until = [&](wf::Date day) {
    while (true) {
      std::optional<wf::DueTimer> due = wf::next_timer(state, fire_minutes);
      if (!due || due->timer->fires > day) return true;
      if (firings >= max_firings) {
        out << wf::format_date(due->timer->fires) << "  stopped: " << max_firings
            << " timer firings reached (raise --max-firings)\n";
        status = 1;
        return false;
      }
      ++firings;
      const wf::Event e = wf::timer_event(due->instance, *due->timer);
      const std::pair<std::string, std::string> fired{due->instance, due->timer->id};
      const wf::LocalTime at = wf::fire_local(*due->timer, fire_minutes);
      const wf::Date when = at.date;
      auto t = wf::step(ctx, state, e, at);
      if (!t) {
        out << wf::format_date(when) << "  " << std::left << std::setw(18) << fired.first << " error: timer "
            << fired.second << " failed: " << t.error().message
            << (t.error().details.empty() ? "" : " (" + t.error().details + ")") << "\n";
        status = 1;
        return false;
      }
      print.transition(*t, fired);
      keep(*t);
      state = std::move(t->next);
    }
  };

  for (const auto& se : events) {
    if (se.date < start) {
      out << wf::format_date(se.date) << "  refused " << se.event.type << " (line " << se.line
          << "): before the start date " << wf::format_date(start) << "\n";
      status = 1;
      continue;
    }
    if (!fire_until(se.date)) return status;
    auto t = wf::step(ctx, state, se.event, wf::LocalTime{se.date, kSimEventMinutes});
    if (!t) {
      out << wf::format_date(se.date) << "  refused " << se.event.type << " (line " << se.line
          << "): " << wf::to_string(t.error().code) << ": " << t.error().message
          << (t.error().details.empty() ? "" : " (" + t.error().details + ")") << "\n";
      status = 1;
      continue;
    }
    print.transition(*t);
    keep(*t);
    state = std::move(t->next);
  }
  if (fire_until(until)) print.pending(state, until, fire_minutes);
  if (final_state) *final_state = std::move(state);
  return status;
}

int run_simulate(const SimulateOptions& o, std::ostream& out, std::ostream& err) {
  wf::Result<wf::Date> start = wf::parse_date(o.start);
  if (!start) {
    err << "sifctl simulate: --start '" << o.start << "' is not a date; write YYYY-MM-DD\n";
    return 2;
  }
  if (wf::Status in_span = wf::check_supported(*start, "--start"); !in_span) {
    err << "sifctl simulate: " << in_span.error().message << "\n";
    return 2;
  }
  std::ifstream in(o.events_file);
  if (!in) {
    err << "sifctl simulate: cannot read the events file " << o.events_file.string() << "\n";
    return 2;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto events = parse_sim_events(buf.str());
  if (!events) {
    err << "sifctl simulate: " << o.events_file.string() << ": " << events.error().message
        << (events.error().details.empty() ? "" : " (" + events.error().details + ")") << "\n";
    return 2;
  }
  wf::Date until = (events->empty() ? *start : events->back().date) + date::days{365};
  if (!o.until.empty()) {
    wf::Result<wf::Date> u = wf::parse_date(o.until);
    if (!u) {
      err << "sifctl simulate: --until '" << o.until << "' is not a date; write YYYY-MM-DD\n";
      return 2;
    }
    until = *u;
  }
  if (until > wf::last_supported_day()) {
    if (!o.until.empty()) {
      err << "sifctl simulate: " << wf::check_supported(until, "--until").error().message << "\n";
      return 2;
    }
    until = wf::last_supported_day();  // the default year ahead, cut at the end of the calendar
  }

  const std::filesystem::path dir = o.config_dir.empty() ? config::default_config_dir() : o.config_dir;
  std::vector<config::Diagnostic> diagnostics;
  auto cfg = config::load_config_dir(dir, &diagnostics);
  if (!cfg) {
    err << "sifctl simulate: the configuration in " << dir.string() << " has errors: " << cfg.error().message << "\n";
    for (const auto& d : diagnostics) err << d.str() << "\n";
    return 2;
  }
  const wf::Framework* fw = (*cfg)->latest(o.framework);
  if (!fw) {
    std::vector<std::string> ids;
    for (const auto& [id, v] : (*cfg)->frameworks) ids.push_back(id);
    err << "sifctl simulate: no framework '" << o.framework << "' in " << dir.string() << " (have: " << join(ids)
        << ")\n";
    return 2;
  }

  wf::School school;
  school.id = "SIM-1";
  school.name = "Simulated school";
  school.la = o.la;
  school.framework = fw->id;
  school.region = fw->region;
  school.facts = o.facts;
  if (!o.school_type.empty()) school.facts["type"] = o.school_type;
  if (!o.phase.empty()) school.facts["phase"] = o.phase;

  wf::Calendar calendar(fw->region, (*cfg)->term_calendar(*fw, school.la));
  wf::StepContext ctx{*fw, calendar, (*cfg)->versions(fw->id)};
  out << "# " << fw->id << " version " << fw->version << ", " << wf::format_date(*start) << " to "
      << wf::format_date(until) << ", calendar " << calendar.describe() << "\n";
  return simulate(ctx, school, o.category, *events, *start, until, o.max_firings, out);
}

void add_simulate_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<SimulateOptions>();
  auto facts = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("simulate", "Print the timeline a school would follow (offline)");
  cmd->add_option("--framework", o->framework, "framework id, e.g. wiltshire-2019")->required();
  cmd->add_option("--events", o->events_file, "events file (YAML list; see docs/simulate.md)")->required();
  cmd->add_option("--start", o->start, "date the school is registered, YYYY-MM-DD")->required();
  cmd->add_option("--until", o->until, "keep firing timers up to this date (default: last event + 1 year)");
  cmd->add_option("--config", o->config_dir, "config directory (default: the shipped config/)");
  cmd->add_option("--school-type", o->school_type, "school.type, e.g. community, voluntary_aided, academy");
  cmd->add_option("--phase", o->phase, "school.phase, e.g. primary, secondary");
  cmd->add_option("--category", o->category, "the school's category at the start");
  cmd->add_option("--la", o->la, "the school's local authority, as GIAS names it (chooses its term dates)");
  cmd->add_option("--fact", *facts, "another school fact, key=value (repeatable)");
  cmd->add_option("--max-firings", o->max_firings, "stop after this many timer firings")->check(CLI::PositiveNumber);
  cmd->callback([o, facts, exit_code]() {
    for (const auto& f : *facts) {
      auto eq = f.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "sifctl simulate: --fact '" << f << "' must be key=value\n";
        *exit_code = 2;
        return;
      }
      o->facts[f.substr(0, eq)] = f.substr(eq + 1);
    }
    *exit_code = run_simulate(*o, std::cout, std::cerr);
  });
}

}  // namespace sif::daemon
