// UTF-8 validation and the Windows-1252 table, with literal bytes.
#include <catch2/catch.hpp>

#include "daemon/text_encoding.hpp"

using namespace sif::daemon;

TEST_CASE("windows1252_to_utf8: the bytes GIAS names use", "[csv][encoding]") {
  // 0x92 is the right single quote a word processor puts in "St Mary's".
  CHECK(windows1252_to_utf8("St Mary\x92s") == "St Mary\xE2\x80\x99s");
  CHECK(windows1252_to_utf8("Ecole Fran\xE7" "aise") == "Ecole Fran\xC3\xA7" "aise");
  CHECK(windows1252_to_utf8("Ysgol Gymraeg Caerdydd") == "Ysgol Gymraeg Caerdydd");  // ASCII unchanged
  CHECK(windows1252_to_utf8("\x80") == "\xE2\x82\xAC");                                 // euro sign
  CHECK(windows1252_to_utf8("\x96") == "\xE2\x80\x93");                                 // en dash
  CHECK(windows1252_to_utf8("\x9F") == "\xC5\xB8");                                     // Y with diaeresis
  CHECK(windows1252_to_utf8("\x8A") == "\xC5\xA0");                                     // S with caron
  CHECK(windows1252_to_utf8("\xA0") == "\xC2\xA0");                                     // no-break space
  CHECK(windows1252_to_utf8("\xFF") == "\xC3\xBF");                                     // y with diaeresis
  // The five bytes Windows-1252 leaves undefined map to C1 controls (WHATWG).
  CHECK(windows1252_to_utf8("\x81\x8D\x8F\x90\x9D") == "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
}

TEST_CASE("windows1252_to_utf8: every byte becomes well-formed UTF-8", "[csv][encoding]") {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string utf8 = windows1252_to_utf8(all);
  CHECK(find_invalid_utf8(utf8) == std::string_view::npos);
  CHECK(utf8.substr(0, 128) == all.substr(0, 128));
  // ASCII one byte each; 0xA0-0xFF two; of 0x80-0x9F, the 5 C1 controls and 10 Latin letters
  // (S/s/Z/z with caron, OE/oe, f hook, Y diaeresis, modifier circumflex, small tilde) two,
  // the other 17 (punctuation, euro, trade mark) three.
  CHECK(utf8.size() == 128 + 96 * 2 + (5 + 10) * 2 + 17 * 3);
}

TEST_CASE("find_invalid_utf8: well-formed and ill-formed sequences", "[csv][encoding]") {
  CHECK(find_invalid_utf8("") == std::string_view::npos);
  CHECK(find_invalid_utf8("Ysgol y Wa\xC5\xB5n") == std::string_view::npos);          // w with circumflex
  CHECK(find_invalid_utf8("\xE2\x80\x99\xF0\x9F\x8F\xAB") == std::string_view::npos);  // 3- and 4-byte
  CHECK(find_invalid_utf8("\xEF\xBB\xBF" "URN") == std::string_view::npos);            // a BOM is UTF-8
  CHECK(find_invalid_utf8("St Mary\x92s") == 7);                     // a lone continuation byte
  CHECK(find_invalid_utf8("Fran\xE7" "aise") == 4);                  // a lead byte without its tail
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);                         // overlong '/'
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);                     // overlong, three bytes
  CHECK(find_invalid_utf8("ok\xED\xA0\x80") == 2);                   // a surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);                 // above U+10FFFF
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0);
  CHECK(find_invalid_utf8("abc\xE2\x82") == 3);                      // truncated at the end
  // Long ASCII runs are read eight bytes at a time: a bad byte is still found where it is.
  CHECK(find_invalid_utf8("St Mary Magdalene\x92s Church of England School") == 17);
  CHECK(find_invalid_utf8("12345678\x92") == 8);                     // just after a whole word
  CHECK(find_invalid_utf8("1234567\x92" "12345678") == 7);           // the last byte of a word
  CHECK(find_invalid_utf8("Ysgol Gymraeg Bro Morgannwg, Y Barri: Ysgol y Wa\xC5\xB5n a'r Fro") == std::string_view::npos);
  CHECK(find_invalid_utf8("Ysgol Gymraeg Bro Morgannwg, Y Barri: Ysgol y Wa\xC5\xB5n a'r Fro\xC5") == 59);
}

