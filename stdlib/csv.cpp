#include "stdlib/csv.h"
#include "stdlib/csv_number.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <set>
#include <system_error>

#include <sys/stat.h>

#include <fmt/format.h>

namespace xp::stdlib::csv {

namespace {
constexpr size_t kChunk = size_t{1} << 18;

bool is_newline(char c) { return c == '\n' || c == '\r'; }
}  // namespace

Reader::Reader(std::istream& in, char sep) : in_(&in), buf_(kChunk), sep_(sep) {}
Reader::~Reader() = default;

std::unique_ptr<Reader> Reader::open(const std::string& path, std::string& error, char sep) {
  // A FIFO, a device or a folder is refused before it is opened: opening a
  // FIFO blocks until a writer comes, and reading one consumes it, so the
  // checker's look would leave nothing for the run (and /dev/zero never ends).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    const char* what = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    error = fmt::format("`{}` is {}, not a regular file", path, what);
    return nullptr;
  }
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    error = fmt::format("cannot open `{}` for reading", path);
    return nullptr;
  }
  auto reader = std::make_unique<Reader>(*file, sep);
  reader->owned_ = std::move(file);
  return reader;
}

std::unique_ptr<Reader> Reader::over_text(std::string text, char sep) {
  auto stream = std::make_unique<std::istringstream>(std::move(text));
  auto reader = std::make_unique<Reader>(*stream, sep);
  reader->owned_ = std::move(stream);
  return reader;
}

// Refills the buffer; skips a UTF-8 byte-order mark at the very start.
// Inside a record its bytes so far are kept, moved to the front, so that
// every field of a record is a view into one buffer.
bool Reader::fill() {
  if (!*in_) return false;
  const size_t keep_from = in_record_ ? record_ : end_;
  const size_t kept = end_ - keep_from;
  if (kept > 0 && keep_from > 0) std::memmove(buf_.data(), buf_.data() + keep_from, kept);
  if (kept == buf_.size()) buf_.resize(buf_.size() * 2);  // a record longer than the buffer
  dropped_ += keep_from;
  record_ -= std::min(record_, keep_from);
  in_->read(buf_.data() + kept, static_cast<std::streamsize>(buf_.size() - kept));
  end_ = kept + static_cast<size_t>(in_->gcount());
  pos_ = kept;
  unsigned char any = 0;  // one vectorised pass: are the new bytes plain ASCII?
  for (size_t i = kept; i < end_; ++i) any |= static_cast<unsigned char>(buf_[i]);
  if (any >= 0x80) ++non_ascii_chunks_;
  if (!started_) {
    started_ = true;
    if (end_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF)
      pos_ = 3;
  }
  return pos_ < end_;
}

// Where the byte at `offset` of field `f` is in the file, and the message.
bool Reader::fail_utf8(const FieldView& f, size_t offset) {
  uint32_t line = f.line, col = f.col + (f.quoted ? 1 : 0);
  for (size_t i = 0; i < offset; ++i) {
    if (f.text[i] == '\n' || (f.text[i] == '\r' && (i + 1 == f.text.size() || f.text[i + 1] != '\n'))) {
      ++line;
      col = 1;
    } else if (f.text[i] != '\r') {
      ++col;
    }
  }
  return fail(fmt::format("byte 0x{:02X} is not valid UTF-8 (the file must be UTF-8 text)",
                          static_cast<unsigned char>(f.text[offset])),
              line, col);
}

bool Reader::fail(std::string message, uint32_t line, uint32_t col) {
  error_ = Error{std::move(message), line, col};
  return false;
}

bool Reader::next(std::vector<Field>& fields) {
  if (!next(views_)) return false;
  fields.resize(views_.size());
  for (size_t i = 0; i < views_.size(); ++i) {
    fields[i].text.assign(views_[i].text);
    fields[i].line = views_[i].line;
    fields[i].col = views_[i].col;
    fields[i].quoted = views_[i].quoted;
  }
  return true;
}

