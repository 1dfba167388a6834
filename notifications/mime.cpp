#include "notifications/mime.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <functional>

namespace sif::notifications {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string one_line(std::string_view v) {
  std::string s(v);
  for (char& c : s) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return s;
}

// Length of the UTF-8 sequence that starts with byte c (1 for continuation or invalid bytes,
// so a malformed string is still cut somewhere).
std::size_t utf8_len(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

std::string to_lf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string boundary_for(const std::string& id) {
  const auto h = std::hash<std::string>{}(id);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return "=_sif_" + std::string(buf);
}

void header(std::string& out, std::string_view name, std::string_view value, std::string_view eol) {
  out.append(name).append(": ").append(value).append(eol);
}

std::string address_list(const std::vector<Address>& list, std::string_view eol) {
  std::string s;
  for (const auto& a : list) {
    if (!s.empty()) s.append(",").append(eol).append(" ");  // one address per folded line
    s += format_address(a);
  }
  return s;
}

}  // namespace

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                      (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string encode_header_words(std::string_view value) {
  std::string v = one_line(value);
  if (is_ascii(v)) return v;
  // Each encoded-word is at most 75 characters: "=?UTF-8?B?" + base64 + "?=" leaves 63 for the
  // base64, i.e. 45 bytes of text; words never split a UTF-8 sequence (RFC 2047 section 5).
  constexpr std::size_t kMaxBytes = 45;
  std::string out;
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t end = i;
    while (end < v.size()) {
      std::size_t len = utf8_len(static_cast<unsigned char>(v[end]));
      if (end + len - i > kMaxBytes) break;
      end += std::min(len, v.size() - end);
    }
    if (end == i) end = std::min(v.size(), i + kMaxBytes);
    if (!out.empty()) out += "\r\n ";  // folded; replaced by the caller's eol below
    out += "=?UTF-8?B?" + base64(std::string_view(v).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string format_address(const Address& a) {
  const std::string email = one_line(a.email);
  if (a.name.empty()) return "<" + email + ">";
  const std::string name = one_line(a.name);
  if (!is_ascii(name)) return encode_header_words(name) + " <" + email + ">";
  static constexpr std::string_view kSpecials = "()<>[]:;@\\,.\"";
  if (name.find_first_of(kSpecials) == std::string::npos) return name + " <" + email + ">";
  std::string q = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\" <" + email + ">";
}

std::string quoted_printable(std::string_view text, std::string_view eol) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::string lf = to_lf(text);
  std::string out;
  std::size_t col = 0;
  auto emit = [&](std::string_view piece) {
    if (col + piece.size() > 75) {  // soft line break keeps lines within 76 characters
      out.append("=").append(eol);
      col = 0;
    }
    out.append(piece);
    col += piece.size();
  };
  for (std::size_t i = 0; i < lf.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(lf[i]);
    if (c == '\n') {
      out.append(eol);
      col = 0;
      continue;
    }
    const bool at_eol = i + 1 == lf.size() || lf[i + 1] == '\n';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_eol);
    // A leading '.' is encoded too, so no line can read as SMTP's end of data.
    if (literal && !(c == '.' && col == 0)) {
      emit(std::string_view(lf).substr(i, 1));
    } else {
      const char enc[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      emit(std::string_view(enc, 3));
    }
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", date::floor<std::chrono::seconds>(t));
}

std::string format_rfc5322(const Message& m, const Address& from, std::string_view eol) {
  std::string out;
  auto fold = [&](std::string s) {  // encode_header_words folds with CRLF; use our eol
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 2, "\r\n") == 0) {
        r.append(eol);
        ++i;
      } else {
        r += s[i];
      }
    }
    return r;
  };
  header(out, "From", fold(format_address(from)), eol);
  header(out, "To", fold(address_list(m.to, eol)), eol);
  if (!m.cc.empty()) header(out, "Cc", fold(address_list(m.cc, eol)), eol);
  header(out, "Subject", fold(encode_header_words(m.subject)), eol);
  header(out, "Date", rfc5322_date(m.date), eol);
  header(out, "Message-ID", m.message_id(), eol);
  header(out, "Idempotency-Key", one_line(m.id), eol);
  header(out, "MIME-Version", "1.0", eol);
  for (const auto& [name, value] : m.headers) {
    std::string lname = name;  // (not a lambda: clang 14 cannot capture a structured binding)
    for (char& c : lname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lname == "message-id" || lname == "idempotency-key" || lname == "mime-version") continue;
    header(out, one_line(name), fold(encode_header_words(value)), eol);
  }

  const std::string text_part_headers = std::string("Content-Type: text/plain; charset=utf-8")
                                            .append(eol)
                                            .append("Content-Transfer-Encoding: quoted-printable")
                                            .append(eol);
  if (m.html.empty()) {
    out += text_part_headers;
    out.append(eol);
    out += quoted_printable(m.text, eol);
    if (!out.ends_with(eol)) out.append(eol);
    return out;
  }
  const std::string b = boundary_for(m.id);
  header(out, "Content-Type", "multipart/alternative; boundary=\"" + b + "\"", eol);
  out.append(eol);
  out.append("This is a multi-part message in MIME format.").append(eol);
  out.append("--").append(b).append(eol);
  out += text_part_headers;
  out.append(eol);
  out += quoted_printable(m.text, eol);
  out.append(eol);
  out.append("--").append(b).append(eol);
  out.append("Content-Type: text/html; charset=utf-8").append(eol);
  out.append("Content-Transfer-Encoding: quoted-printable").append(eol);
  out.append(eol);
  out += quoted_printable(m.html, eol);
  out.append(eol);
  out.append("--").append(b).append("--").append(eol);
  return out;
}

}  // namespace sif::notifications
