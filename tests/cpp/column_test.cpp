#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <numeric>

#include "ridersim/column.hpp"

using ridersim::Column;

namespace {

// resident memory of this process, from /proc (pages actually backed by memory)
std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4096;
}

}  // namespace

TEST_CASE("column: a column left at zero is zero and takes no memory, read or not") {
  const std::size_t n = std::size_t{32} << 20;  // 256 MB of int64
  const std::int64_t before = resident_bytes();
  Column<std::int64_t> zeros(n);
  REQUIRE(zeros.size() == n);
  CHECK(std::accumulate(zeros.begin(), zeros.end(), std::int64_t{0}) == 0);
  CHECK(resident_bytes() - before < (std::int64_t{16} << 20));
  // written columns are backed as usual
  Column<std::int64_t> written(n, 7);
  CHECK(resident_bytes() - before > (std::int64_t{200} << 20));
  CHECK(written[n - 1] == 7);
}

TEST_CASE("column: a column shrunk and grown again is zero where it grew") {
  for (const std::size_t n : {std::size_t{100}, std::size_t{1} << 20}) {  // from calloc and from mmap
    Column<double> c(n, -1.5);
    c.resize(n / 2);
    c.resize(n);
    CHECK(c[n / 2 - 1] == -1.5);
    CHECK(c[n / 2] == 0.0);
    CHECK(c[n - 1] == 0.0);
    Column<std::int32_t> copy(n / 3, 9);
    copy.clear();
    copy.resize(n / 3);
    CHECK(std::accumulate(copy.begin(), copy.end(), std::int64_t{0}) == 0);
    // assigned a shorter column, then grown
    Column<std::int64_t> longer(n, 5);
    longer = Column<std::int64_t>(n / 4, 1);
    longer.resize(n);
    CHECK(std::accumulate(longer.begin(), longer.end(), std::int64_t{0}) == static_cast<std::int64_t>(n / 4));
  }
}
