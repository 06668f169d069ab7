#pragma once
// Class weights for `class_weight: balanced` on a classification loss, by
// scikit-learn's formula (sklearn.utils.class_weight.compute_class_weight):
//
//   w_c = n_samples / (n_classes · count_c)
//
// counted over the training part's labels only (never val or test rows), so
// that each class contributes equally to the training loss and the weights
// average 1 over the training rows. A class with no training row gets 1 (it
// never weighs a training row; a finite value keeps the loss finite).
#include <vector>

namespace xp::rt {

std::vector<float> balanced_class_weights(const std::vector<int>& labels, int classes);

}  // namespace xp::rt