// Blank lines between records: LF, CRLF or a lone CR each end one.
bool Reader::skip_blank_lines() {
  for (;;) {
    if (pos_ >= end_ && !fill()) return false;
    const char c = buf_[pos_];
    if (!is_newline(c)) return true;
    ++pos_;
    if (c == '\r' && (pos_ < end_ || fill()) && buf_[pos_] == '\n') ++pos_;
    ++line_;
  }
}

bool Reader::next(std::vector<FieldView>& fields) {
  if (error_ || !skip_blank_lines()) return false;
  record_line_ = line_;
  record_ = pos_;
  in_record_ = true;
  Scan scan;
  // A record cut by the buffer's end is scanned again, whole, after a refill:
  // once per 256 KiB chunk, not a check per byte.
  while ((scan = scan_record(fields, !*in_)) == Scan::More) {
    pos_ = end_;
    fill();
    pos_ = record_;
  }
  in_record_ = false;
  return scan == Scan::Done;
}

namespace {
// Where the first separator, CR or LF at or after `p` is (or `end`). Eight
// bytes at a time: a zero byte of x ^ pattern marks a match (SWAR), and
// numeric fields are mostly shorter than a word, so the tail is bytewise.
const char* find_field_end(const char* p, const char* end, char sep) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const uint64_t s = kOnes * static_cast<unsigned char>(sep), n = kOnes * '\n', r = kOnes * '\r';
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    auto zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    const uint64_t hit = zero(w ^ s) | zero(w ^ n) | zero(w ^ r);
    if (hit) return p + (std::countr_zero(hit) >> 3);  // the lowest hit is exact (higher ones may be false)
    p += 8;
  }
  while (p < end && *p != sep && *p != '\n' && *p != '\r') ++p;
  return p;
}
}  // namespace

// record  := field (sep field)* newline?        (sep: ',' unless the caller chose another)
// field   := '"' (char | '""' | newline)* '"' spaces? | unquoted-char*
// Lines and columns come from positions: a field's column is its distance
// from the start of its line (a BOM is before the first line's start).
Reader::Scan Reader::scan_record(std::vector<FieldView>& fields, bool at_eof) {
  const char* const base = buf_.data();
  Cursor c{base + record_, base + end_, base + record_, record_line_, at_eof};
  size_t count = 0;
  escaped_.clear();
  for (;;) {
    if (count == kMaxColumns) {
      fail(fmt::format("more than {} fields in one record", kMaxColumns), c.line, c.col_of(c.p));
      return Scan::Failed;
    }
    if (count == fields.size()) fields.emplace_back();
    FieldView& f = fields[count++];
    f.line = c.line;
    f.col = c.col_of(c.p);
    f.quoted = c.p < c.end && *c.p == '"';
    if (Scan s = f.quoted ? scan_quoted(c, f, count - 1) : scan_unquoted(c, f); s != Scan::Done) return s;
    // While every chunk read so far is ASCII, so is the field: valid UTF-8 without a look.
    if (non_ascii_chunks_ > 0) {
      if (auto bad = invalid_utf8(f.text)) {
        fail_utf8(f, *bad);
        return Scan::Failed;
      }
    }
    if (c.p == c.end) break;  // the end of the input ends the record
    if (*c.p == sep_) {
      ++c.p;
      continue;
    }
    if (*c.p == '\r') {  // CR, CRLF: a CR last in the buffer waits for the byte after it
      if (c.p + 1 == c.end && !at_eof) return Scan::More;
      if (c.p + 1 < c.end && c.p[1] == '\n') ++c.p;
    }
    ++c.p;
    ++c.line;
    break;
  }
  for (size_t i : escaped_) fields[i].text = scratch_[i];
  fields.resize(count);
  pos_ = static_cast<size_t>(c.p - base);
  line_ = c.line;
  return Scan::Done;
}

