// sifctl's tables for the API's answers (render_table) and the text helpers they use.
#include "daemon/sifctl_tables.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <numeric>
#include <sstream>

#include "daemon/sifctl_remote.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace sifctl {

std::string str(const json::value* v) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_bool()) return v->as_bool() ? "yes" : "no";
  return json::serialize(*v);
}
std::string get(const json::value& o, std::string_view key) {
  if (!o.is_object()) return "";
  return str(o.as_object().if_contains(key));
}
const json::array& arr(const json::value& o, std::string_view key) {
  static const json::array kEmpty;
  if (!o.is_object()) return kEmpty;
  auto* v = o.as_object().if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

void pretty(std::ostream& os, const json::value& v, std::string indent) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) { os << "{}"; return; }
      os << "{\n";
      bool first = true;
      for (const auto& kv : o) {
        if (!first) os << ",\n";
        first = false;
        os << indent << "  " << json::serialize(json::value(kv.key())) << ": ";
        pretty(os, kv.value(), indent + "  ");
      }
      os << "\n" << indent << "}";
      return;
    }
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) { os << "[]"; return; }
      os << "[\n";
      bool first = true;
      for (const auto& e : a) {
        if (!first) os << ",\n";
        first = false;
        os << indent << "  ";
        pretty(os, e, indent + "  ");
      }
      os << "\n" << indent << "]";
      return;
    }
    default: os << json::serialize(v);
  }
}


std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cut(const std::string& s, std::size_t width) {
  if (display_width(s) <= width) return s;
  if (width == 0) return "";
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n == width - 1) break;
      ++n;
    }
    out.push_back(s[i]);
  }
  return out + "\u2026";
}

