#pragma once
// The model file (`model.expm`): the learned parameters, the hypers that made
// them and everything prediction needs (the model graph, the data schema, the
// preprocessing statistics) — as data only. Loading parses and validates; it
// never executes anything from the file. See docs/model-file.md.
//
// Layout (little-endian):
//   "EXPMODEL" | u32 version | u64 meta_len | meta (UTF-8 JSON)
//   | u64 n_tensors | n × (u32 name_len | name | u32 rank | rank × u64 dim | f32 data)
//   | u64 FNV-1a checksum of every preceding byte
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xp::rt {

struct SavedTensor {
  std::string name;             // mlp.W1, mlp.block1.W
  std::vector<int64_t> shape;
  std::vector<float> values;    // row-major
};

struct ModelFile {
  nlohmann::json meta;          // format, model, graphs, hypers, dims, schema, scaling
  std::vector<SavedTensor> tensors;
};

// A file that is not a readable model: truncated, corrupt, wrong version.
// The message says which and where; it is a user error (exit code 2).
class ModelFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr uint32_t kModelFileVersion = 1;

// Atomically (runtime/io/atomic_file.h); throws ModelFileError saying which step failed.
void save_model_file(const std::string& path, const ModelFile& model);
ModelFile load_model_file(const std::string& path);                     // throws ModelFileError
// The same on bytes in memory (for tests and fuzzing).
std::string encode_model_file(const ModelFile& model);
ModelFile decode_model_file(const std::string& bytes, const std::string& origin);
// The checksum the last 8 bytes hold (FNV-1a of every byte before them);
// the fuzz target uses it to mutate the structure behind a valid checksum.
uint64_t model_file_checksum(const char* data, size_t n);

}  // namespace xp::rt
