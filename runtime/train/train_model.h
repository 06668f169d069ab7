#pragma once
// What the training loop needs from a model, and nothing more: take a batch
// by row indices, one optimizer step, losses and predictions without
// learning, and best-weight bookkeeping. The graph runtime's Executable plus
// its optimizer is adapted to this (runtime/train/executable_model.h); tests
// can supply their own small models.
#include <cstdint>
#include <span>
#include <string>

#include "runtime/data/dataset.h"

namespace xp::rt {

class TrainModel {
 public:
  virtual ~TrainModel() = default;
  virtual int64_t max_batch() const = 0;     // rows one step can take
  virtual int64_t output_cols() const = 0;   // prediction columns (classes / targets)
  // 1-based epoch of `total` planned; the learning-rate schedule steps here.
  virtual void begin_epoch(int epoch, int total) = 0;
  // Copies X.row(rows[i]) / Y.row(rows[i]) into the model's batch buffers
  // (preallocated: no allocation). rows.size() ≤ max_batch().
  virtual void set_batch(const Matrix& X, const Matrix& Y, std::span<const size_t> rows) = 0;
  // Forward, backward and one optimizer update on the current batch; returns
  // the batch loss. A non-finite loss is returned before any update.
  virtual double step() = 0;
  // Mean loss over every row of (X, Y) without learning (no dropout).
  virtual double mean_loss(const Matrix& X, const Matrix& Y) = 0;
  // Outputs for every row of X (logits / predictions); `out` is resized
  // only when its shape differs.
  virtual void predict(const Matrix& X, Matrix& out) = 0;
  // Both of the above at once. A model whose loss graph computes its outputs
  // overrides this to pass over the rows once instead of twice (per-epoch
  // validation and the final test evaluation both want loss and outputs).
  virtual double mean_loss_and_predict(const Matrix& X, const Matrix& Y, Matrix& out) {
    const double loss = mean_loss(X, Y);
    predict(X, out);
    return loss;
  }
  virtual void save_best() = 0;              // copy the parameters aside
  virtual void restore_best() = 0;           // put the copy back
  // After a non-finite loss: the first op (in execution order) whose value is
  // not finite, as "op exp at 12:7"; "" if none can be named.
  virtual std::string blame_nonfinite() = 0;
};

}  // namespace xp::rt