TEST_CASE("parse_text_encoding: the names ?encoding= accepts", "[csv][encoding]") {
  CHECK(parse_text_encoding("utf-8").value() == TextEncoding::kUtf8);
  CHECK(parse_text_encoding("UTF-8").value() == TextEncoding::kUtf8);
  CHECK(parse_text_encoding("windows-1252").value() == TextEncoding::kWindows1252);
  CHECK(parse_text_encoding("ISO-8859-1").value() == TextEncoding::kWindows1252);
  CHECK(parse_text_encoding("latin1").value() == TextEncoding::kWindows1252);
  CHECK(parse_text_encoding("auto").value() == TextEncoding::kAuto);
  auto bad = parse_text_encoding("ebcdic");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message ==
        "encoding 'ebcdic' is not one sif reads; use utf-8, windows-1252 or iso-8859-1 (or leave it out to detect)");
}

TEST_CASE("decode_text: detection, BOMs and explicit encodings", "[csv][encoding]") {
  SECTION("valid UTF-8 stays as it is, without its BOM") {
    auto d = decode_text("\xEF\xBB\xBF" "Ysgol y Wa\xC5\xB5n", TextEncoding::kAuto);
    REQUIRE(d);
    CHECK(d->utf8 == "Ysgol y Wa\xC5\xB5n");
    CHECK(d->encoding == TextEncoding::kUtf8);
  }
  SECTION("text that is not UTF-8 is read as Windows-1252") {
    auto d = decode_text("URN,Name\n1,St Mary\x92s\n", TextEncoding::kAuto);
    REQUIRE(d);
    CHECK(d->utf8 == "URN,Name\n1,St Mary\xE2\x80\x99s\n");
    CHECK(d->encoding == TextEncoding::kWindows1252);
  }
  SECTION("forced Windows-1252 converts even bytes that would pass as UTF-8") {
    auto d = decode_text("Caf\xC3\xA9", TextEncoding::kWindows1252);
    REQUIRE(d);
    CHECK(d->utf8 == "Caf\xC3\x83\xC2\xA9");
  }
  SECTION("explicit UTF-8 that is not UTF-8 names the line and byte") {
    auto d = decode_text("URN,Name\n1,Ok\n2,St Mary\x92s\n", TextEncoding::kUtf8);
    REQUIRE_FALSE(d);
    CHECK(d.error().details == "line 3");
    CHECK(d.error().message ==
          "line 3 is not valid UTF-8: byte 0x92 at byte 10 of the line; if the file is Windows-1252 or ISO-8859-1, as "
          "GIAS extracts are, pass encoding=windows-1252 or leave encoding out to detect it");
  }
  SECTION("a UTF-8 BOM followed by bytes that are not UTF-8 is refused, not guessed") {
    auto d = decode_text("\xEF\xBB\xBF" "a\nb\xE7\n", TextEncoding::kAuto);
    REQUIRE_FALSE(d);
    CHECK(d.error().details == "line 2");
  }
  SECTION("a BOM contradicting encoding=windows-1252, and UTF-16, are refused") {
    CHECK_FALSE(decode_text("\xEF\xBB\xBF" "URN", TextEncoding::kWindows1252));
    auto u16 = decode_text(std::string("\xFF\xFEU\0R\0N\0", 8), TextEncoding::kAuto);
    REQUIRE_FALSE(u16);
    CHECK(u16.error().message ==
          "the text is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 or Windows-1252");
  }
}
