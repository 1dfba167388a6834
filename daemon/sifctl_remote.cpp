#include "daemon/sifctl_remote.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "daemon/api_common.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

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

// Column-aligned text; the last column is not padded.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string str() const {
    std::vector<size_t> w;
    for (const auto& r : rows_) {
      for (size_t i = 0; i < r.size(); ++i) {
        if (w.size() <= i) w.push_back(0);
        w[i] = std::max(w[i], utf8_len(r[i]));
      }
    }
    std::string out;
    for (const auto& r : rows_) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i) {
        line += r[i];
        if (i + 1 < r.size()) line += std::string(w[i] - utf8_len(r[i]) + 2, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  static size_t utf8_len(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  std::vector<std::vector<std::string>> rows_;
};

void pretty(std::ostream& os, const json::value& v, std::string indent = "") {
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

}  // namespace

std::string render_table(const std::string& kind, const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return body;
  std::ostringstream os;
  if (kind == "schools") {
    Table t({"ID", "NAME", "LA", "FRAMEWORK", "CATEGORY", "ACTIVE", "NEXT DEADLINE"});
    for (const auto& s : arr(v, "schools")) {
      std::string active;
      for (const auto& a : arr(s, "active_workflows")) active += (active.empty() ? "" : ", ") + get(a, "workflow") + ":" + get(a, "state");
      std::string next;
      if (const auto* n = s.as_object().if_contains("next_deadline"); n && n->is_object()) {
        next = get(*n, "due") + " " + (get(*n, "title").empty() ? get(*n, "timer") : get(*n, "title"));
      }
      t.add({get(s, "id"), get(s, "name"), get(s, "la"), get(s, "framework"), get(s, "category"), active, next});
    }
    os << t.str() << arr(v, "schools").size() << " school(s)\n";
  } else if (kind == "school") {
    os << get(v, "name") << " (" << get(v, "id") << ")\n";
    os << "  authority: " << get(v, "la") << "   framework: " << get(v, "framework") << "   region: " << get(v, "region") << "\n";
    os << "  category:  " << (get(v, "category").empty() ? "-" : get(v, "category")) << "\n";
    os << "workflows:\n";
    for (const auto& i : arr(v, "instances")) {
      bool fin = get(i, "final") == "yes";
      os << "  " << get(i, "id") << "  " << get(i, "workflow") << ": " << get(i, "state") << "  since " << get(i, "entered")
         << (fin ? "  (finished)" : "") << "\n";
      if (!fin) os << timers_lines(i);
    }
    std::string allowed;
    for (const auto& a : arr(v, "allowed_events")) allowed += (allowed.empty() ? "" : ", ") + str(&a);
    os << "allowed events: " << (allowed.empty() ? "-" : allowed) << "\n";
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
    os << t.str();
  } else if (kind == "deadlines") {
    Table t({"DUE", "SCHOOL", "NAME", "KIND", "DEADLINE", "WORKFLOW"});
    for (const auto& d : arr(v, "deadlines")) {
      const std::string kind = get(d, "kind") == "deadline" && !get(d, "meaning").empty() ? get(d, "meaning") : get(d, "kind");
      t.add({get(d, "due"), get(d, "school"), get(d, "school_name"), kind,
             get(d, "title").empty() ? get(d, "timer") : get(d, "title"), get(d, "workflow") + ":" + get(d, "state")});
    }
    os << t.str() << arr(v, "deadlines").size() << " deadline(s) from " << get(v, "from") << " to " << get(v, "to") << "\n";
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
    os << t.str();
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
    Table t({"ID", "STATUS", "SCHOOL", "TEMPLATE", "TO", "ATTEMPTS", "LAST ERROR"});
    for (const auto& n : arr(v, "notices")) {
      std::string to;
      for (const auto& x : arr(n, "to")) to += (to.empty() ? "" : ",") + str(&x);
      t.add({get(n, "id"), get(n, "status"), get(n, "school"), get(n, "template"), to, get(n, "attempts"), get(n, "last_error")});
    }
    os << t.str();
  } else if (kind == "notice") {
    os << "notice " << get(v, "id") << " (" << get(v, "template") << ", school " << get(v, "school") << "): "
       << get(v, "status") << ", next attempt " << get(v, "next_attempt_at") << "\n";
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

int remote_call(const RemoteOptions& o, const ClientRequest& req_in, std::ostream& out, std::ostream& err,
                const std::string& kind) {
  auto url = parse_http_url(o.url);
  if (!url) {
    err << "sifctl: " << url.error().message << "\n";
    return kExitUsage;
  }
  ClientRequest req = req_in;
  req.token = o.token;
  auto res = http_call(*url, req);
  if (!res) {
    err << "sifctl: " << res.error().message << " (is sifd running? set --url or SIF_URL)\n";
    return kExitNoConnection;
  }
  if (res->status >= 400) {
    boost::system::error_code ec;
    json::value v = json::parse(res->body, ec);
    if (o.json) {
      out << res->body;
    }
    if (!ec && v.is_object() && v.as_object().if_contains("error")) {
      const auto& e = v.at("error");
      err << "sifctl: " << res->status << " " << get(e, "code") << ": " << get(e, "message") << "\n";
      if (const auto* d = e.as_object().if_contains("details"); d && d->is_object() && !d->as_object().empty()) {
        for (const auto& kv : d->as_object()) {
          if (kv.value().is_array()) {
            err << "  " << std::string(kv.key()) << ":\n";
            for (const auto& x : kv.value().as_array()) {
              if (x.is_object()) {
                err << "    line " << get(x, "line") << ", " << get(x, "column") << ": " << get(x, "message") << "\n";
              } else {
                err << "    " << str(&x) << "\n";
              }
            }
          } else {
            err << "  " << std::string(kv.key()) << ": " << str(&kv.value()) << "\n";
          }
        }
      }
    } else {
      err << "sifctl: HTTP " << res->status << ": " << res->body << "\n";
    }
    if (res->status == 401) err << "  (set --token or SIF_TOKEN)\n";
    return kExitRefused;
  }
  if (o.json || kind.empty()) {
    boost::system::error_code ec;
    json::value v = json::parse(res->body, ec);
    if (ec || kind.empty()) {
      out << res->body;
    } else {
      pretty(out, v);
      out << "\n";
    }
  } else {
    out << render_table(kind, res->body);
  }
  if (kind == "audit") {
    boost::system::error_code ec;
    json::value v = json::parse(res->body, ec);
    if (!ec && get(v, "ok") != "yes") return kExitRefused;
  }
  return kExitOk;
}

workflows::Result<std::string> event_body(const std::string& type, const std::vector<std::string>& kvs,
                                          const std::string& actor, const std::string& key) {
  json::object data;
  for (const auto& kv : kvs) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return workflows::Error::invalid("'" + kv + "' is not key=value (e.g. date=2026-09-07)", kv);
    }
    data[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  json::object body;
  body["type"] = type;
  body["data"] = std::move(data);
  if (!actor.empty()) body["actor"] = actor;
  if (!key.empty()) body["idempotency_key"] = key;
  return json::serialize(body);
}

namespace {

std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string query(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string q;
  for (const auto& [k, v] : kv) {
    if (v.empty()) continue;
    q += (q.empty() ? "?" : "&") + k + "=" + url_encode(v);
  }
  return q;
}

// State shared by all remote commands (CLI11 callbacks run after parsing).
struct Remote {
  RemoteOptions opts;
  int* exit_code = nullptr;
  std::string id, type, from, to, status, framework, category, la, actor, key, file, amount, instant, encoding;
  std::vector<std::string> kvs;
  bool ics = false, mermaid = false, valid_only = false;
};

CLI::App* remote_sub(CLI::App& parent, const std::string& name, const std::string& desc, Remote& r) {
  CLI::App* sub = parent.add_subcommand(name, desc);
  sub->add_option("--url", r.opts.url, "sifd's address (env SIF_URL)")->envname("SIF_URL")->capture_default_str();
  sub->add_option("--token", r.opts.token, "API bearer token (env SIF_TOKEN)")->envname("SIF_TOKEN");
  sub->add_flag("--json", r.opts.json, "print the server's JSON");
  return sub;
}

void run(Remote& r, ClientRequest req, const std::string& kind) {
  *r.exit_code = remote_call(r.opts, req, std::cout, std::cerr, kind);
}

ClientRequest get_req(std::string target) {
  ClientRequest q;
  q.target = std::move(target);
  return q;
}
ClientRequest post_req(std::string target, std::string body) {
  ClientRequest q;
  q.method = "POST";
  q.target = std::move(target);
  q.body = std::move(body);
  return q;
}

}  // namespace

void add_remote_commands(CLI::App& app, int* exit_code) {
  auto r = std::make_shared<Remote>();
  r->exit_code = exit_code;
  Remote& R = *r;
  // CLI11 keeps the callbacks; they keep the shared state alive.
  auto* schools = remote_sub(app, "schools", "list schools (filters: --framework --category --la)", R);
  schools->add_option("--framework", R.framework);
  schools->add_option("--category", R.category);
  schools->add_option("--la", R.la, "local authority name");
  schools->callback([r] {
    run(*r, get_req("/v1/schools" + query({{"framework", r->framework}, {"category", r->category}, {"la", r->la}})), "schools");
  });

  auto* show = remote_sub(app, "show", "one school: workflows, pending deadlines and why, allowed events", R);
  show->add_option("id", R.id, "school id (URN)")->required();
  show->callback([r] { run(*r, get_req("/v1/schools/" + url_encode(r->id)), "school"); });

  auto* event = remote_sub(app, "event", "record an event: sifctl event ID TYPE k=v ...", R);
  event->add_option("id", R.id, "school id (URN)")->required();
  event->add_option("type", R.type, "event type, e.g. review.held")->required();
  event->add_option("data", R.kvs, "event data as key=value words");
  event->add_option("--actor", R.actor, "who recorded it (default: the token's name)");
  event->add_option("--key", R.key, "idempotency key: the same key twice is applied once");
  event->callback([r] {
    auto body = event_body(r->type, r->kvs, r->actor, r->key);
    if (!body) {
      std::cerr << "sifctl: " << body.error().message << "\n";
      *r->exit_code = kExitUsage;
      return;
    }
    run(*r, post_req("/v1/schools/" + url_encode(r->id) + "/events", *body), "event");
  });

  auto* history = remote_sub(app, "history", "a school's audit trail, oldest first", R);
  history->add_option("id", R.id, "school id (URN)")->required();
  history->callback([r] { run(*r, get_req("/v1/schools/" + url_encode(r->id) + "/history"), "history"); });

  auto* deadlines = remote_sub(app, "deadlines", "upcoming deadlines across schools", R);
  deadlines->add_option("--from", R.from, "first date (default today)");
  deadlines->add_option("--to", R.to, "last date (default 90 days on)");
  deadlines->add_flag("--ics", R.ics, "print the iCalendar feed");
  deadlines->callback([r] {
    std::string q = query({{"from", r->from}, {"to", r->to}});
    if (r->ics) {
      run(*r, get_req("/v1/deadlines.ics" + q), "");
    } else {
      run(*r, get_req("/v1/deadlines" + q), "deadlines");
    }
  });

  auto* clock = remote_sub(app, "clock", "show or move the daemon's manual clock", R);
  clock->require_subcommand(1);
  auto* cshow = remote_sub(*clock, "show", "the daemon's clock", R);
  cshow->callback([r] { run(*r, get_req("/v1/clock"), "clock"); });
  auto* cadv = remote_sub(*clock, "advance", "move the manual clock forward (30d, 12h, 2w), firing timers on the way", R);
  cadv->add_option("amount", R.amount, "e.g. 30d")->required();
  cadv->callback([r] {
    json::object b{{"advance", r->amount}};
    run(*r, post_req("/v1/clock", json::serialize(b)), "clock");
  });
  auto* cset = remote_sub(*clock, "set", "move the manual clock to an instant", R);
  cset->add_option("instant", R.instant, "e.g. 2026-12-01T08:00:00Z")->required();
  cset->callback([r] {
    json::object b{{"to", r->instant}};
    run(*r, post_req("/v1/clock", json::serialize(b)), "clock");
  });

  auto* audit = remote_sub(app, "audit", "audit trail checks", R);
  audit->require_subcommand(1);
  auto* verify = remote_sub(*audit, "verify", "recompute every school's hash chain (exit 1 if broken)", R);
  verify->callback([r] { run(*r, post_req("/v1/audit/verify", "{}"), "audit"); });

  auto* fws = remote_sub(app, "frameworks", "loaded frameworks, or one with its states (--mermaid: diagrams)", R);
  fws->add_option("id", R.id, "framework id");
  fws->add_flag("--mermaid", R.mermaid, "print Mermaid stateDiagram-v2 diagrams");
  fws->callback([r] {
    if (r->id.empty()) return run(*r, get_req("/v1/frameworks"), "frameworks");
    if (r->mermaid) return run(*r, get_req("/v1/frameworks/" + url_encode(r->id) + "?format=mermaid"), "");
    run(*r, get_req("/v1/frameworks/" + url_encode(r->id)), "framework");
  });

  auto* notices = remote_sub(app, "notices", "the notice outbox", R);
  notices->add_option("--status", R.status, "pending, sent or dead");
  auto* retry = remote_sub(*notices, "retry", "send a dead (or pending) notice again now, attempts reset", R);
  retry->add_option("id", R.id, "notice id (the ID column of `sifctl notices`)")->required();
  retry->callback([r] { run(*r, post_req("/v1/notices/" + url_encode(r->id) + "/retry", "{}"), "notice"); });
  notices->callback([r, notices] {
    if (notices->got_subcommand("retry")) return;  // CLI11 runs the parent's callback too
    run(*r, get_req("/v1/notices" + query({{"status", r->status}})), "notices");
  });

  auto* import = remote_sub(app, "import", "register schools from a GIAS-style CSV", R);
  import->add_option("file", R.file, "CSV file")->required();
  import->add_option("--framework", R.framework, "framework for every row (default: by authority, la_frameworks)");
  import->add_flag("--valid-only", R.valid_only, "register the valid rows even if others are bad");
  import->add_option("--encoding", R.encoding, "the file's encoding: utf-8, windows-1252 or iso-8859-1 (default: detected)");
  import->callback([r] {
    std::ifstream in(r->file, std::ios::binary);
    if (!in) {
      std::cerr << "sifctl: cannot read " << r->file << "\n";
      *r->exit_code = kExitUsage;
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    ClientRequest q = post_req("/v1/schools/import" + query({{"framework", r->framework},
                                                                 {"mode", r->valid_only ? "valid-only" : ""},
                                                                 {"encoding", r->encoding}}),
                               ss.str());
    q.content_type = "text/csv";
    run(*r, q, "import");
  });

  auto* reload = remote_sub(app, "reload", "reload definitions in the running daemon", R);
  reload->callback([r] { run(*r, post_req("/v1/reload", "{}"), "reload"); });
}

}  // namespace sif::daemon