Reader::Scan Reader::scan_quoted(Cursor& c, FieldView& f, size_t index) {
  const char* open = c.p++;
  bool doubled = false;
  for (;;) {  // to the closing quote: the next quote not followed by another
    const void* q = std::memchr(c.p, '"', static_cast<size_t>(c.end - c.p));
    if (!q) {
      if (!c.at_eof) return Scan::More;
      fail("unclosed quoted field (the opening quote is here)", f.line, f.col);
      return Scan::Failed;
    }
    c.p = static_cast<const char*>(q);
    if (c.p + 1 == c.end && !c.at_eof) return Scan::More;
    if (c.p + 1 < c.end && c.p[1] == '"') {
      doubled = true;
      c.p += 2;
      continue;
    }
    break;
  }
  const std::string_view raw(open + 1, static_cast<size_t>(c.p - open - 1));
  ++c.p;  // the closing quote
  for (size_t i = 0; i < raw.size(); ++i) {  // the line breaks inside it
    if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n'))) {
      ++c.line;
      c.line_start = raw.data() + i + 1;
    }
  }
  if (doubled) {
    if (scratch_.size() <= index) scratch_.resize(index + 1);
    std::string& text = scratch_[index];
    text.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      text.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // "" is one quote
    }
    escaped_.push_back(index);
    f.text = text;  // re-pointed by scan_record: scratch_ may move while the record is read
  } else {
    f.text = raw;
  }
  if (f.text.size() > kMaxFieldBytes) {
    fail(fmt::format("field longer than {} bytes", kMaxFieldBytes), f.line, f.col);
    return Scan::Failed;
  }
  while (c.p < c.end && (*c.p == ' ' || *c.p == '\t') && *c.p != sep_) ++c.p;
  if (c.p == c.end && !c.at_eof) return Scan::More;
  if (c.p < c.end && *c.p != sep_ && !is_newline(*c.p)) {
    fail("unexpected text after a closing quote (a quote inside a quoted field is written \"\")", c.line, c.col_of(c.p));
    return Scan::Failed;
  }
  return Scan::Done;
}

Reader::Scan Reader::scan_unquoted(Cursor& c, FieldView& f) {
  const char* start = c.p;
  c.p = find_field_end(c.p, c.end, sep_);
  if (static_cast<size_t>(c.p - start) > kMaxFieldBytes) {
    fail(fmt::format("field longer than {} bytes", kMaxFieldBytes), f.line, f.col);
    return Scan::Failed;
  }
  if (c.p == c.end && !c.at_eof) return Scan::More;
  f.text = std::string_view(start, static_cast<size_t>(c.p - start));
  return Scan::Done;
}

// ---- separators ------------------------------------------------------------------------------

std::optional<char> parse_separator(std::string_view text) {
  if (text.size() == 1 && kSeparators.find(text[0]) != std::string_view::npos) return text[0];
  return std::nullopt;
}

std::string separator_text(char sep) { return sep == '\t' ? "\\t" : std::string(1, sep); }

std::string separator_hint(const std::vector<std::string>& header, SeparatorAdvice as) {
  if (header.size() != 1) return "";
  struct Name { const char *one, *many; };
  static constexpr Name kNames[] = {{"comma", "commas"}, {"semicolon", "semicolons"}, {"tab", "tabs"}, {"pipe", "pipes"}};
  static_assert(std::size(kNames) == kSeparators.size());
  size_t best = 0, best_count = 0;
  for (size_t i = 0; i < kSeparators.size(); ++i) {
    auto n = static_cast<size_t>(std::count(header[0].begin(), header[0].end(), kSeparators[i]));
    if (n > best_count) best = i, best_count = n;
  }
  if (best_count == 0) return "";
  char sep = kSeparators[best];
  // A script's default is a comma; a prediction file's is the training file's separator.
  const bool script = as == SeparatorAdvice::Script;
  return fmt::format("the header was read as one column, but it holds {} {}: if the file is separated by {}, "
                     "{} `{}\"{}\"`{}",
                     best_count, best_count == 1 ? kNames[best].one : kNames[best].many, kNames[best].many,
                     script ? "write" : "pass", script ? "sep: " : "--sep ", separator_text(sep),
                     script && sep == ',' ? " (the default, so leave `sep:` out)" : "");
}

