#pragma once
// Items grouped by a small integer key (a counting sort): 4 bytes an item, items in their own
// order within a group.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ridersim::detail {

struct Buckets {
  std::vector<std::int32_t> first;  // group g's items are items[first[g], first[g + 1])   (groups + 1)
  std::vector<std::int32_t> items;
};

/// Groups items 0..n-1 by key_of(item), a group in [0, groups) or -1 to leave the item out.
template <typename KeyOf>
[[nodiscard]] Buckets group_by(std::size_t n, std::size_t groups, KeyOf key_of) {
  Buckets b;
  b.first.assign(groups + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t g = key_of(i);
    if (g >= 0) b.first[static_cast<std::size_t>(g) + 1] += 1;
  }
  for (std::size_t g = 0; g < groups; ++g) b.first[g + 1] += b.first[g];
  b.items.resize(static_cast<std::size_t>(b.first.back()));
  std::vector<std::int32_t> next(b.first.begin(), b.first.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t g = key_of(i);
    if (g >= 0) b.items[static_cast<std::size_t>(next[static_cast<std::size_t>(g)]++)] = static_cast<std::int32_t>(i);
  }
  return b;
}

}  // namespace ridersim::detail
