#include "runtime/io/model_file.h"
#include "base/hash.h"
#include "base/json_text.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "runtime/io/atomic_file.h"

namespace xp::rt {
namespace {

constexpr char kMagic[8] = {'E', 'X', 'P', 'M', 'O', 'D', 'E', 'L'};
// Caps that keep a hostile file from making us allocate without bound; far
// above any model this tool trains on one machine.
constexpr uint64_t kMaxMeta = 64ull << 20;
constexpr uint64_t kMaxTensors = 1u << 20;
constexpr uint32_t kMaxName = 4096;
constexpr uint32_t kMaxRank = 8;
constexpr size_t kMaxFile = size_t{8} << 30;  // 8 GiB: two billion float32 parameters

uint64_t fnv1a(const char* data, size_t n) { return fnv1a64_bytes(data, n, kFnv1aShortBasis); }

template <typename T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // the formats we target are little-endian
  out.append(buf, sizeof(T));
}

// Reads fields in order, failing with the byte offset when the file ends early.
class Reader {
 public:
  Reader(const std::string& bytes, size_t end, std::string origin)
      : bytes_(bytes), end_(end), origin_(std::move(origin)) {}
  template <typename T>
  T get(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string bytes(uint64_t n, const char* what) {
    need(n, what);
    std::string s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void floats(std::vector<float>& out, uint64_t n, const char* what) {
    if (n > (end_ - pos_) / sizeof(float)) fail(fmt::format("truncated {}", what));
    out.resize(n);
    std::memcpy(out.data(), bytes_.data() + pos_, n * sizeof(float));
    pos_ += n * sizeof(float);
  }
  size_t pos() const { return pos_; }
  [[noreturn]] void fail(const std::string& why) const {
    throw ModelFileError(fmt::format("{}: not a readable exp model file: {} (at byte {})", origin_, why, pos_));
  }

 private:
  void need(uint64_t n, const char* what) {
    if (n > end_ - pos_) fail(fmt::format("truncated {}", what));
  }
  const std::string& bytes_;
  size_t end_;
  size_t pos_ = 0;
  std::string origin_;
};

}  // namespace

uint64_t model_file_checksum(const char* data, size_t n) { return fnv1a(data, n); }

std::string encode_model_file(const ModelFile& model) {
  std::string out(kMagic, sizeof kMagic);
  put<uint32_t>(out, kModelFileVersion);
  std::string meta = json_text(model.meta);
  put<uint64_t>(out, meta.size());
  out += meta;
  put<uint64_t>(out, model.tensors.size());
  for (const auto& t : model.tensors) {
    put<uint32_t>(out, static_cast<uint32_t>(t.name.size()));
    out += t.name;
    put<uint32_t>(out, static_cast<uint32_t>(t.shape.size()));
    for (int64_t d : t.shape) put<uint64_t>(out, static_cast<uint64_t>(d));
    out.append(reinterpret_cast<const char*>(t.values.data()), t.values.size() * sizeof(float));
  }
  put<uint64_t>(out, fnv1a(out.data(), out.size()));
  return out;
}

ModelFile decode_model_file(const std::string& bytes, const std::string& origin) {
  if (bytes.size() < sizeof kMagic + sizeof(uint64_t) ||
      std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    throw ModelFileError(fmt::format("{}: not an exp model file (it does not start with EXPMODEL)", origin));
  }
  size_t body = bytes.size() - sizeof(uint64_t);
  Reader r(bytes, body, origin);
  r.bytes(sizeof kMagic, "magic");
  auto version = r.get<uint32_t>("version");
  if (version != kModelFileVersion)
    r.fail(fmt::format("format version {} (this exp reads version {})", version, kModelFileVersion));
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + body, sizeof stored);
  if (stored != fnv1a(bytes.data(), body))  // a whole-file check: no byte position to point at
    throw ModelFileError(fmt::format("{}: not a readable exp model file: its checksum does not match its contents "
                                     "(the file is truncated or was modified)",
                                     origin));

  ModelFile model;
  auto meta_len = r.get<uint64_t>("metadata length");
  if (meta_len > kMaxMeta) r.fail("metadata too large");
  model.meta = nlohmann::json::parse(r.bytes(meta_len, "metadata"), nullptr, /*allow_exceptions=*/false);
  if (model.meta.is_discarded() || !model.meta.is_object()) r.fail("metadata is not a JSON object");
  auto n = r.get<uint64_t>("tensor count");
  if (n > kMaxTensors) r.fail("too many tensors");
  for (uint64_t i = 0; i < n; ++i) {
    SavedTensor t;
    auto name_len = r.get<uint32_t>("tensor name length");
    if (name_len > kMaxName) r.fail("tensor name too long");
    t.name = r.bytes(name_len, "tensor name");
    auto rank = r.get<uint32_t>("tensor rank");
    if (rank > kMaxRank) r.fail(fmt::format("tensor '{}' has rank {}", t.name, rank));
    uint64_t count = 1;
    for (uint32_t k = 0; k < rank; ++k) {
      auto d = r.get<uint64_t>("tensor shape");
      if (d > (1ull << 40) || (d != 0 && count > (1ull << 40) / d)) r.fail(fmt::format("tensor '{}' is too large", t.name));
      t.shape.push_back(static_cast<int64_t>(d));
      count *= d;
    }
    r.floats(t.values, count, "tensor data");
    model.tensors.push_back(std::move(t));
  }
  if (r.pos() != body) r.fail("unexpected bytes after the last tensor");
  return model;
}

void save_model_file(const std::string& path, const ModelFile& model) {
  std::string why;
  if (!write_file_atomic(path, encode_model_file(model), why))
    throw ModelFileError(why);  // the caller names the path (E0906)
}

ModelFile load_model_file(const std::string& path) {
  // The magic first, from a regular file only: `exp predict /dev/zero` or a
  // FIFO must be refused at once, not read for gigabytes (or forever).
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec) throw ModelFileError(fmt::format("{}: cannot open the model file: {}", path, ec.message()));
  if (!std::filesystem::is_regular_file(status))
    throw ModelFileError(fmt::format("{}: not an exp model file (it is not a regular file)", path));
  {
    std::ifstream f(path, std::ios::binary);
    char head[sizeof kMagic] = {};
    if (!f) throw ModelFileError(fmt::format("{}: cannot open the model file", path));
    f.read(head, sizeof head);
    if (f.gcount() != sizeof head || std::memcmp(head, kMagic, sizeof kMagic) != 0)
      throw ModelFileError(fmt::format("{}: not an exp model file (it does not start with EXPMODEL)", path));
  }
  std::string bytes, why;
  if (!read_file(path, bytes, why, kMaxFile)) throw ModelFileError(fmt::format("{}: cannot read the model file: {}", path, why));
  return decode_model_file(bytes, path);
}

}  // namespace xp::rt
