#include "daemon/readiness.hpp"

#include <boost/json/array.hpp>

namespace sif::daemon {

namespace json = boost::json;

Readiness run_readiness(const std::vector<ReadinessCheck>& checks) {
  Readiness out;
  json::object results;
  json::array failed;
  for (const auto& c : checks) {
    workflows::Status st = workflows::Error::io("no check configured");
    try {
      if (c.run) st = c.run();
    } catch (const std::exception& e) {
      st = workflows::Error::io(std::string("the check failed: ") + e.what());
    }
    json::object r{{"ok", bool(st)}};
    if (!st) {
      r["message"] = st.error().message;
      failed.push_back(json::string(c.name));
      out.ready = false;
    }
    results[c.name] = std::move(r);
  }
  out.body["ready"] = out.ready;
  if (!out.ready) out.body["failed"] = std::move(failed);
  out.body["checks"] = std::move(results);
  return out;
}

}  // namespace sif::daemon
