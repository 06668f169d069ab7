#pragma once
namespace xp::cli {
const char* version();  // "0.1.0"
}
