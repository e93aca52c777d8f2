#pragma once
// A toy fifth trade, to show what a trade needs and nothing more: window cleaners called to a
// flat, paid a flat rate per call out of the customer's fixed price. It lives in its own folder
// and joins a registry with one line: `trades.add("window_cleaning", &toy::compile);`.

#include <memory>

#include "ridersim/trade.hpp"

namespace toy {

[[nodiscard]] std::shared_ptr<const ridersim::Trade> compile(ridersim::TradeSpec& spec);

}  // namespace toy
