#include "daemon/text_encoding.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace sif::daemon {

using workflows::Error;
using workflows::Result;

namespace {

// Windows-1252 byte -> Unicode code point, from the WHATWG index (index-windows-1252.txt):
// 0x80-0x9F as below, every other byte to the code point of the same value.
constexpr std::array<char16_t, 32> kHigh = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
};

constexpr std::array<char16_t, 256> make_table() {
  std::array<char16_t, 256> t{};
  for (int b = 0; b < 256; ++b) t[b] = static_cast<char16_t>(b);
  for (int b = 0; b < 32; ++b) t[0x80 + b] = kHigh[b];
  return t;
}
constexpr std::array<char16_t, 256> kWindows1252 = make_table();
static_assert(kWindows1252[0x92] == 0x2019 && kWindows1252[0xE7] == 0x00E7 && kWindows1252[0x41] == 'A');

void append_utf8(std::string& out, char16_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {  // the table holds nothing above U+FFFF
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

const char* to_string(TextEncoding e) {
  switch (e) {
    case TextEncoding::kAuto: return "auto";
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kWindows1252: return "windows-1252";
  }
  return "auto";
}

Result<TextEncoding> parse_text_encoding(std::string_view name) {
  const std::string n = lower(name);
  if (n == "auto") return TextEncoding::kAuto;
  if (n == "utf-8" || n == "utf8") return TextEncoding::kUtf8;
  if (n == "windows-1252" || n == "cp1252" || n == "iso-8859-1" || n == "latin1") return TextEncoding::kWindows1252;
  return Error::invalid("encoding '" + std::string(name) + "' is not one sif reads; use utf-8, windows-1252 or iso-8859-1 "
                        "(or leave it out to detect)",
                        "encoding: auto, utf-8, windows-1252, iso-8859-1");
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto cont = [&](std::size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  while (i < n) {
    // ASCII eight bytes at a time: most answers are all ASCII.
    for (std::uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
    }
    if (i >= n) break;
    const unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      // E0 needs A0-BF next (no overlongs); ED needs 80-9F (no surrogates).
      if (i + 1 >= n) return i;
      const unsigned char b1 = s[i + 1];
      if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F)) return i;
      len = 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      // F0 needs 90-BF next (no overlongs); F4 needs 80-8F (nothing above U+10FFFF).
      if (i + 1 >= n) return i;
      const unsigned char b1 = s[i + 1];
      if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F)) return i;
      len = 4;
    } else {
      return i;  // a continuation byte without a lead, C0/C1 (overlong), or F5-FF
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (!cont(i + k)) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) append_utf8(out, kWindows1252[static_cast<unsigned char>(c)]);
  return out;
}

Result<DecodedText> decode_text(std::string_view bytes, TextEncoding asked) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Error::invalid("the text is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 or Windows-1252",
                          "line 1");
  }
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom) {
    if (asked == TextEncoding::kWindows1252) {
      return Error::invalid("the text starts with a UTF-8 byte-order mark but encoding=windows-1252 was given; "
                            "leave encoding out or pass encoding=utf-8",
                            "line 1");
    }
    bytes.remove_prefix(kUtf8Bom.size());
  }
  if (asked == TextEncoding::kWindows1252) return DecodedText{windows1252_to_utf8(bytes), TextEncoding::kWindows1252};
  const std::size_t bad = find_invalid_utf8(bytes);
  if (bad == std::string_view::npos) return DecodedText{std::string(bytes), TextEncoding::kUtf8};
  if (asked == TextEncoding::kAuto && !bom) return DecodedText{windows1252_to_utf8(bytes), TextEncoding::kWindows1252};
  // Explicit UTF-8 (or a BOM, which says UTF-8): name where it stops being UTF-8.
  const std::string_view before = bytes.substr(0, bad);
  std::size_t line = 1;
  for (char c : before) line += c == '\n' ? 1 : 0;
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(bytes[bad])));
  const std::string where = "line " + std::to_string(line);
  const std::string what = where + " is not valid UTF-8: byte " + hex + " at byte " +
                           std::to_string(bad - line_start + 1) + " of the line";
  if (bom) {
    return Error::invalid(what + ", yet the text starts with a UTF-8 byte-order mark; save the file again as UTF-8, "
                                 "or without the mark to have its encoding detected",
                          where);
  }
  return Error::invalid(what + "; if the file is Windows-1252 or ISO-8859-1, as GIAS extracts are, pass "
                               "encoding=windows-1252 or leave encoding out to detect it",
                        where);
}

}  // namespace sif::daemon
