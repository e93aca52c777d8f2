#pragma once
// A result column: a vector whose storage comes from the operating system already zeroed and is
// kept zero past the column's end, so that growing it writes nothing for a zero. A column that
// stays 0 for a whole run (a money component the rules never use) takes address space but no
// memory, and reading it (as numpy does) maps the system's shared zero page; a column that is
// written takes one page fault a page, where reading each new element first took two.

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace ridersim {

template <typename T>
struct ZeroedStorage {
  using value_type = T;
  // blocks this large come straight from mmap: fresh pages, zero until written. Below it calloc,
  // which zeroes memory the heap used before by writing it: every page of a column that is
  // never written, mapped (a 10,000-courier toy run took 6% less time with 64 KB than with 1 MB)
  static constexpr std::size_t kMappedBytes = std::size_t{1} << 16;

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

  // value-initialisation (growing, the constructor with a count) writes nothing: Column keeps its
  // storage past its end zero
  template <typename U>
  void construct(U* /*p*/) noexcept {}
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  friend bool operator==(const ZeroedStorage& /*a*/, const ZeroedStorage& /*b*/) noexcept { return true; }
};

/// One column of a result table: the std::vector operations a column needs, each keeping the
/// storage past the end zero (what shrinks zeroes what it leaves behind).
template <typename T>
class Column {
  using Vector = std::vector<T, ZeroedStorage<T>>;
  static_assert(std::is_trivially_copyable_v<T>, "a column holds plain values");

 public:
  using value_type = T;
  using iterator = typename Vector::iterator;
  using const_iterator = typename Vector::const_iterator;

  Column() = default;
  explicit Column(std::size_t n) : v_(n) {}
  Column(std::size_t n, const T& value) : v_(n, value) {}
  Column(const Column& other) = default;  // a copy's storage is exactly its size
  Column(Column&& other) noexcept = default;
  Column& operator=(Column other) noexcept {  // never assigned into old storage, which may hold values past the end
    v_.swap(other.v_);
    return *this;
  }

  [[nodiscard]] std::size_t size() const { return v_.size(); }
  [[nodiscard]] bool empty() const { return v_.empty(); }
  [[nodiscard]] T* data() { return v_.data(); }
  [[nodiscard]] const T* data() const { return v_.data(); }
  T& operator[](std::size_t i) { return v_[i]; }
  const T& operator[](std::size_t i) const { return v_[i]; }
  T& back() { return v_.back(); }
  const T& back() const { return v_.back(); }
  iterator begin() { return v_.begin(); }
  iterator end() { return v_.end(); }
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }

  [[nodiscard]] std::size_t capacity() const { return v_.capacity(); }
  void reserve(std::size_t n) { v_.reserve(n); }
  void push_back(const T& value) { v_.push_back(value); }
  void resize(std::size_t n) {
    zero_from(n);
    v_.resize(n);
  }
  void resize(std::size_t n, const T& value) {
    zero_from(n);
    v_.resize(n, value);
  }
  void clear() { resize(0); }
  /// n more elements, zero: nothing is written, the storage past the end being zero already.
  void grow(std::size_t n) { v_.resize(v_.size() + n); }

  friend bool operator==(const Column& a, const Column& b) { return a.v_ == b.v_; }

 private:
  void zero_from(std::size_t n) {
    if (n < v_.size()) std::fill(v_.begin() + static_cast<std::ptrdiff_t>(n), v_.end(), T{});
  }
  Vector v_;
};

}  // namespace ridersim
