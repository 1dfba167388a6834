#include "daemon/sifctl_remote.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "daemon/sifctl_tables.hpp"

namespace sif::daemon {

namespace json = boost::json;
using sifctl::get;
using sifctl::pretty;
using sifctl::str;

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
    out << render_table(kind, res->body, o.wide);
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
  std::string search, state, sort, limit, offset, before, template_id, school_filter;
  std::string name, region, school_type, phase, religious_character, role, email, address;
  std::vector<std::string> kvs, contacts;
  bool ics = false, mermaid = false, valid_only = false, overdue = false, mine = false, remove = false;
};

// The global options (--url, --token, --json, --wide) live on the top-level app; every
// subcommand lets what it does not know fall through to it, so they go before or after.
CLI::App* remote_sub(CLI::App& parent, const std::string& name, const std::string& desc, Remote&) {
  CLI::App* sub = parent.add_subcommand(name, desc);
  sub->fallthrough();
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

ClientRequest put_req(std::string target, std::string body) {
  ClientRequest q = post_req(std::move(target), std::move(body));
  q.method = "PUT";
  return q;
}
ClientRequest delete_req(std::string target) {
  ClientRequest q = get_req(std::move(target));
  q.method = "DELETE";
  return q;
}

// The POST /v1/schools body of `sifctl school add`.
workflows::Result<std::string> school_body(const Remote& r) {
  json::object body{{"id", r.id}, {"name", r.name}, {"la", r.la}, {"framework", r.framework}};
  for (auto [field, value] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"category", &r.category}, {"region", &r.region}, {"type", &r.school_type}, {"phase", &r.phase},
           {"religious_character", &r.religious_character}, {"idempotency_key", &r.key}}) {
    if (!value->empty()) body[field] = *value;
  }
  json::object contacts;
  for (const auto& c : r.contacts) {
    auto eq = c.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
      return workflows::Error::invalid("--contact '" + c + "' is not ROLE=EMAIL or ROLE=NAME <EMAIL>", "contact");
    }
    std::string role = c.substr(0, eq), rest = c.substr(eq + 1), name, email = rest;
    if (auto lt = rest.find('<'); lt != std::string::npos && rest.back() == '>') {
      name = rest.substr(0, lt);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      email = rest.substr(lt + 1, rest.size() - lt - 2);
    }
    contacts[role] = json::object{{"name", name}, {"email", email}};
  }
  if (!contacts.empty()) body["contacts"] = std::move(contacts);
  return json::serialize(body);
}

}  // namespace

