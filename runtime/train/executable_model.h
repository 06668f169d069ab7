#pragma once
// The graph runtime's Executable, with its optimizer, learning-rate schedule
// and gradient clipping, seen as a TrainModel by the training loop — and the
// one place that turns (program, train block, hypers, data dims) into it.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/graph/instantiate.h"
#include "runtime/optim/optimizer.h"
#include "runtime/optim/schedule.h"
#include "runtime/train/train.h"
#include "runtime/train/train_model.h"

namespace xp::rt {

struct ModelBuild {
  const std::vector<ir::ModelGraph>* models = nullptr;  // the model and every model it may call
  const ir::ModelGraph* model = nullptr;
  const ir::TrainSpec* train = nullptr;       // null: inference only (exp predict)
  const TrainSettings* settings = nullptr;    // with `train`: its settings under `hypers` (resolve_train_settings)
  ir::Assignment hypers;
  DataDims dims;                              // features, classes, targets of the data
  std::map<std::string, std::string> dim_bindings;  // inference: the train block's symbol → features/classes/targets
  std::map<std::string, int64_t> int_inputs;  // inference: the model's int inputs (Executable::int_inputs)
  int64_t max_batch = 32;                     // inference; training sizes buffers by settings->batch
  uint64_t seed = 0;                          // parameter initialisation, dropout
  BuildLimits limits;                // inference from a file: caps checked before allocating
  // Turns a span into "12:7" for messages; may be empty.
  std::function<std::string(const Span&)> locate;
};

// The rows a training batch buffer holds: the batch, or every training row
// when there are fewer (a batch larger than the data is one batch of all of it).
int64_t training_batch_rows(const TrainSettings& settings, int64_t train_rows);

// The dimensions data binds: features, classes (classification) or
// target columns (regression).
DataDims data_dims(const DataInfo& info, int64_t target_cols);

class ExecutableModel final : public TrainModel {
 public:
  // nullptr after diagnostics (a shape a hyper value breaks, an unknown
  // optimizer argument …).
  static std::unique_ptr<ExecutableModel> build(const ModelBuild& build, Diagnostics& diags);
  ~ExecutableModel() override;

  int64_t max_batch() const override;
  int64_t output_cols() const override;
  void begin_epoch(int epoch, int total) override;
  void set_batch(const Matrix& X, const Matrix& Y, std::span<const size_t> rows) override;
  double step() override;
  double mean_loss(const Matrix& X, const Matrix& Y) override;
  double mean_loss_and_predict(const Matrix& X, const Matrix& Y, Matrix& out) override;
  void predict(const Matrix& X, Matrix& out) override;
  void save_best() override;
  void restore_best() override;
  std::string blame_nonfinite() override;

  Executable& executable() { return exe_; }
  const Executable& executable() const { return exe_; }
  float learning_rate() const { return lr_; }

 private:
  explicit ExecutableModel(Executable exe) : exe_(std::move(exe)) {}
  Executable exe_;
  std::unique_ptr<Optimizer> optimizer_;   // null: inference only
  Schedule schedule_;
  float clip_ = 0;                         // global-norm cap; 0 = none
  float lr_ = 0;
  std::vector<float> best_;
  std::function<std::string(const Span&)> locate_;
};

}  // namespace xp::rt
