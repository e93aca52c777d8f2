#pragma once
// The events still to happen in a run, earliest first; events at the same second come out in the
// order they went in.
//
// Times are whole seconds and a run schedules nearly everything a few minutes ahead (the end of a
// leg, the next dispatch tick), so the next hour or so is kept in a ring of one-second slots: a
// push appends to its slot and a pop takes the first slot in use, a few instructions each, where a
// binary heap of tens of thousands of events climbs a dozen levels of scattered memory both ways.
// Events further ahead (shift ends, the next day) and any earlier than the last one taken wait in
// a heap; every pop takes whichever of the two fronts comes first.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <vector>

namespace ridersim {

enum class EventType : std::uint8_t { DAY_START, SHIFT_START, SHIFT_END, RIDER_ARRIVES, DISPATCH_TICK };

struct Event {
  std::int32_t time_s = 0;
  std::uint32_t seq = 0;  // insertion order: ties at the same second run first-in, first-out
  EventType type = EventType::DAY_START;
  std::int32_t id = 0;    // day, rider or -1 by type

  /// Whether a comes before b.
  friend bool earlier(const Event& a, const Event& b) {
    return a.time_s != b.time_s ? a.time_s < b.time_s : a.seq < b.seq;
  }
  // for the heap, a max-heap: "later" events sink
  friend bool operator<(const Event& a, const Event& b) { return earlier(b, a); }
};

class EventQueue {
 public:
  /// Adds an event; its seq must be greater than that of every event pushed before.
  void push(const Event& e) {
    if (e.time_s >= window_start_ && e.time_s - window_start_ < kSlots) {
      append(e);
    } else {
      later_.push(e);
    }
  }

  /// Room for this many events in the ring at once, so that it does not grow by copying.
  void reserve(std::size_t events) { nodes_.reserve(events); }

  [[nodiscard]] bool empty() const { return in_ring_ == 0 && later_.empty(); }
  [[nodiscard]] std::size_t size() const { return in_ring_ + later_.size(); }

  /// The earliest event. The queue must not be empty.
  [[nodiscard]] const Event& top() const {
    const std::int32_t slot = next_slot();
    return slot >= 0 ? first_in(slot) : later_.top();
  }

  /// Removes the earliest event. The queue must not be empty.
  void pop() {
    const std::int32_t slot = next_slot();
    if (slot >= 0) {
      Slot& s = slots_[static_cast<std::size_t>(slot)];
      const std::uint32_t node = s.head;
      advance_window(nodes_[node].event.time_s);
      s.head = nodes_[node].next;
      if (s.head == kNone) in_use_[static_cast<std::size_t>(slot) / 64] &= ~(std::uint64_t{1} << (slot % 64));
      nodes_[node].next = free_;
      free_ = node;
      --in_ring_;
    } else {
      advance_window(later_.top().time_s);
      later_.pop();
    }
  }

 private:
  static constexpr std::int32_t kSlots = 4096;  // seconds ahead kept in the ring
  static constexpr std::size_t kWords = kSlots / 64;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  struct Node {
    Event event;
    std::uint32_t next = kNone;  // the next event in the same slot, or in the free list
  };
  struct Slot {
    std::uint32_t head = kNone;  // the slot's events, first in first
    std::uint32_t tail = kNone;
  };

  void append(const Event& e) {
    std::uint32_t node = free_;
    if (node == kNone) {
      node = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back({e, kNone});
    } else {
      free_ = nodes_[node].next;
      nodes_[node] = {e, kNone};
    }
    const auto index = static_cast<std::size_t>(e.time_s) % kSlots;
    Slot& s = slots_[index];
    if (s.head == kNone) {
      s.head = node;
      in_use_[index / 64] |= std::uint64_t{1} << (index % 64);
    } else {
      nodes_[s.tail].next = node;
    }
    s.tail = node;
    ++in_ring_;
  }

  // the window follows the clock, so that everything in the ring stays inside it (an event taken
  // from the heap may be earlier than the window: it leaves the window where it is)
  void advance_window(std::int32_t taken_s) {
    if (taken_s > window_start_) window_start_ = taken_s;
  }

  [[nodiscard]] const Event& first_in(std::int32_t slot) const {
    return nodes_[slots_[static_cast<std::size_t>(slot)].head].event;
  }

  // the slot whose first event is the earliest of all, or -1 when the heap's is
  [[nodiscard]] std::int32_t next_slot() const {
    const std::int32_t slot = first_slot();
    return slot >= 0 && (later_.empty() || earlier(first_in(slot), later_.top())) ? slot : -1;
  }

  // The slot of the earliest event in the ring, or -1. The ring holds times in
  // [window_start_, window_start_ + kSlots), so in time order its slots run round from the
  // window's start.
  [[nodiscard]] std::int32_t first_slot() const {
    if (in_ring_ == 0) return -1;
    const auto start = static_cast<std::size_t>(window_start_) % kSlots;
    std::size_t word = start / 64;
    std::uint64_t bits = in_use_[word] & (~std::uint64_t{0} << (start % 64));
    while (bits == 0) {
      word = (word + 1) % kWords;
      bits = in_use_[word];
    }
    return static_cast<std::int32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
  }

  std::int32_t window_start_ = 0;
  std::size_t in_ring_ = 0;
  std::vector<Node> nodes_;               // the ring's events, and the free list's spare nodes
  std::uint32_t free_ = kNone;
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
  std::array<std::uint64_t, kWords> in_use_{};  // a bit per slot that has events
  std::priority_queue<Event> later_;
};

}  // namespace ridersim