void add_remote_commands(CLI::App& app, int* exit_code) {
  auto r = std::make_shared<Remote>();
  r->exit_code = exit_code;
  Remote& R = *r;
  // CLI11 keeps the callbacks; they keep the shared state alive.
  app.fallthrough();
  app.add_option("--url", R.opts.url, "sifd's address")->envname("SIF_URL")->capture_default_str();
  app.add_option("--token", R.opts.token, "API bearer token")->envname("SIF_TOKEN");
  app.add_flag("--json", R.opts.json, "print the server's JSON instead of a table");
  app.add_flag("--wide", R.opts.wide, "show every table cell whole (tables fit 100 columns otherwise)");
  app.footer(
      "Global options (--url, --token, --json, --wide) go before or after the command.\n"
      "Environment:\n"
      "  SIF_URL    sifd's address when --url is not given (default http://127.0.0.1:8080)\n"
      "  SIF_TOKEN  the bearer token when --token is not given\n"
      "Exit status: 0 ok, 1 the server said no, 2 bad usage, 3 cannot connect.");

  auto* schools = remote_sub(app, "schools", "list schools, 100 at a time (sifctl schools --help: filters, --sort, --offset)", R);
  schools->add_option("--search,-q", R.search, "part of the name or URN (any case)");
  schools->add_option("--framework", R.framework);
  schools->add_option("--category", R.category, "a category id, or none (no category agreed)");
  schools->add_option("--la", R.la, "local authority name");
  schools->add_option("--state", R.state, "schools with an active workflow in this state id");
  schools->add_flag("--overdue", R.overdue, "only schools with an overdue deadline");
  schools->add_flag("--mine", R.mine, "only schools with a contact whose email is the token's");
  schools->add_option("--sort", R.sort, "id, name, la, category or next_deadline (-name: descending)");
  schools->add_option("--limit", R.limit, "rows per page (default 100, at most 1000)");
  schools->add_option("--offset", R.offset, "rows to skip");
  schools->callback([r] {
    run(*r, get_req("/v1/schools" + query({{"q", r->search}, {"framework", r->framework}, {"category", r->category},
                                           {"la", r->la}, {"state", r->state}, {"overdue", r->overdue ? "true" : ""},
                                           {"mine", r->mine ? "true" : ""}, {"sort", r->sort}, {"limit", r->limit},
                                           {"offset", r->offset}})),
        "schools");
  });

  auto* school = remote_sub(app, "school", "register a school: sifctl school add ID --name ... --la ... --framework ...", R);
  school->require_subcommand(1);
  auto* add = remote_sub(*school, "add", "register one school (the admin role)", R);
  add->add_option("id", R.id, "the URN")->required();
  add->add_option("--name", R.name, "the school's name")->required();
  add->add_option("--la", R.la, "local authority name")->required();
  add->add_option("--framework", R.framework, "framework id (sifctl frameworks lists them)")->required();
  add->add_option("--category", R.category, "a category already agreed (default: none)");
  add->add_option("--region", R.region, "england-and-wales, scotland or northern-ireland (default: the framework's)");
  add->add_option("--type", R.school_type, "GIAS type, e.g. community, voluntary_aided, academy_converter");
  add->add_option("--phase", R.phase, "e.g. primary, secondary");
  add->add_option("--religious-character", R.religious_character,
                  "GIAS ReligiousCharacter, e.g. \"Church of England\", \"Does not apply\" (routes a warning "
                  "notice's copy to the religious body)");
  add->add_option("--contact", R.contacts, "ROLE=EMAIL or ROLE=NAME <EMAIL> (repeatable), e.g. headteacher=head@school.org");
  add->add_option("--key", R.key, "idempotency key: the same key twice registers once");
  add->callback([r] {
    auto body = school_body(*r);
    if (!body) {
      std::cerr << "sifctl: " << body.error().message << "\n";
      *r->exit_code = kExitUsage;
      return;
    }
    run(*r, post_req("/v1/schools", *body), "event");
  });

  auto* contact = remote_sub(*school, "contact",
                             "set or remove a registered school's contact for a role (the admin role): "
                             "sifctl school contact ID ROLE --name ... --email ...",
                             R);
  contact->add_option("id", R.id, "the URN")->required();
  contact->add_option("role", R.role, "a role of the school's framework, e.g. headteacher, review_team_chair")->required();
  contact->add_option("--name", R.name, "the contact's name");
  contact->add_option("--email", R.email, "where notices to the role are sent");
  contact->add_option("--address", R.address, "postal address for letters");
  contact->add_option("--actor", R.actor, "who made the change (default: the token's name)");
  contact->add_flag("--remove", R.remove, "remove the school's contact for the role (notices fall back to the default)");
  contact->callback([r] {
    const std::string target = "/v1/schools/" + url_encode(r->id) + "/contacts/" + url_encode(r->role);
    const bool fields = !r->name.empty() || !r->email.empty() || !r->address.empty();
    if (r->remove == fields) {
      std::cerr << "sifctl: give --name, --email or --address to set the contact, or --remove alone to remove it\n";
      *r->exit_code = kExitUsage;
      return;
    }
    if (r->remove) {
      ClientRequest q = delete_req(target);
      if (!r->actor.empty()) q.target += query({{"actor", r->actor}});
      return run(*r, q, "contact");
    }
    json::object body{{"name", r->name}, {"email", r->email}, {"address", r->address}};
    if (!r->actor.empty()) body["actor"] = r->actor;
    run(*r, put_req(target, json::serialize(body)), "contact");
  });

  auto* show = remote_sub(app, "show", "one school: workflows, pending deadlines and why, allowed events", R);
  show->add_option("id", R.id, "school id (URN)")->required();
  show->callback([r] { run(*r, get_req("/v1/schools/" + url_encode(r->id)), "school"); });

  auto* events = remote_sub(app, "events", "the events a school takes now, each with the fields it needs", R);
  events->add_option("id", R.id, "school id (URN)")->required();
  events->callback([r] { run(*r, get_req("/v1/schools/" + url_encode(r->id)), "events"); });

  auto* preview = remote_sub(app, "preview", "what an event would do, without recording it: sifctl preview ID TYPE k=v ...", R);
  preview->add_option("id", R.id, "school id (URN)")->required();
  preview->add_option("type", R.type, "event type, e.g. review.held")->required();
  preview->add_option("data", R.kvs, "event data as key=value words");
  preview->callback([r] {
    std::vector<std::pair<std::string, std::string>> q{{"event", r->type}};
    for (const auto& kv : r->kvs) {
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "sifctl: '" << kv << "' is not key=value (e.g. date=2026-09-07)\n";
        *r->exit_code = kExitUsage;
        return;
      }
      q.emplace_back("data." + kv.substr(0, eq), kv.substr(eq + 1));
    }
    run(*r, get_req("/v1/schools/" + url_encode(r->id) + "/preview" + query(q)), "preview");
  });

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
  deadlines->add_flag("--overdue", R.overdue, "only the overdue deadlines, oldest first");
  deadlines->callback([r] {
    std::string q = query({{"from", r->from}, {"to", r->to}, {"overdue", r->overdue && !r->ics ? "only" : ""}});
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

  auto* notices = remote_sub(app, "notices", "the notice outbox, newest first; notices show ID for one letter", R);
  notices->add_option("--status", R.status, "pending, sent or dead");
  notices->add_option("--school", R.school_filter, "only this school's notices (URN)");
  notices->add_option("--template", R.template_id, "only notices of this template");
  notices->add_option("--limit", R.limit, "rows (default 200)");
  notices->add_option("--before", R.before, "only notices with a lower id (the next page)");
  auto* nshow = remote_sub(*notices, "show", "one notice: times, recipients and the letter", R);
  nshow->add_option("id", R.id, "notice id (the ID column of `sifctl notices`)")->required();
  nshow->callback([r] { run(*r, get_req("/v1/notices/" + url_encode(r->id)), "notice_detail"); });
  auto* retry = remote_sub(*notices, "retry", "send a dead (or pending) notice again now, attempts reset", R);
  retry->add_option("id", R.id, "notice id (the ID column of `sifctl notices`)")->required();
  retry->callback([r] { run(*r, post_req("/v1/notices/" + url_encode(r->id) + "/retry", "{}"), "notice"); });
  notices->callback([r, notices] {
    if (notices->got_subcommand("retry") || notices->got_subcommand("show")) return;  // CLI11 runs the parent's callback too
    run(*r, get_req("/v1/notices" + query({{"status", r->status}, {"school", r->school_filter}, {"template", r->template_id},
                                            {"limit", r->limit}, {"before", r->before}})),
        "notices");
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
