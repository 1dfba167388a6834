#include "daemon/ics.hpp"

#include <date/date.h>

namespace sif::daemon {

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  std::string out;
  size_t limit = 75;  // octets on the first line; continuation lines hold a space + 74
  size_t used = 0;
  size_t i = 0;
  while (i < line.size()) {
    // Length of the UTF-8 sequence starting here (continuation bytes are 10xxxxxx).
    size_t len = 1;
    while (i + len < line.size() && (static_cast<unsigned char>(line[i + len]) & 0xC0) == 0x80) ++len;
    if (used + len > limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  out += "\r\n";
  return out;
}

namespace {

std::string basic_date(workflows::Date d) {
  return date::format("%Y%m%d", d);
}

}  // namespace

std::string deadline_uid(std::string_view school, std::string_view instance, std::string_view timer) {
  static const char* kHex = "0123456789ABCDEF";
  std::string uid;
  auto add = [&](std::string_view part) {
    for (unsigned char c : part) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') {
        uid.push_back(static_cast<char>(c));
      } else {
        uid.push_back('%');
        uid.push_back(kHex[c >> 4]);
        uid.push_back(kHex[c & 0xf]);
      }
    }
  };
  add(school);
  uid.push_back('-');
  add(instance);
  uid.push_back('-');
  add(timer);
  return uid + "@sif";
}

std::string deadline_summary(bool reminder, std::string_view title, std::string_view timer,
                             std::string_view school_name) {
  constexpr std::string_view kReminder = "Reminder: ";
  std::string what(title.empty() ? timer : title);
  if (reminder && !what.starts_with(kReminder)) what = std::string(kReminder) + what;
  return what + " — " + std::string(school_name);
}

std::string render_ics(const std::vector<IcsEvent>& events, std::chrono::sys_seconds stamp,
                       std::string_view calendar_name) {
  std::string stamp_text = date::format("%Y%m%dT%H%M%SZ", stamp);
  std::string out;
  out += ics_fold("BEGIN:VCALENDAR");
  out += ics_fold("VERSION:2.0");
  out += ics_fold("PRODID:-//sif//school improvement deadlines//EN");
  out += ics_fold("CALSCALE:GREGORIAN");
  out += ics_fold("METHOD:PUBLISH");
  out += ics_fold("X-WR-CALNAME:" + ics_escape(calendar_name));
  for (const auto& e : events) {
    out += ics_fold("BEGIN:VEVENT");
    out += ics_fold("UID:" + e.uid);
    out += ics_fold("DTSTAMP:" + stamp_text);
    out += ics_fold("DTSTART;VALUE=DATE:" + basic_date(e.date));
    out += ics_fold("DTEND;VALUE=DATE:" + basic_date(e.date + date::days{1}));
    out += ics_fold("SUMMARY:" + ics_escape(e.summary));
    if (!e.description.empty()) out += ics_fold("DESCRIPTION:" + ics_escape(e.description));
    out += ics_fold("TRANSP:TRANSPARENT");
    out += ics_fold("END:VEVENT");
  }
  out += ics_fold("END:VCALENDAR");
  return out;
}

}  // namespace sif::daemon
