#pragma once
// A result column: a std::vector whose storage comes from the operating system already zeroed,
// and whose value-initialised elements are written only if that storage is not. A column that
// stays 0 for a whole run (a money component the rules never use) takes address space but no
// memory, and reading it (as numpy does) maps the system's shared zero page.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

namespace ridersim {

template <typename T>
struct ZeroedStorage {
  using value_type = T;
  // blocks this large come straight from mmap: fresh pages, zero until written
  static constexpr std::size_t kMappedBytes = std::size_t{1} << 20;

  ZeroedStorage() = default;
  template <typename U>
  ZeroedStorage(const ZeroedStorage<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor): allocator rebinding

  [[nodiscard]] T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kMappedBytes) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      return static_cast<T*>(p);
    }
    void* p = std::calloc(n == 0 ? 1 : n, sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) >= kMappedBytes) {
      munmap(p, n * sizeof(T));
    } else {
      std::free(p);
    }
  }

  // value-initialisation (resize, the constructor with a count): storage is zero unless a shrunk
  // column is growing again, so check before writing
  template <typename U>
  void construct(U* p) noexcept {
    static const U zero{};
    if (std::memcmp(static_cast<const void*>(p), &zero, sizeof(U)) != 0) ::new (static_cast<void*>(p)) U();
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  friend bool operator==(const ZeroedStorage& /*a*/, const ZeroedStorage& /*b*/) noexcept { return true; }
};

/// One column of a result table.
template <typename T>
using Column = std::vector<T, ZeroedStorage<T>>;

}  // namespace ridersim
