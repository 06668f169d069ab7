#pragma once
// What the training loop needs from a model, and nothing more: input/target
// buffers it fills with a batch, one optimizer step, a forward pass without
// learning, and best-weight bookkeeping. The graph runtime's Executable is
// adapted to this (runtime/train/executable_model.h); tests can supply their
// own small models.
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "runtime/data/dataset.h"

namespace xp::rt {

class TrainModel {
 public:
  virtual ~TrainModel() = default;
  virtual int64_t max_batch() const = 0;     // rows the buffers hold
  // Buffers with max_batch() rows: features, and targets (class index as a
  // float, or regression targets). The trainer writes the leading rows.
  virtual Eigen::Map<Matrix> inputs() = 0;
  virtual Eigen::Map<Matrix> targets() = 0;
  virtual void begin_epoch(int epoch) = 0;   // 1-based; the learning-rate schedule steps here
  // Forward, backward and one optimizer update on the first `rows` rows;
  // returns the batch loss (non-finite losses are returned, not hidden).
  virtual double step(int64_t rows) = 0;
  // Forward without learning (no dropout); returns the loss of the first
  // `rows` rows and leaves the model's outputs readable by outputs().
  virtual double forward_loss(int64_t rows) = 0;
  // Forward of the model alone (no targets needed).
  virtual void forward(int64_t rows) = 0;
  virtual Eigen::Map<const Matrix> outputs(int64_t rows) const = 0;  // rows × outputs (logits / predictions)
  virtual void save_best() = 0;              // copy the parameters aside
  virtual void restore_best() = 0;           // put the copy back
  // After a non-finite loss: the first op (in execution order) whose value or
  // gradient is not finite, as "op exp at 12:7"; "" if none can be named.
  virtual std::string blame_nonfinite() = 0;
};

}  // namespace xp::rt
