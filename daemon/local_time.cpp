#include "daemon/local_time.hpp"

#include <date/tz.h>

#include <string>

namespace sif::daemon {

namespace {

const date::time_zone* london() {
  // locate_zone loads the OS tz database once; static init is thread-safe.
  static const date::time_zone* tz = date::locate_zone("Europe/London");
  return tz;
}

}  // namespace

workflows::LocalTime to_london(std::chrono::system_clock::time_point t) {
  auto info = london()->get_info(std::chrono::time_point_cast<std::chrono::seconds>(t));
  auto local = date::local_seconds{std::chrono::time_point_cast<std::chrono::seconds>(t).time_since_epoch() +
                                   info.offset};
  auto day = date::floor<date::days>(local);
  workflows::LocalTime lt;
  lt.date = workflows::Date{day.time_since_epoch()};
  lt.minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  return lt;
}

std::chrono::system_clock::time_point london_to_utc(workflows::Date d, int minutes) {
  date::local_seconds local{d.time_since_epoch() + std::chrono::minutes(minutes)};
  auto info = london()->get_info(local);
  // unique: the one offset. ambiguous (autumn): first is the earlier, BST, reading.
  // nonexistent (spring gap): first is the offset in force before the change (GMT).
  const std::chrono::seconds offset = info.first.offset;
  date::sys_seconds utc{local.time_since_epoch() - offset};
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(utc);
}

std::int64_t london_to_unix(workflows::Date d, int minutes) {
  return std::chrono::duration_cast<std::chrono::seconds>(london_to_utc(d, minutes).time_since_epoch()).count();
}

}  // namespace sif::daemon