std::string Table::str(std::size_t max_width) const {
  std::vector<std::size_t> w;
  for (const auto& r : rows_) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], display_width(r[i]));
    }
  }
  if (max_width > 0 && !w.empty()) {
    auto total = [&] { return std::accumulate(w.begin(), w.end(), std::size_t{0}) + 2 * (w.size() - 1); };
    // A column gives way down to its header's width (at least 6), then below it if it must.
    std::vector<std::size_t> floor(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) floor[i] = std::min(w[i], std::max<std::size_t>(6, display_width(rows_[0][i])));
    for (int pass = 0; pass < 2 && total() > max_width; ++pass) {
      while (total() > max_width) {
        std::size_t widest = w.size();
        for (std::size_t i = 0; i < w.size(); ++i) {
          if (w[i] > floor[i] && (widest == w.size() || w[i] > w[widest])) widest = i;
        }
        if (widest == w.size()) break;
        --w[widest];
      }
      for (auto& f : floor) f = std::min<std::size_t>(f, 1);
    }
  }
  std::string out;
  for (const auto& r : rows_) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string cell = max_width > 0 ? cut(r[i], w[i]) : r[i];
      line += cell;
      if (i + 1 < r.size()) line += std::string(w[i] - display_width(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace sifctl

namespace {

using sifctl::arr;
using sifctl::get;
using sifctl::pretty;
using sifctl::str;
using sifctl::Table;

// "Jane Smith <jane@school.org>, 1 High Street", as a contact's fields allow.
std::string contact_text(const json::value& c) {
  std::string out = get(c, "name");
  if (!get(c, "email").empty()) out += (out.empty() ? "<" : " <") + get(c, "email") + ">";
  if (!get(c, "address").empty()) out += (out.empty() ? "" : ", ") + get(c, "address");
  return out.empty() ? "-" : out;
}

std::string timers_lines(const json::value& inst) {
  std::string out;
  for (const auto& t : arr(inst, "timers")) {
    const std::string meaning = get(t, "meaning");
    const std::string kind = get(t, "kind");
    std::string what = kind == "deadline" && !meaning.empty() ? meaning : kind;
    out += "    " + get(t, "due") + "  " + what + "  " + (get(t, "title").empty() ? get(t, "id") : get(t, "title"));
    // What the date means (docs/definitions.md): a deadline is met on its day and overdue from the
    // next working day; a window includes its last day.
    const std::string fires = get(t, "fires");
    if (kind == "deadline" && meaning == "deadline" && !fires.empty()) out += "  (met by anything recorded that day; overdue from " + fires + ")";
    if (kind == "deadline" && meaning == "window" && !fires.empty()) out += "  (last day of the period; closes at 00:00 on " + fires + ")";
    if (get(t, "late") == "yes") out += "  (late: its date had passed when it was set; sent at once)";
    if (const auto* p = t.as_object().if_contains("provenance"); p && p->is_object()) {
      std::string why;
      if (const auto* d = p->as_object().if_contains("duration"); d && d->is_object()) {
        why = get(*d, "count") + " " + get(*d, "unit");
      }
      why += " from " + get(*p, "base") + " (" + get(*p, "base_event") + ")";
      std::string rule = get(*p, "rule");
      if (!rule.empty()) why += ", " + rule;
      std::string calendar = get(*p, "calendar");
      if (!calendar.empty()) why += "; calendar " + calendar;
      out += "\n      why: " + why;
    }
    out += "\n";
  }
  return out;
}

// Each allowed event and the fields it takes, from the school's event_forms.
std::string forms_text(const json::value& school) {
  const auto& forms = arr(school, "event_forms");
  if (forms.empty()) {
    std::string allowed;
    for (const auto& a : arr(school, "allowed_events")) allowed += (allowed.empty() ? "" : ", ") + str(&a);
    return "allowed events: " + (allowed.empty() ? std::string("-") : allowed) + "\n";
  }
  std::string out = "allowed events:\n";
  for (const auto& f : forms) {
    out += "  " + get(f, "type");
    if (!get(f, "title").empty()) out += "  (" + get(f, "title") + ")";
    out += "\n";
    for (const auto& field : arr(f, "fields")) {
      std::string kind = get(field, "kind");
      if (!arr(field, "choices").empty()) {
        std::string choices;
        for (const auto& c : arr(field, "choices")) choices += (choices.empty() ? "" : " | ") + str(&c);
        kind += ": " + choices;
      }
      out += "      " + get(field, "name") + (get(field, "required") == "yes" ? " (required)" : "") + "  " + kind;
      if (!get(field, "label").empty()) out += "  - " + get(field, "label");
      out += "\n";
    }
    if (!arr(f, "one_of").empty()) {
      std::string one_of;
      for (const auto& o : arr(f, "one_of")) one_of += (one_of.empty() ? "" : ", ") + str(&o);
      out += "      one of: " + one_of + "\n";
    }
  }
  return out;
}

}  // namespace

std::string render_table(const std::string& kind, const std::string& body, bool wide) {
  const std::size_t width = wide ? 0 : sifctl::kTableWidth;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return body;
  std::ostringstream os;
  if (kind == "schools") {
    // The active workflows' states take a column of their own only with --wide: in 100 columns
    // the school's name and its next deadline matter more (`sifctl show ID` has the states).
    std::vector<std::string> header{"ID", "NAME", "LA", "FRAMEWORK", "CATEGORY", "NEXT DEADLINE"};
    if (wide) header.insert(header.begin() + 5, "ACTIVE");
    Table t(std::move(header));
    for (const auto& s : arr(v, "schools")) {
      std::string active;
      for (const auto& a : arr(s, "active_workflows")) active += (active.empty() ? "" : ", ") + get(a, "workflow") + ":" + get(a, "state");
      // Say what is true when nothing is pending, rather than leave the cell blank.
      std::string next = "none pending";
      if (const auto* n = s.as_object().if_contains("next_deadline"); n && n->is_object()) {
        next = get(*n, "due") + " " + (get(*n, "title").empty() ? get(*n, "timer") : get(*n, "title"));
      }
      if (const std::string overdue = get(s, "overdue_count"); !overdue.empty() && overdue != "0") {
        next = overdue + " OVERDUE; " + next;
      }
      std::string category = get(s, "category_title");
      if (category.empty()) category = get(s, "category");
      if (category.empty()) category = "none agreed";
      if (wide) {
        t.add({get(s, "id"), get(s, "name"), get(s, "la"), get(s, "framework"), category, active, next});
      } else {
        t.add({get(s, "id"), get(s, "name"), get(s, "la"), get(s, "framework"), category, next});
      }
    }
    const std::size_t shown = arr(v, "schools").size();
    os << t.str(width);
    const std::string total = get(v, "total");
    const long long all = total.empty() ? static_cast<long long>(shown) : std::stoll(total);
    const long long offset = get(v, "offset").empty() ? 0 : std::stoll(get(v, "offset"));
    if (all > static_cast<long long>(shown)) {
      os << shown << " of " << all << " school(s)";
      if (shown > 0) os << " (" << offset + 1 << "-" << offset + static_cast<long long>(shown) << ")";
      if (offset + static_cast<long long>(shown) < all) os << "; --offset " << offset + static_cast<long long>(shown) << " for more";
      os << "\n";
    } else {
      os << shown << " school(s)\n";
    }
  } else if (kind == "school") {
    os << get(v, "name") << " (" << get(v, "id") << ")\n";
    os << "  authority: " << get(v, "la") << "   framework: " << get(v, "framework") << "   region: " << get(v, "region") << "\n";
    os << "  category:  " << (get(v, "category").empty() ? "-" : get(v, "category")) << "\n";
    if (const auto* sch = v.if_object() ? v.as_object().if_contains("school") : nullptr;
        sch && sch->is_object() && sch->as_object().contains("contacts") && sch->at("contacts").is_object() &&
        !sch->at("contacts").as_object().empty()) {
      os << "contacts:\n";
      for (const auto& [role, c] : sch->at("contacts").as_object()) {
        os << "  " << std::string(role) << ": " << contact_text(c) << "\n";
      }
    }
    os << "workflows:\n";
    for (const auto& i : arr(v, "instances")) {
      bool fin = get(i, "final") == "yes";
      os << "  " << get(i, "id") << "  " << get(i, "workflow") << ": " << get(i, "state") << "  since " << get(i, "entered")
         << (fin ? "  (finished)" : "") << "\n";
      if (!fin) os << timers_lines(i);
    }
    if (!arr(v, "overdue").empty()) {
      os << "OVERDUE:\n";
      for (const auto& o : arr(v, "overdue")) {
        os << "  " << get(o, "title") << " (" << get(o, "workflow_title") << "): fell due " << get(o, "due")
           << ", overdue since " << get(o, "overdue_since") << ", " << get(o, "working_days_overdue") << " working day(s)\n";
      }
    }
    os << forms_text(v);
    for (const auto& w : arr(v, "waiting_events")) {
      os << "not yet: " << get(w, "event") << " (after " << get(w, "title") << ": its last day is " << get(w, "last_day")
         << "; allowed from " << get(w, "allowed_from") << ")\n";
    }
    if (!arr(v, "recent_notices").empty()) {
      os << "recent notices:\n";
      for (const auto& n : arr(v, "recent_notices")) {
        os << "  #" << get(n, "id") << "  " << get(n, "status") << "  " << get(n, "template") << "  " << get(n, "reason") << "\n";
      }
    }
  } else if (kind == "contact") {
    if (get(v, "changed") != "yes") {
      os << "no change: " << get(v, "school") << "'s contact for " << get(v, "role") << " is already so\n";
    } else if (!v.as_object().contains("contact") || v.as_object().at("contact").is_null()) {
      os << get(v, "school") << ": contact for " << get(v, "role") << " removed (seq " << get(v, "seq") << ")\n";
    } else {
      os << get(v, "school") << ": contact for " << get(v, "role") << " is now " << contact_text(v.as_object().at("contact"))
         << " (seq " << get(v, "seq") << ")\n";
    }
  } else if (kind == "event") {
    os << get(v, "event") << " recorded for " << get(v, "school") << " (seq " << get(v, "seq") << ")";
    if (!get(v, "category").empty()) os << "; category " << get(v, "category");
    os << "\n";
    for (const auto& c : arr(v, "changes")) {
      os << "  " << get(c, "workflow") << " [" << get(c, "instance") << "]: " << (get(c, "from").empty() ? "·" : get(c, "from"))
         << " -> " << get(c, "to") << "  (" << get(c, "event") << ")" << (get(c, "note").empty() ? "" : "  " + get(c, "note")) << "\n";
    }
    for (const auto& t : arr(v, "timers_set")) {
      const bool main_timer = get(t, "kind") == "deadline" && !get(t, "meaning").empty();
      os << "  timer " << get(t, "timer") << " (" << (main_timer ? get(t, "meaning") : get(t, "kind")) << ") due "
         << get(t, "due") << "  " << get(t, "title");
      if (main_timer && get(t, "meaning") == "deadline") os << "; overdue from " << get(t, "fires");
      if (main_timer && get(t, "meaning") == "window") os << "; closes at 00:00 on " << get(t, "fires");
      os << "\n";
    }
    for (const auto& n : arr(v, "notices")) os << "  notice " << get(n, "template") << "\n";
  } else if (kind == "history") {
    Table t({"SEQ", "DATE", "EVENT", "WORKFLOW", "FROM", "TO", "ACTOR", "NOTE"});
    for (const auto& h : arr(v, "history")) {
      t.add({get(h, "seq"), get(h, "date"), get(h, "event"), get(h, "workflow"), get(h, "from").empty() ? "·" : get(h, "from"),
             get(h, "to"), get(h, "actor"), get(h, "note")});
    }
    os << t.str(width);
  } else if (kind == "deadlines") {
    if (!arr(v, "overdue").empty()) {
      // In 100 columns: when it fell due, whose, what and how late; --wide adds the day it became
      // overdue and the workflow's state.
      std::vector<std::string> header{"DUE", "SCHOOL", "NAME", "DEADLINE", "LATE"};
      if (wide) header = {"DUE", "OVERDUE SINCE", "SCHOOL", "NAME", "DEADLINE", "LATE", "WORKFLOW"};
      Table o(std::move(header));
      for (const auto& d : arr(v, "overdue")) {
        const std::string n = get(d, "working_days_overdue");
        const std::string late = n + (n == "1" ? " working day" : " working days");
        if (wide) {
          o.add({get(d, "due"), get(d, "overdue_since"), get(d, "school"), get(d, "school_name"), get(d, "title"), late,
                 get(d, "workflow_title") + ": " + get(d, "state_title")});
        } else {
          o.add({get(d, "due"), get(d, "school"), get(d, "school_name"), get(d, "title"), late});
        }
      }
      os << o.str(width) << arr(v, "overdue").size() << " overdue deadline(s)\n";
      if (!arr(v, "deadlines").empty()) os << "\n";
    }
    if (!arr(v, "deadlines").empty() || arr(v, "overdue").empty()) {
      std::vector<std::string> header{"DUE", "SCHOOL", "NAME", "KIND", "DEADLINE"};
      if (wide) header.push_back("WORKFLOW");
      Table t(std::move(header));
      for (const auto& d : arr(v, "deadlines")) {
        const std::string kind = get(d, "kind") == "deadline" && !get(d, "meaning").empty() ? get(d, "meaning") : get(d, "kind");
        std::vector<std::string> row{get(d, "due"), get(d, "school"), get(d, "school_name"), kind,
                                     get(d, "title").empty() ? get(d, "timer") : get(d, "title")};
        if (wide) row.push_back(get(d, "workflow") + ":" + get(d, "state"));
        t.add(std::move(row));
      }
      os << t.str(width) << arr(v, "deadlines").size() << " deadline(s) from " << get(v, "from") << " to " << get(v, "to") << "\n";
    }
  } else if (kind == "clock") {
    os << get(v, "mode") << " clock: " << get(v, "now") << " (" << get(v, "local") << " Europe/London)";
    if (!get(v, "fired").empty()) os << "; " << get(v, "fired") << " timer(s) fired";
    os << "\n";
  } else if (kind == "audit") {
    if (get(v, "ok") == "yes") {
      os << "audit ok: " << get(v, "rows") << " history row(s) across " << get(v, "schools") << " school(s); every hash chain intact\n";
    } else {
      os << "AUDIT FAILED: school " << get(v, "school") << " seq " << get(v, "seq") << ": " << get(v, "problem") << "\n";
    }
  } else if (kind == "frameworks") {
    Table t({"ID", "VERSION", "REGION", "TITLE", "WORKFLOWS"});
    for (const auto& f : arr(v, "frameworks")) {
      std::string w;
      for (const auto& x : arr(f, "workflows")) w += (w.empty() ? "" : ", ") + get(x, "id");
      t.add({get(f, "id"), get(f, "version"), get(f, "region"), get(f, "title"), w});
    }
    os << t.str(width);
  } else if (kind == "framework") {
    os << get(v, "id") << " v" << get(v, "version") << ": " << get(v, "title") << "\n  " << get(v, "document") << "\n";
    os << "categories:";
    for (const auto& c : arr(v, "categories")) os << " " << get(c, "id");
    os << "\n";
    for (const auto& w : arr(v, "workflows")) {
      os << "workflow " << get(w, "id") << (get(w, "root") == "yes" ? " (root)" : "") << ": " << get(w, "title") << "\n";
      for (const auto& s : arr(w, "states")) {
        os << "  " << get(s, "id") << (get(s, "final") == "yes" ? " (final)" : "");
        std::string evs;
        if (const auto* on = s.as_object().if_contains("on"); on && on->is_object()) {
          for (const auto& kv : on->as_object()) evs += (evs.empty() ? "" : ", ") + std::string(kv.key());
        }
        if (!evs.empty()) os << "  on: " << evs;
        os << "\n";
      }
    }
  } else if (kind == "notices") {
    Table t({"ID", "STATUS", "SCHOOL", "CREATED", "TEMPLATE", "SUBJECT", "ATTEMPTS", "LAST ERROR"});
    for (const auto& n : arr(v, "notices")) {
      t.add({get(n, "id"), get(n, "status"), get(n, "school"), get(n, "created_at").substr(0, 10), get(n, "template"),
             get(n, "subject"), get(n, "attempts"), get(n, "last_error")});
    }
    os << t.str(width);
    if (!get(v, "next_before").empty()) os << "more: --before " << get(v, "next_before") << "\n";
  } else if (kind == "notice") {
    os << "notice " << get(v, "id") << " (" << get(v, "template") << ", school " << get(v, "school") << "): "
       << get(v, "status") << ", next attempt " << get(v, "next_attempt_at") << "\n";
  } else if (kind == "notice_detail") {
    os << "notice " << get(v, "id") << ": " << get(v, "status") << " (" << get(v, "template") << ", school "
       << (get(v, "school").empty() ? "-" : get(v, "school")) << ")\n";
    os << "  created " << get(v, "created_at");
    if (!get(v, "sent_at").empty()) os << ", sent " << get(v, "sent_at");
    if (get(v, "status") == "pending") os << ", next attempt " << get(v, "next_attempt_at");
    os << ", attempts " << get(v, "attempts") << "\n";
    if (!get(v, "last_error").empty()) os << "  last error: " << get(v, "last_error") << "\n";
    auto people = [&](std::string_view which) {
      std::string out;
      if (const auto* r = v.as_object().if_contains("recipients"); r && r->is_object()) {
        for (const auto& a : arr(*r, which)) {
          out += (out.empty() ? "" : ", ") + (get(a, "name").empty() ? get(a, "role") : get(a, "name")) + " <" + get(a, "email") + ">";
        }
      }
      return out;
    };
    if (!get(v, "recipients_error").empty()) {
      os << "  recipients: " << get(v, "recipients_error") << "\n";
    } else {
      os << "  to: " << people("to") << "\n";
      if (!people("cc").empty()) os << "  cc: " << people("cc") << "\n";
    }
    if (!get(v, "render_error").empty()) {
      os << "  letter: " << get(v, "render_error") << "\n";
    } else {
      os << "subject: " << get(v, "subject") << "\n\n" << get(v, "body");
      if (!get(v, "body").ends_with("\n")) os << "\n";
    }
  } else if (kind == "events") {
    os << get(v, "name") << " (" << get(v, "id") << ")\n" << forms_text(v);
    if (!arr(v, "event_forms").empty()) os << "record one with: sifctl event " << get(v, "id") << " TYPE field=value ...\n";
  } else if (kind == "preview") {
    os << "preview of " << get(v, "event") << " (nothing is recorded)\n";
    if (get(v, "category_from") != get(v, "category_to")) {
      os << "  category: " << (get(v, "category_from").empty() ? "none agreed" : get(v, "category_from")) << " -> "
         << (get(v, "category_to").empty() ? "none agreed" : get(v, "category_to")) << "\n";
    }
    for (const auto& c : arr(v, "states")) {
      const std::string from = get(c, "from_title").empty() ? get(c, "from") : get(c, "from_title");
      os << "  " << get(c, "workflow_title") << " [" << get(c, "instance") << "]: " << (from.empty() ? "(starts)" : from) << " -> "
         << (get(c, "to_title").empty() ? get(c, "to") : get(c, "to_title")) << "\n";
    }
    if (arr(v, "states").empty()) os << "  no state changes\n";
    for (const auto& t : arr(v, "deadlines_set")) {
      os << "  sets " << get(t, "title") << " (" << get(t, "kind") << ") due " << get(t, "due") << "\n";
    }
    for (const auto& t : arr(v, "deadlines_cancelled")) {
      os << "  cancels " << get(t, "title") << " (was due " << get(t, "due") << ")\n";
    }
    auto names = [](const json::array& list) {
      std::string out;
      for (const auto& x : list) out += (out.empty() ? "" : ", ") + (x.is_object() ? get(x, "email") : str(&x));
      return out;
    };
    for (const auto& n : arr(v, "notices")) {
      os << "  sends " << get(n, "template") << " to " << names(arr(n, "to"));
      if (!arr(n, "cc").empty()) os << "; cc " << names(arr(n, "cc"));
      if (!get(n, "subject").empty()) os << ": \"" << get(n, "subject") << "\"";
      os << "\n";
    }
  } else if (kind == "import") {
    os << arr(v, "registered").size() << " of " << get(v, "rows") << " row(s) registered (read as " << get(v, "encoding")
       << ")\n";
    for (const auto& i : arr(v, "issues")) os << "  line " << get(i, "line") << ", " << get(i, "column") << ": " << get(i, "message") << "\n";
  } else {
    pretty(os, v);
    os << "\n";
  }
  return os.str();
}


}  // namespace sif::daemon
