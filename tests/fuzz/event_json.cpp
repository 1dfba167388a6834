// fuzz_event_json: bytes -> boost::json parse -> storage::event_from_json (the event shape the
// API and the stored history use: type, data, actor, instance, timer) -> workflows::step on a
// school of a shipped framework, with its timers fired on the way as the engine fires them.
//
// Input: the first byte picks the framework (config/frameworks, by id) and the school's type;
// the rest is JSON: one event object, or an array of up to 16 items, each an event or
// {"advance_days": N} (1..400), which fires every timer due in those days. Events are recorded
// at 09:00 on the current day, which starts on Monday 7 September 2026.
//
// Oracles, beyond no crash, leak or undefined behaviour:
//   - an event, every state a step produces, its history entries and notices round-trip
//     through the JSON codec to the same text (what storage writes, it can read back);
//   - a refused event is an Error with a message; a transition's timers_set name instances of
//     the new state that hold them;
//   - a timer a shipped framework armed is applied when it fires (the engine would log it as
//     "could not be applied" and drop it).
#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "storage/json_codec.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace json = boost::json;
namespace wf = sif::workflows;
using sif::fuzz::fail;
using sif::fuzz::require;

// SIF_FUZZ_VERBOSE=1: print what each event and timer did (to see what a seed or crash does).
bool verbose() {
  static const bool v = std::getenv("SIF_FUZZ_VERBOSE") != nullptr;
  return v;
}

constexpr int kEventMinute = 9 * 60;
constexpr std::size_t kMaxItems = 16;
constexpr int kMaxFirings = 400;

struct Shipped {
  const wf::Framework* framework;
  wf::Calendar calendar;
};

const std::vector<Shipped>& frameworks() {
  static const std::vector<Shipped> all = [] {
    std::vector<Shipped> out;
    const auto& cfg = sif::fuzz::shipped_config();
    for (const auto& [id, versions] : cfg.frameworks) {
      const wf::Framework* f = cfg.latest(id);
      out.push_back({f, wf::Calendar(f->region, cfg.term_calendar(*f))});
    }
    if (out.empty()) fail("no shipped frameworks");
    return out;
  }();
  return all;
}

template <typename T, typename F>
void round_trip(const T& value, F decode, std::string_view what) {
  const std::string text = sif::storage::dump_json(sif::storage::to_json(value));
  auto parsed = sif::storage::parse_json(text);
  require(parsed.has_value(), "the codec wrote JSON it cannot parse", text);
  auto back = decode(*parsed);
  if (!back) fail(std::string(what) + " does not decode from its own JSON", text + "\n" + back.error().message);
  require(sif::storage::dump_json(sif::storage::to_json(*back)) == text,
          std::string(what) + " does not round-trip through JSON", text);
}

class Run {
 public:
  Run(const Shipped& s, std::string type) : fw_(*s.framework), ctx_{fw_, s.calendar, nullptr} {
    wf::School school;
    school.id = "9100001";
    school.name = "Fuzz Primary School";
    school.la = fw_.id;
    school.framework = fw_.id;
    school.region = fw_.region;
    school.facts = {{"type", std::move(type)}, {"phase", "primary"}};
    auto t = wf::start_school(ctx_, school, "", "fuzz", now_);
    if (!t) fail("a shipped framework refuses a new school", fw_.id + ": " + t.error().message);
    take(std::move(*t));
  }

  void item(const json::value& v) {
    if (v.is_object()) {
      if (const json::value* days = v.as_object().if_contains("advance_days")) {
        if (days->is_int64() && days->as_int64() >= 1 && days->as_int64() <= 400) {
          now_ = wf::LocalTime{now_.date + date::days(days->as_int64()), kEventMinute};
          fire_due();
        }
        return;
      }
    }
    auto e = sif::storage::event_from_json(v);
    if (!e) {
      require(!e.error().message.empty(), "event_from_json: an error without a message");
      return;
    }
    round_trip(*e, sif::storage::event_from_json, "an event");
    auto t = wf::step(ctx_, state_, *e, now_);
    if (verbose()) {
      std::fprintf(stderr, "%s %s: %s\n", wf::format_date(now_.date).c_str(), e->type.c_str(),
                   t ? "applied" : (t.error().message + " | " + t.error().details).c_str());
    }
    if (!t) {
      require(!t.error().message.empty(), "step refused an event without saying why", e->type);
      return;
    }
    take(std::move(*t));
    fire_due();  // what the step armed already due (a late reminder) fires now, as sifd would
  }

 private:
  // As Engine::fire_due: each timer at its own fire instant, in next_timer() order.
  void fire_due() {
    const int minutes = fw_.fire_minutes();
    for (;;) {
      auto due = wf::next_timer(state_, minutes);
      if (!due || firings_ >= kMaxFirings) return;
      const wf::LocalTime at = wf::fire_local(*due->timer, minutes);
      if (at > now_) return;
      const wf::PendingTimer timer = *due->timer;
      auto t = wf::step(ctx_, state_, wf::timer_event(due->instance, timer), at);
      if (!t) {
        fail("a timer a shipped framework armed was refused when it fired",
             fw_.id + " " + due->instance + "/" + timer.id + " due " + wf::format_date(timer.due) + ": " +
                 t.error().message + " | " + t.error().details);
      }
      ++firings_;
      if (verbose()) {
        std::fprintf(stderr, "%s fired %s/%s\n", wf::format_date(at.date).c_str(), due->instance.c_str(),
                     timer.id.c_str());
      }
      take(std::move(*t));
    }
  }

  void take(wf::Transition t) {
    round_trip(t.next, sif::storage::school_state_from_json, "a school's state");
    for (const auto& h : t.history) round_trip(h, sif::storage::history_entry_from_json, "a history entry");
    for (const auto& n : t.notices) round_trip(n, sif::storage::notice_from_json, "a notice");
    for (const auto& set : t.timers_set) {
      const wf::Instance* inst = t.next.find(set.instance);
      require(inst != nullptr, "a timer set for an instance the state does not have", set.instance + "/" + set.id);
      require(std::any_of(inst->timers.begin(), inst->timers.end(),
                          [&](const wf::PendingTimer& p) { return p.id == set.id; }),
              "a timer set that its instance does not hold", set.instance + "/" + set.id);
    }
    state_ = std::move(t.next);
  }

  const wf::Framework& fw_;
  wf::StepContext ctx_;
  wf::SchoolState state_;
  wf::LocalTime now_{wf::make_date(2026, 9, 7), kEventMinute};
  int firings_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)frameworks();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {"community", "voluntary_aided", "academy_sponsor_led", "foundation"};
  const auto& all = frameworks();
  const Shipped& shipped = all[data[0] % all.size()];
  const char* type = kTypes[(data[0] / all.size()) % 4];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return 0;
  Run run(shipped, type);
  if (doc.is_array()) {
    std::size_t n = 0;
    for (const auto& item : doc.as_array()) {
      if (++n > kMaxItems) break;
      run.item(item);
    }
  } else {
    run.item(doc);
  }
  return 0;
}