// ---- value helpers ---------------------------------------------------------------------------

std::optional<size_t> invalid_utf8(std::string_view s) {
  // Most cells are ASCII: one pass the compiler vectorises says so.
  unsigned char any = 0;
  for (char ch : s) any |= static_cast<unsigned char>(ch);
  if (any < 0x80) return std::nullopt;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (no overlongs, no surrogates)
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (i + 1 >= s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::nullopt;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace {

// `b` is lower case ASCII: an ASCII fold of `a` (no locale call per byte).
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
         });
}
}  // namespace

bool is_missing(std::string_view text) {
  text = trim_blanks(text);
  if (text.size() > 4) return false;  // the longest spelling is "null": most text cells stop here
  static constexpr std::string_view kSpellings[] = {"", "na", "n/a", "nan", "null", "?"};  // no strlen per call
  for (std::string_view m : kSpellings)
    if (iequals(text, m)) return true;
  return false;
}

namespace number {
bool parse_general(std::string_view text, double& out) {
  text = trim_blanks(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return false;  // "+-5" is no number: one sign at most
  }
  if (text.empty()) return false;
  if (simple_decimal(text.data(), text.data() + text.size(), out)) return true;
  // A finite number starts with a digit or a point after its sign: text
  // cells ("Lisbon", "yes") are refused here, without from_chars.
  const char lead = text.size() > 1 && text[0] == '-' ? text[1] : text[0];
  if (!(lead >= '0' && lead <= '9') && lead != '.') return false;
  // A sign inside a number follows its exponent's e: a date ("2024-05-20")
  // or a range ("3-5") is refused here, without from_chars.
  for (size_t i = 1; i < text.size(); ++i)
    if ((text[i] == '-' || text[i] == '+') && text[i - 1] != 'e' && text[i - 1] != 'E') return false;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}
}  // namespace number

std::optional<double> parse_number(std::string_view text) {
  if (double v; number::parse(text, v)) return v;
  return std::nullopt;
}

namespace {
template <class Fields>
Error ragged_fields(const Fields& fields, size_t header_width, uint32_t line) {
  std::string message = fmt::format("this row has {} field{} but the header has {}", fields.size(),
                                    fields.size() == 1 ? "" : "s", header_width);
  if (fields.size() > header_width) return Error{message, fields[header_width].line, fields[header_width].col};
  return Error{message, line, 0};
}
}  // namespace

Error ragged_row(const std::vector<Field>& fields, size_t header_width, uint32_t line) {
  return ragged_fields(fields, header_width, line);
}
Error ragged_row(const std::vector<FieldView>& fields, size_t header_width, uint32_t line) {
  return ragged_fields(fields, header_width, line);
}

bool is_numeric_column(size_t number_cells, size_t non_missing_cells) {
  return number_cells * 2 > non_missing_cells || non_missing_cells == 0;
}

std::string canonical_number(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string level_text(std::string_view cell) {
  cell = trim_blanks(cell);
  if (auto v = parse_number(cell)) return canonical_number(*v);
  return std::string(cell);
}

namespace {
// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): one
// starting with = + - @ tab or CR that is not simply a number (-0.5 stays a number).
bool formula_like(std::string_view text) {
  if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return false;
  std::string s(text);
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !(end == s.c_str() + s.size() && end != s.c_str());
}
}  // namespace

std::string field(std::string_view text) {
  std::string cell = formula_like(text) ? "'" + std::string(text) : std::string(text);
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace xp::stdlib::csv
