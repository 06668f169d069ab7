#include "stdlib/csv_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <set>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stdlib/builtins.h"
#include "stdlib/csv_number.h"
#include "stdlib/iso_date.h"

namespace xp::stdlib::csv {

// ---- step one --------------------------------------------------------------------------------

const RawColumn* RawTable::find(const std::string& name) const {
  auto it = index.find(name);
  return it == index.end() ? nullptr : &columns[it->second];
}

std::string RawColumn::level(size_t row) const {
  if (is_text(row)) return levels[static_cast<size_t>(text[row])];
  return canonical_number(value(row));
}

namespace {
// Gives back the whole pages of v's elements [from, to): MADV_DONTNEED drops
// them (they read as zeros if touched again). Pages shared with memory
// outside the elements — the allocator's header before the first, whatever
// follows the last — are kept.
template <class T>
void release_elements(const std::vector<T>& v, size_t from, size_t to) {
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  to = std::min(to, v.size());
  if (from >= to) return;
  const auto base = reinterpret_cast<uintptr_t>(v.data());
  const uintptr_t first = std::max((base + page - 1) & ~(page - 1), (base + from * sizeof(T)) & ~(page - 1));
  const uintptr_t last = (base + to * sizeof(T)) & ~(page - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}
}  // namespace

void RawTable::release_rows_before(size_t end) {
  if (end <= released_rows) return;
  for (const auto& c : columns) {
    release_elements(c.numbers, released_rows, end);
    release_elements(c.exact, released_rows, end);
    release_elements(c.text, released_rows, end);
  }
  released_rows = end;
}

std::vector<std::string> RawColumn::sorted_levels() const {
  std::set<double> seen;
  for (size_t r = 0; r < numbers.size(); ++r)
    if (!std::isnan(numbers[r])) seen.insert(value(r));
  std::vector<std::string> out;
  if (numeric()) {
    for (double v : seen) out.push_back(canonical_number(v));
    return out;
  }
  std::set<std::string> all(levels.begin(), levels.end());
  for (double v : seen) all.insert(canonical_number(v));
  return {all.begin(), all.end()};
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Level text → id for one column, looked up by a view of the cell: open
// addressing over a power-of-two table of (hash, id) pairs, the text compared
// with the column's own `levels` (no second copy of it). The standard
// unordered_map it replaces cost a 64-bit division by a prime per lookup and
// a pointer chase per node: a third of reading a file with text columns.
class LevelIds {
 public:
  // The id of `text` in `levels`, appended there when it is new.
  int32_t id(std::string_view text, std::vector<std::string>& levels) {
    if (2 * (levels.size() + 1) > slots_.size()) grow();
    const uint64_t h = hash(text);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id < 0) {
        s = {h, static_cast<int32_t>(levels.size())};
        levels.emplace_back(text);
        return s.id;
      }
      if (s.hash == h && levels[static_cast<size_t>(s.id)] == text) return s.id;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    int32_t id = -1;
  };
  std::vector<Slot> slots_;

  // Short texts (most levels: "Lisbon", "yes") from two loads that between
  // them cover every byte (overlapping when shorter than 16; no copy to the
  // stack, whose variable size stalled the load after it), mixed by
  // multiplies; longer ones by the library's hash.
  static uint64_t hash(std::string_view text) {
    const size_t n = text.size();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    auto load = [](const unsigned char* at, size_t bytes) {
      uint64_t w = 0;
      std::memcpy(&w, at, bytes);  // a constant size: one load
      return w;
    };
    uint64_t a = 0, b = 0;
    if (n > 16) return std::hash<std::string_view>{}(text);
    if (n >= 8) {
      a = load(p, 8);
      b = load(p + n - 8, 8);
    } else if (n >= 4) {
      a = load(p, 4);
      b = load(p + n - 4, 4);
    } else if (n > 0) {
      a = p[0] | (uint64_t{p[n / 2]} << 8) | (uint64_t{p[n - 1]} << 16);
    }
    uint64_t h = (a ^ (n * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
    h = (h ^ (h >> 32) ^ b) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id < 0) continue;
      size_t i = s.hash & mask;
      while (slots_[i].id >= 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
};

// A number cell: its float, and its exact value where the column keeps
// those (RawColumn); the column's exact facts.
void add_number(RawColumn& c, size_t row, double v, bool needs_exact) {
  const float f = static_cast<float>(v);
  c.numbers.push_back(f);
  ++c.number_cells;
  if (c.integer && v != std::floor(v)) c.integer = false;
  if (v < c.lo) c.lo = v;
  if (v > c.hi) c.hi = v;
  if (std::abs(v) > static_cast<double>(std::numeric_limits<float>::max()) && c.too_large++ == 0) {
    c.first_too_large = row;
    c.first_too_large_value = v;
  }
  const bool keep = needs_exact || c.integer;
  if (!c.exact.empty()) {
    if (keep) c.exact.push_back(v);
    else std::vector<double>().swap(c.exact);  // no longer an integer column: the floats will do
  } else if (c.float_exact && static_cast<double>(f) != v) {
    c.float_exact = false;
    if (keep) {  // every earlier number was exactly its float
      c.exact.reserve(c.numbers.capacity());
      c.exact.assign(c.numbers.begin(), c.numbers.end());
      c.exact.back() = v;
    }
  }
}

// Appends one cell to a column: a number, a missing value, or a text level.
void add_cell(RawColumn& c, size_t row, const FieldView& f, LevelIds& level_ids, bool needs_exact) {
  // A number first: most cells are, and no missing-value spelling parses as a finite number.
  if (double v; number::parse(f.text, v)) {
    add_number(c, row, v, needs_exact);
    if (!c.text.empty()) c.text.push_back(-1);
    return;
  }
  c.numbers.push_back(std::numeric_limits<float>::quiet_NaN());
  if (!c.exact.empty()) c.exact.push_back(kNaN);
  if (is_missing(f.text)) {
    if (!c.text.empty()) c.text.push_back(-1);
    if (c.first_missing.size() < RawColumn::kKeepLocations) c.first_missing.push_back({row, f.line, f.col, std::string(f.text)});
    ++c.missing;
    return;
  }
  if (c.text.empty()) {  // first text cell: back-fill earlier rows
    c.text.reserve(c.numbers.capacity());
    c.text.assign(row, -1);
  }
  const std::string_view level = text_level(f.text);  // not a number: level_text() is the trimmed cell
  c.text.push_back(level_ids.id(level, c.levels));
  if (c.first_text.size() < RawColumn::kKeepLocations) c.first_text.push_back({row, f.line, f.col, std::string(f.text)});
  ++c.text_cells;
}

// A header that names a column twice, or not at all, would make a lookup by
// name read the wrong column: refused, naming both places.
std::optional<Error> check_header(const std::vector<Field>& header) {
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < header.size(); ++i) {
    const Field& f = header[i];
    std::string_view name = f.text;
    if (name.find_first_not_of(" \t") == std::string_view::npos)
      return Error{fmt::format("column {} of the header has no name", i + 1), f.line, f.col, Error::Kind::BadHeader};
    auto [it, fresh] = seen.emplace(f.text, i);
    if (!fresh) {
      const Field& first = header[it->second];
      return Error{fmt::format("column name `{}` appears twice in the header: column {} (at {}:{}) and column {}",
                               f.text, it->second + 1, first.line, first.col, i + 1),
                   f.line, f.col, Error::Kind::BadHeader};
    }
  }
  return std::nullopt;
}
}  // namespace

namespace {
// Opens `path` and reads its header row into `fields`; nullptr (and `error`
// set) when the file cannot be read or is empty.
std::unique_ptr<Reader> open_at_header(const Source& source, char sep, std::vector<Field>& fields,
                                       std::optional<Error>& error) {
  std::string open_error;
  auto reader = source.text ? Reader::over_text(*source.text, sep) : Reader::open(source.path, open_error, sep);
  if (!reader) {
    error = Error{open_error, 0, 0, Error::Kind::Unreadable};
    return nullptr;
  }
  if (!reader->next(fields)) {
    error = reader->error() ? *reader->error()
                            : Error{"the file is empty: expected a header row of column names", 1, 0, Error::Kind::NoData};
    return nullptr;
  }
  return reader;
}
}  // namespace

namespace {
struct Keep {
  std::mutex lock;
  bool on = false;
  std::optional<RawTable> table;
  char sep = ',';
};
Keep& keep() {
  static Keep k;
  return k;
}

RawTable::FileId file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// The kept table, when it is this read's: same file, unchanged, same separator, same columns kept.
std::optional<RawTable> take_kept(const std::string& path, char sep, const std::vector<Field>& header,
                                  const ColumnFilter& wanted) {
  Keep& k = keep();
  std::lock_guard<std::mutex> hold(k.lock);
  if (!k.table || k.sep != sep || k.table->path != path || k.table->header.size() != header.size()) return std::nullopt;
  RawTable& t = *k.table;
  size_t kept = 0;
  for (size_t i = 0; i < header.size(); ++i) {
    if (t.header[i] != header[i].text) return std::nullopt;
    if (wanted(header[i].text)) {
      if (kept >= t.columns.size() || t.columns[kept].name != header[i].text) return std::nullopt;
      if (wanted.needs_exact(header[i].text, i + 1 == header.size()) && !t.columns[kept].exact_values())
        return std::nullopt;
      ++kept;
    }
  }
  if (kept != t.columns.size() || !(t.file == file_id(path))) return std::nullopt;
  std::optional<RawTable> out = std::move(k.table);
  k.table.reset();
  return out;
}
}  // namespace

void reuse_reads(bool on) {
  std::lock_guard<std::mutex> hold(keep().lock);
  keep().on = on;
  if (!on) keep().table.reset();
}

void keep_for_next_read(RawTable&& table, char sep) {
  Keep& k = keep();
  std::lock_guard<std::mutex> hold(k.lock);
  if (!k.on) return;
  k.table = std::move(table);
  k.sep = sep;
}

namespace {
// Reserves the columns' rows for the whole file once its first rows show
// how long a row is: no vector doubles and copies its way to a million rows.
constexpr size_t kRowsBeforeEstimate = 1024;
void reserve_rows(RawTable& t, const Reader& reader, uint64_t data_start) {
  const uint64_t read = reader.offset() - data_start;
  if (t.file.size == 0 || read == 0 || t.file.size <= reader.offset()) return;
  const double per_row = static_cast<double>(read) / static_cast<double>(t.rows);
  const auto rows = static_cast<size_t>(static_cast<double>(t.file.size - data_start) / per_row * 1.02) + 64;
  t.lines.reserve(rows);
  for (auto& c : t.columns) {
    c.numbers.reserve(rows);
    if (!c.text.empty()) c.text.reserve(rows);
    if (!c.exact.empty()) c.exact.reserve(rows);
  }
}

ReadResult read_once(const Source& source, const ColumnFilter& wanted, char sep) {
  ReadResult result;
  std::vector<Field> fields;
  const std::string& path = source.path;
  // Before reading: a file changed meanwhile is not reused. Text in memory is never kept.
  const RawTable::FileId id = source.text ? RawTable::FileId{} : file_id(path);
  auto reader = open_at_header(source, sep, fields, result.error);
  if (!reader) return result;
  if (auto kept = source.text ? std::nullopt : take_kept(path, sep, fields, wanted)) {
    result.table = std::move(kept);
    return result;
  }
  RawTable t;
  t.path = path;
  t.file = id;
  if (auto bad = check_header(fields)) {
    result.error = std::move(bad);
    return result;
  }
  std::vector<int> slot;  // header index → kept column index, or -1
  std::vector<bool> exact;  // per kept column: needs its numbers exactly
  t.index.reserve(fields.size());
  for (const auto& f : fields) {
    t.header.push_back(f.text);
    if (wanted(f.text)) {
      slot.push_back(static_cast<int>(t.columns.size()));
      exact.push_back(wanted.needs_exact(f.text, t.header.size() == fields.size()));
      t.index.emplace(f.text, t.columns.size());
      t.columns.push_back(RawColumn{});
      t.columns.back().name = f.text;
      t.columns.back().header_col = f.col;
    } else {
      slot.push_back(-1);
    }
  }
  const uint64_t data_start = reader->offset();
  std::vector<LevelIds> level_ids(t.columns.size());
  std::vector<FieldView> row;  // views into the reader's buffer: no copy per field
  while (reader->next(row)) {
    if (row.size() != t.header.size()) {
      result.error = ragged_row(row, t.header.size(), reader->record_line());
      result.error->kind = Error::Kind::Ragged;
      result.error->help = separator_hint(t.header);
      return result;
    }
    for (size_t i = 0; i < row.size(); ++i)
      if (const int s = slot[i]; s >= 0)
        add_cell(t.columns[static_cast<size_t>(s)], t.rows, row[i], level_ids[static_cast<size_t>(s)],
                 exact[static_cast<size_t>(s)]);
    t.lines.push_back(reader->record_line());
    if (++t.rows == kRowsBeforeEstimate) reserve_rows(t, *reader, data_start);
  }
  if (reader->error()) {
    result.error = *reader->error();
    return result;
  }
  result.table = std::move(t);
  return result;
}
}  // namespace

ReadResult read_columns(const Source& source, const ColumnFilter& wanted, char sep) {
  ReadResult result = read_once(source, wanted, sep);
  if (!result.table) return result;
  // A text column whose number cells are levels needs them as written: when
  // the read kept only their floats (it could not know the column would be
  // text), once more with that column's numbers kept exactly.
  ColumnFilter again = wanted;
  for (const auto& c : result.table->columns)
    if (!c.numeric() && !c.exact_values()) again.exact.insert(c.name);
  if (again.exact.size() == wanted.exact.size()) return result;
  return read_once(source, again, sep);
}

ColumnText read_column_text(const Source& source, const std::string& column, char sep) {
  ColumnText out;
  std::vector<Field> fields;
  auto reader = open_at_header(source, sep, fields, out.error);
  if (!reader) return out;
  size_t at = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    out.header.push_back(fields[i].text);
    if (fields[i].text == column && at == fields.size()) at = i;
  }
  out.found = at < fields.size();
  if (!out.found) return out;
  const size_t width = fields.size();
  while (reader->next(fields)) {
    if (fields.size() != width) {
      out.error = ragged_row(fields, width, reader->record_line());
      out.error->kind = Error::Kind::Ragged;
      return out;
    }
    out.cells.push_back(std::move(fields[at].text));
  }
  if (reader->error()) out.error = *reader->error();
  return out;
}

// ---- step two --------------------------------------------------------------------------------

ColumnFilter wanted_columns(const TableOptions& o) {
  ColumnFilter filter;
  // The targets' values are class names, an `onehot` column's levels: exact.
  filter.exact.insert(o.targets.begin(), o.targets.end());
  filter.exact.insert(o.categorical.begin(), o.categorical.end());
  if (o.target.empty()) filter.exact_last = true;
  else filter.exact.insert(o.target);
  if (o.text_only && !o.target.empty()) {
    filter.keep = [target = o.target](const std::string& name) { return name == target; };
    return filter;
  }
  if (o.columns.empty() || o.target.empty()) return filter;
  std::set<std::string> keep(o.columns.begin(), o.columns.end());
  keep.insert(o.target);
  keep.insert(o.targets.begin(), o.targets.end());
  keep.insert(o.categorical.begin(), o.categorical.end());
  keep.insert(o.drop.begin(), o.drop.end());  // so that a dropped name is known, not "no column named"
  filter.keep = [keep = std::move(keep)](const std::string& name) { return keep.count(name) > 0; };
  return filter;
}

int64_t FeatureColumn::width() const {
  if (categorical) return static_cast<int64_t>(levels.size());
  return date ? static_cast<int64_t>(kDateParts.size()) : 1;
}

int64_t TableShape::width() const {
  int64_t w = 0;
  for (const auto& f : features) w += f.width();
  return w;
}

namespace {
// Whether the column's number cells take at most `limit` distinct values
// (stops counting as soon as they do not).
bool few_distinct_numbers(const RawColumn& c, size_t limit) {
  std::vector<double> seen;  // at most limit + 1: a look along it beats a tree
  for (size_t r = 0; r < c.numbers.size(); ++r) {
    if (std::isnan(c.numbers[r])) continue;
    const double v = c.value(r);
    if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    if (seen.size() > limit) return false;
  }
  return true;
}

// Numbers a 32-bit float cannot hold (a model would see them as infinite):
// how many, and the first.
void check_float_range(const RawTable& t, const RawColumn& c, std::vector<Problem>& out) {
  if (c.too_large > 0)
    out.push_back({Problem::Kind::TooLarge, c.name, c.too_large,
                   {CellRef{c.first_too_large, t.lines[c.first_too_large], 0, fmt::format("{}", c.first_too_large_value)}}});
}

// The cells of `c` the imputation does not allow, as problems.
void check_cells(const RawTable&, const RawColumn& c, bool numeric, bool allow_missing, std::vector<Problem>& out) {
  if (c.missing > 0 && !allow_missing)
    out.push_back({Problem::Kind::MissingValues, c.name, c.missing, c.first_missing});
  if (numeric && c.text_cells > 0)
    out.push_back({allow_missing ? Problem::Kind::MalformedAsMissing : Problem::Kind::MalformedNumbers, c.name,
                   c.text_cells, c.first_text});
}

// A text column whose every value is an ISO 8601 date (and no cell a number).
bool is_date_column(const RawColumn& c) {
  if (c.number_cells > 0 || c.levels.empty()) return false;
  return std::all_of(c.levels.begin(), c.levels.end(), [](const std::string& l) { return parse_iso_date(l).has_value(); });
}

// The distinct values among a column's number cells, sorted (for the few
// cases that need them all: a text column's stray numbers, an integer column
// that may count rows). A sorted copy, not a std::set: a million inserts into
// a tree cost seconds at `exp check`.
std::vector<double> distinct_numbers(const RawColumn& c) {
  std::vector<double> v;
  v.reserve(c.number_cells);
  for (size_t r = 0; r < c.numbers.size(); ++r)
    if (!std::isnan(c.numbers[r])) v.push_back(c.value(r));
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Warnings about a feature column that will train poorly or not at all: an
// identifier (a text value per row, or an integer row counter), a text column
// one-hot encoded into very many features, a column holding one value.
// Linear in the rows except for the rare column that may be a row counter.
void check_column_use(const RawColumn& c, const FeatureColumn& f, size_t rows, std::vector<Problem>& out) {
  using K = Problem::Kind;
  const size_t values = c.values();
  if (values == 0) return;
  const double lo = c.lo, hi = c.hi;  // exact, whatever the column keeps
  const bool one_number = c.number_cells > 0 && lo == hi;
  // A numeric column's text cells are errors or missing values, not values it takes.
  const bool constant = f.numeric ? one_number : (c.levels.size() == 1 && c.number_cells == 0) ||
                                                     (c.levels.empty() && one_number);
  if (constant) {
    std::string value = f.numeric || c.levels.empty() ? canonical_number(lo) : c.levels.front();
    out.push_back({K::Constant, c.name, values, {CellRef{0, 0, 0, value}}});
    return;
  }
  if (f.date) return;  // dates are expected to differ from row to row
  const bool every_row = values == rows && rows >= TableOptions::kIdLikeMinRows;
  // An integer row counter: its span is the row count, and then (only then) every value differs.
  bool counter = f.numeric && c.integer && every_row && c.number_cells == rows && hi - lo + 1 == static_cast<double>(rows) &&
                 distinct_numbers(c).size() == rows;
  size_t distinct = 0;
  if (!f.numeric) distinct = c.levels.size() + (c.number_cells > 0 ? distinct_numbers(c).size() : 0);
  bool unique_text = !f.numeric && every_row && distinct == rows;
  if (unique_text || counter) {
    out.push_back({K::IdLike, c.name, rows, {}});
    return;
  }
  if (f.categorical && !f.numeric &&
      (distinct > TableOptions::kManyLevels ||
       (distinct >= TableOptions::kFewLevels && distinct * 5 > rows)) &&
      distinct <= TableOptions::kMaxLevels)
    out.push_back({K::HighCardinality, c.name, distinct, {}});
}

bool has_error(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return p.error(); });
}
}  // namespace

namespace {
void add_problem(std::vector<Problem>& problems, Problem::Kind kind, std::string column, size_t count = 0) {
  problems.push_back({kind, std::move(column), count, {}});
}

// The feature columns the options name — the `columns:` list, or every column
// but the target — less `drop:`; the options' unknown names as problems.
std::vector<std::string> chosen_features(const RawTable& t, const TableOptions& o, const std::vector<std::string>& targets,
                                         std::vector<Problem>& problems) {
  using K = Problem::Kind;
  auto is_target = [&](const std::string& name) { return std::find(targets.begin(), targets.end(), name) != targets.end(); };
  std::vector<std::string> names;
  if (o.columns.empty()) {
    for (const auto& c : t.columns)
      if (!is_target(c.name)) names.push_back(c.name);
  } else {
    for (const auto& name : o.columns) {
      if (!t.find(name)) add_problem(problems, K::UnknownColumn, name);
      else if (is_target(name)) add_problem(problems, K::TargetAsFeature, name);
      else names.push_back(name);
    }
  }
  for (const auto& name : o.categorical)
    if (!t.find(name)) add_problem(problems, K::UnknownColumn, name);
  for (const auto& name : o.drop) {
    if (!t.find(name)) add_problem(problems, K::UnknownColumn, name);
    else if (is_target(name)) add_problem(problems, K::DroppedTarget, name);
  }
  std::erase_if(names, [&](const std::string& n) { return std::find(o.drop.begin(), o.drop.end(), n) != o.drop.end(); });
  return names;
}

// The target's type, the task and (classification) the classes, into `s`;
// false after a problem.
bool type_target(const RawColumn& target, const TableOptions& o, TableShape& s, std::vector<Problem>& problems) {
  using K = Problem::Kind;
  s.target_numeric = target.numeric();
  s.task = !s.target_numeric || (target.integer && few_distinct_numbers(target, kMaxIntegerClasses))
               ? Task::Classification
               : Task::Regression;
  if (o.task) s.task = *o.task;
  if (s.task == Task::Regression && !s.target_numeric) {
    add_problem(problems, K::TextRegressionTarget, s.target);
    return false;
  }
  if (s.task != Task::Classification) return true;
  // Class names only for classification: a real-valued target may have a
  // distinct value per row, and those need no strings.
  s.classes = target.sorted_levels();
  if (s.classes.size() > TableOptions::kMaxLevels) {
    add_problem(problems, K::TooManyClasses, s.target, s.classes.size());
    return false;
  }
  if (s.classes.size() < 2) {
    add_problem(problems, K::TooFewClasses, s.target, s.classes.size());
    return false;
  }
  return true;
}

// Several targets (`target: ["a", "b"]`): a regression output each, so every
// one is a numeric column and the task is regression; false after a problem.
bool type_targets(const std::vector<const RawColumn*>& targets, const TableOptions& o, TableShape& s,
                  std::vector<Problem>& problems) {
  s.task = Task::Regression;
  if (o.task == Task::Classification) {
    add_problem(problems, Problem::Kind::ClassifyingTargets, s.target, targets.size());
    return false;
  }
  for (const RawColumn* c : targets)
    if (!c->numeric()) add_problem(problems, Problem::Kind::TextTargetInList, c->name, targets.size());
  return !has_error(problems);
}

// One feature column typed (numeric, date, categorical) with its levels; its
// cell problems into `problems`, its use warnings into `warnings`.
FeatureColumn type_feature(const RawTable& t, const RawColumn& c, const TableOptions& o,
                           std::vector<Problem>& problems, std::vector<Problem>& warnings) {
  FeatureColumn f;
  f.name = c.name;
  f.numeric = c.numeric();
  bool onehot = std::find(o.categorical.begin(), o.categorical.end(), c.name) != o.categorical.end();
  f.date = !onehot && !f.numeric && is_date_column(c);
  f.categorical = !f.date && (!f.numeric || onehot);
  check_cells(t, c, f.numeric, o.impute != Impute::None, problems);
  if (f.numeric && !f.categorical) check_float_range(t, c, problems);
  if (f.categorical) {
    f.levels = c.sorted_levels();
    if (f.levels.size() > TableOptions::kMaxLevels)
      add_problem(problems, Problem::Kind::TooManyLevels, c.name, f.levels.size());
  }
  check_column_use(c, f, t.rows, warnings);
  return f;
}

// Rows kept: all, minus those with a missing target (any imputation) or any
// missing cell (impute: drop).
std::vector<size_t> kept_rows(const RawTable& t, const std::vector<const RawColumn*>& targets,
                              const std::vector<const RawColumn*>& features, Impute impute) {
  std::vector<size_t> rows;
  rows.reserve(t.rows);
  for (size_t r = 0; r < t.rows; ++r) {
    bool drop = false;
    for (size_t j = 0; j < targets.size() && !drop; ++j) drop = targets[j]->no_value(r);
    if (impute == Impute::Drop)
      for (size_t j = 0; j < features.size() && !drop; ++j) drop = features[j]->no_value(r);
    if (!drop) rows.push_back(r);
  }
  return rows;
}
}  // namespace

Analysis analyse(const RawTable& t, const TableOptions& o) {
  using K = Problem::Kind;
  Analysis a;
  auto& problems = a.problems;
  if (t.rows == 0) {
    add_problem(problems, K::NoRows, "");
    return a;
  }
  TableShape s;
  s.targets = !o.targets.empty() ? o.targets : std::vector<std::string>{o.target.empty() ? t.header.back() : o.target};
  s.target = s.targets.front();
  std::vector<const RawColumn*> targets;
  for (const auto& name : s.targets) {
    if (const RawColumn* c = t.find(name)) targets.push_back(c);
    else add_problem(problems, K::UnknownColumn, name);
  }
  if (has_error(problems)) return a;
  const RawColumn* target = targets.front();
  std::vector<std::string> names = chosen_features(t, o, s.targets, problems);
  if (has_error(problems)) return a;
  if (o.text_only) names.clear();  // the text column's token ids are the features
  else if (names.empty()) {
    add_problem(problems, K::NoFeatures, s.target);
    return a;
  }
  if (targets.size() > 1 ? !type_targets(targets, o, s, problems) : !type_target(*target, o, s, problems)) return a;

  std::vector<const RawColumn*> columns;
  std::vector<Problem> column_warnings;  // given only when the file has no error: noise beside one
  for (const auto& name : names) {
    columns.push_back(t.find(name));
    s.features.push_back(type_feature(t, *columns.back(), o, problems, column_warnings));
  }
  for (const RawColumn* c : targets) {
    check_cells(t, *c, s.target_numeric, o.impute != Impute::None, problems);
    if (s.task == Task::Regression) check_float_range(t, *c, problems);
  }
  if (has_error(problems)) return a;
  problems.insert(problems.end(), column_warnings.begin(), column_warnings.end());

  s.rows = kept_rows(t, targets, columns, o.impute);
  if (s.rows.empty()) {
    add_problem(problems, K::NoRowsLeft, "");
    return a;
  }
  a.shape = std::move(s);
  return a;
}

// ---- shipped data sets -----------------------------------------------------------------------

namespace {
// Targets as documented in the data folder's README (copied from scikit-learn 1.2.1).
constexpr ShippedDataset kShipped[] = {
    {"iris", "species", Task::Classification},
    {"wine", "class", Task::Classification},
    {"breast_cancer", "diagnosis", Task::Classification},
    {"digits", "digit", Task::Classification},
    {"diabetes", "progression", Task::Regression},
};
}  // namespace

const ShippedDataset* find_shipped(std::string_view name) {
  for (const auto& d : kShipped)
    if (d.name == name) return &d;
  return nullptr;
}

std::span<const ShippedDataset> shipped() { return kShipped; }

std::string shipped_path(std::string_view name) { return data_dir() + "/data/" + std::string(name) + ".csv"; }

}  // namespace xp::stdlib::csv
