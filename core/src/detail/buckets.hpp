#pragma once
// Items grouped by a small integer key (a counting sort that reads the items once in order, then
// once more to place them), in their own order within a group.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace ridersim::detail {

template <typename T>
struct Groups {
  std::vector<std::int32_t> first;  // group g's items are items[first[g], first[g + 1])   (groups + 1)
  std::vector<T> items;
};

/// Items 0..n-1 by their indices.
using Buckets = Groups<std::int32_t>;

/// Groups items 0..n-1 by key_of(item), a group in [0, groups) or -1 to leave the item out,
/// keeping value_of(item) for each: what a group's items need, read while the items are read in
/// order rather than gathered group by group afterwards.
template <typename KeyOf, typename ValueOf>
[[nodiscard]] auto group_by(std::size_t n, std::size_t groups, KeyOf key_of, ValueOf value_of) {
  Groups<std::invoke_result_t<ValueOf, std::size_t>> b;
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
    if (g >= 0) b.items[static_cast<std::size_t>(next[static_cast<std::size_t>(g)]++)] = value_of(i);
  }
  return b;
}

/// Groups items 0..n-1 by key_of(item), keeping their indices.
template <typename KeyOf>
[[nodiscard]] Buckets group_by(std::size_t n, std::size_t groups, KeyOf key_of) {
  return group_by(n, groups, key_of, [](std::size_t i) { return static_cast<std::int32_t>(i); });
}

}  // namespace ridersim::detail
