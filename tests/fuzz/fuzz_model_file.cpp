// libFuzzer target for the model-file loader: bytes → decode → validate →
// instantiate, as `exp predict` does. The input is the file without its
// checksum; the correct checksum is appended, so mutations reach the
// structure (dims, counts, names, indices, the graph JSON) instead of
// stopping at the checksum. Every outcome must be a model or a
// ModelFileError / E0907 diagnostic: an abort, a signal, an escaped
// exception or an allocation beyond -rss_limit_mb is a finding.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "base/diagnostics.h"
#include "runtime/io/model_file.h"
#include "runtime/predict/saved_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  const uint64_t sum = xp::rt::model_file_checksum(bytes.data(), bytes.size());
  bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  try {
    xp::rt::ModelFile file = xp::rt::decode_model_file(bytes, "fuzz.expm");
    xp::Diagnostics diags;
    auto model = xp::rt::saved_model_from(file, "fuzz.expm", diags, /*chunk_rows=*/64);
    if (!model && !diags.has_errors()) __builtin_trap();  // refused without saying why
  } catch (const xp::rt::ModelFileError&) {
  }
  return 0;
}
