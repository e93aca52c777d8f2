#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>
#include <vector>

#include "ridersim/column.hpp"
#include "ridersim/results.hpp"

#include <variant>

using ridersim::Column;

namespace {

// the share of a range's pages that the kernel backs with memory (mincore). Only a column's own
// pages are asked about, before anything reads them: what a read of an untouched page costs is
// the kernel's business (a shared zero page on some, a fresh page or a huge page on others), but
// no kernel backs a page that nobody touched, so this holds on every Linux machine.
double share_resident(const void* data, std::size_t bytes) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const auto first = reinterpret_cast<std::uintptr_t>(data) / page * page;
  const auto end = reinterpret_cast<std::uintptr_t>(data) + bytes;
  const std::size_t pages = (end - first + page - 1) / page;
  std::vector<unsigned char> in_core(pages);
  REQUIRE(mincore(reinterpret_cast<void*>(first), end - first, in_core.data()) == 0);
  std::size_t resident = 0;
  for (const unsigned char flag : in_core) resident += flag & 1u;
  return static_cast<double>(resident) / static_cast<double>(pages);
}

}  // namespace

TEST_CASE("column: a column left at zero is zero and writes no page of its storage") {
  const std::size_t n = std::size_t{32} << 20;  // 256 MB of int64
  Column<std::int64_t> zeros(n);
  REQUIRE(zeros.size() == n);
  CHECK(share_resident(zeros.data(), n * sizeof(std::int64_t)) < 0.01);  // made without touching a page
  Column<std::int64_t> grown;
  grown.reserve(n);
  grown.grow(n);  // grown in room made ahead without writing either
  CHECK(share_resident(grown.data(), n * sizeof(std::int64_t)) < 0.01);
  CHECK(std::accumulate(zeros.begin(), zeros.end(), std::int64_t{0}) == 0);
  // written columns are backed as usual: the measure sees pages when they are there
  Column<std::int64_t> written(n, 7);
  CHECK(share_resident(written.data(), n * sizeof(std::int64_t)) > 0.99);
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

TEST_CASE("column: rider-day rows added in room made ahead are zero but for their identity") {
  ridersim::RiderDayColumns days;
  days.add(7, 0, 1, 3600);
  days.gross_fen[0] = 1234;
  days.make_room(3);
  REQUIRE(days.size() == 1);
  REQUIRE(days.rider_id.capacity() >= 4);
  const auto* before = days.gross_fen.data();
  for (std::int32_t r = 0; r < 3; ++r) {
    CHECK(days.add(r, 1, 0, 7200 + r) == static_cast<std::size_t>(r) + 1);
  }
  CHECK(days.gross_fen.data() == before);  // the room was made once: no column moved
  CHECK(days.gross_fen[0] == 1234);
  CHECK(days.rider_id[0] == 7);
  CHECK(days.login_s[3] == 7202);
  CHECK(days.day[3] == 1);
  for (const auto& view : days.columns()) {
    const bool identity =
        view.name == "rider_id" || view.name == "day" || view.name == "rider_type" || view.name == "login_s";
    if (identity) continue;
    std::visit(
        [&](const auto* column) {
          for (std::size_t row = 1; row < column->size(); ++row) CHECK((*column)[row] == 0);
        },
        view.data);
  }
  // past the room, rows still come
  for (std::int32_t r = 0; r < 10; ++r) days.add(r, 2, 0, 0);
  CHECK(days.size() == 14);
  CHECK(days.gross_fen[0] == 1234);
}
